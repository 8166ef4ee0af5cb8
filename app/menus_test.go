package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
)

// Fyne's own strings (the Quit item, dialog buttons, file dialogs) come in
// the interface language, and selects say "(Chọn một)".
func TestFyneSpeaksVietnamese(t *testing.T) {
	f := newFixture(t)
	for in, want := range map[string]string{"Quit": "Thoát", "Cancel": "Hủy", "Open": "Mở", "Yes": "Có"} {
		if got := lang.L(in); got != want {
			t.Errorf("Fyne's %q reads %q, want %q", in, got, want)
		}
	}
	s := widget.NewSelect([]string{"a"}, nil)
	f.w.localizeSelects(&fyne.Container{Objects: []fyne.CanvasObject{s}})
	if s.PlaceHolder != "(Chọn một)" {
		t.Errorf("select placeholder %q", s.PlaceHolder)
	}
	t.Cleanup(func() { useFyneLang("vi") })
	useFyneLang("en")
	if got := lang.L("Quit"); got != "Quit" {
		t.Errorf("in English Fyne's Quit reads %q", got)
	}
}

// The Help menu holds the shortcuts, a guide and the licence of the data.
func TestHelpMenu(t *testing.T) {
	f := newFixture(t)
	m := f.win.MainMenu()
	help := m.Items[len(m.Items)-1]
	if help.Label != "Trợ giúp" || len(help.Items) < 3 {
		t.Fatalf("last menu %q with %d items, want Trợ giúp", help.Label, len(help.Items))
	}
	if !strings.Contains(f.w.aboutText(), "© OpenStreetMap contributors") {
		t.Errorf("about text lacks the OSM licence: %q", f.w.aboutText())
	}
	if !strings.Contains(f.w.tr.T("help.shortcuts_text"), "Ctrl+1") {
		t.Error("the shortcut list lacks Ctrl+1…4")
	}
}

// Ctrl+[ hides the left panel and gives the map its width; again brings
// it back.
func TestSidePanelsCollapse(t *testing.T) {
	f := newFixture(t)
	w0 := f.w.center.Size().Width
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyLeftBracket))
	if f.w.split.Leading.Visible() || f.w.center.Size().Width <= w0 {
		t.Fatalf("after Ctrl+[: left visible %v, map %.0f → %.0f px", f.w.split.Leading.Visible(), w0, f.w.center.Size().Width)
	}
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyLeftBracket))
	if !f.w.split.Leading.Visible() {
		t.Fatal("Ctrl+[ again did not bring the left panel back")
	}
}

// The Draw menu fits a 700 px window: the "Thêm …" items are a submenu.
func TestDrawMenuFits(t *testing.T) {
	f := newFixture(t)
	m := f.win.MainMenu()
	var draw *fyne.Menu
	for _, it := range m.Items {
		if it.Label == "Vẽ" {
			draw = it
		}
	}
	if draw == nil || len(draw.Items) > 8 || draw.Items[0].ChildMenu == nil || len(draw.Items[0].ChildMenu.Items) != 11 {
		t.Fatalf("Draw menu %v: want a Thêm submenu of 11 kinds and few items", draw)
	}
	draw.Items[0].ChildMenu.Items[1].Action() // Thêm Đèn chiếu sáng
	if f.w.Draw.Kind != gis.Lamp {
		t.Errorf("the submenu item started drawing %q, want a lamp", f.w.Draw.Kind)
	}
}
