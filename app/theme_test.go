package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"wardmap/app/settings"
	"wardmap/gis/render"
)

// TestRememberedThemeAppliedBeforeWidgets: with dark remembered, New
// itself (no ApplyTheme) leaves the app in the dark variant, whatever
// variant a widget asks for, and the map in its dark palette; with light
// remembered, New leaves the app's theme alone.
func TestRememberedThemeAppliedBeforeWidgets(t *testing.T) {
	for _, tc := range []struct {
		name string
		dark bool
	}{
		{"dark", true},
		{"light", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			set := settings.New(a.Preferences())
			if tc.dark {
				set.SetTheme(settings.Dark)
			}
			before := a.Settings().Theme()
			w, err := New(Deps{Store: newFakeStore(), Settings: set})
			if err != nil {
				t.Fatal(err)
			}
			bg := a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
			want := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
			if tc.dark && !sameColour(bg, want) {
				t.Errorf("background %v after New, want %v (the %s variant)", bg, want, tc.name)
			}
			if changed := a.Settings().Theme() != before; changed != tc.dark {
				t.Errorf("theme changed by New: %v, want %v", changed, tc.dark)
			}
			if got, want := w.Map.Theme(), map[bool]*render.Theme{true: render.Dark, false: render.Light}[tc.dark]; got != want {
				t.Errorf("map theme %p, want %p", got, want)
			}
		})
	}
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
