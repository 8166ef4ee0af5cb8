package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"wardmap/app/settings"
)

// startTheme sets the remembered theme on the app before New creates any
// widget, so that a dark start shows no light frame and nothing built with
// the light palette. The light theme is Fyne's own and is left alone.
func startTheme(s *settings.Settings) {
	a := fyne.CurrentApp()
	if a == nil || s.Theme() != settings.Dark {
		return
	}
	a.Settings().SetTheme(&variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark})
}
