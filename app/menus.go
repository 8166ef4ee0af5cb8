package app

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// fyneVI is Vietnamese for the strings Fyne's own widgets and dialogs
// look up through its lang package (Quit, Open File, Cancel, the days of
// the week…): Fyne v2.7.1 ships no Vietnamese.
//
//go:embed fyne_vi.json
var fyneVI []byte

// useFyneLang makes Fyne's own strings follow the interface language,
// whatever the system's locale says. Fyne picks its language from the
// environment (go-locale: LC_ALL, LC_MESSAGES, LANG, then LANGUAGE) when a
// translation is added, so the environment is set first.
func useFyneLang(l string) {
	if l != "en" {
		l = "vi"
	}
	loc := map[string]string{"vi": "vi_VN.UTF-8", "en": "en_US.UTF-8"}[l]
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" && v != "C" && v != "POSIX" {
			if !strings.HasPrefix(v, l) {
				os.Setenv(k, loc) // the first one set is the one read
			}
			break
		}
		if k == "LANG" { // none set, or C: Fyne would fall back to English
			os.Setenv("LC_MESSAGES", loc)
		}
	}
	os.Setenv("LANGUAGE", l)
	if err := lang.AddTranslationsForLocale(fyneVI, fyne.Locale("vi")); err != nil {
		fyne.LogError("Vietnamese for Fyne", err)
	}
}

// localizeSelects gives every Select under o the placeholder of the
// interface language instead of Fyne's fixed "(Select one)".
func (w *Window) localizeSelects(o fyne.CanvasObject) {
	switch o := o.(type) {
	case *widget.Select:
		if o.PlaceHolder == "" || o.PlaceHolder == "(Select one)" {
			o.PlaceHolder = w.tr.T("select.placeholder")
			o.Refresh()
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			w.localizeSelects(c)
		}
	case *container.Split:
		w.localizeSelects(o.Leading)
		w.localizeSelects(o.Trailing)
	case *container.Scroll:
		w.localizeSelects(o.Content)
	case *container.AppTabs:
		for _, it := range o.Items {
			w.localizeSelects(it.Content)
		}
	case *widget.Accordion:
		for _, it := range o.Items {
			w.localizeSelects(it.Detail)
		}
	}
}

// panelItems are View › side panels: each can be hidden to give the map
// the width, and brought back (Ctrl+[ and Ctrl+]).
func (w *Window) panelItems() []*fyne.MenuItem {
	t := w.tr.T
	left := fyne.NewMenuItem(t("menu.toggle_left"), func() { w.TogglePanel(true) })
	left.Shortcut = ctrl(fyne.KeyLeftBracket)
	right := fyne.NewMenuItem(t("menu.toggle_right"), func() { w.TogglePanel(false) })
	right.Shortcut = ctrl(fyne.KeyRightBracket)
	measure := fyne.NewMenuItem(t("menu.measure"), w.Measure.Toggle)
	measure.Shortcut = ctrl(fyne.KeyM)
	base := fyne.NewMenuItem(t("menu.basemap"), nil)
	base.Checked = w.basemapOn()
	base.Action = func() {
		w.SetBasemap(!w.basemapOn())
		base.Checked = w.basemapOn()
	}
	legend := fyne.NewMenuItem(t("menu.legend"), w.Legend.Toggle)
	legend.Shortcut = ctrl(fyne.KeyL)
	return []*fyne.MenuItem{fyne.NewMenuItemSeparator(), measure, base, legend, fyne.NewMenuItemSeparator(), left, right}
}

// basemapOn reports whether the basemap is drawn.
func (w *Window) basemapOn() bool {
	_, shown := w.Map.Basemap()
	return shown
}

// SetBasemap shows or hides the basemap, remembers it, and tells the
// legend.
func (w *Window) SetBasemap(on bool) {
	w.set.SetBasemap(on)
	w.Map.SetBasemap(on)
	w.Legend.Update()
}

// panelShortcuts go with panelItems.
func (w *Window) panelShortcuts() []shortcut {
	return []shortcut{
		{ctrl(fyne.KeyLeftBracket), func(fyne.Shortcut) { w.TogglePanel(true) }},
		{ctrl(fyne.KeyRightBracket), func(fyne.Shortcut) { w.TogglePanel(false) }},
		{ctrl(fyne.KeyM), func(fyne.Shortcut) { w.Measure.Toggle() }},
		{ctrl(fyne.KeyL), func(fyne.Shortcut) { w.Legend.Toggle() }},
	}
}

// TogglePanel hides or shows the left (search, tabs) or the right (the
// record's form) side panel.
func (w *Window) TogglePanel(left bool) {
	if w.split == nil {
		return
	}
	o := w.split.Leading
	if !left {
		o = w.split.Trailing.(*container.Split).Trailing
	}
	if o.Visible() {
		o.Hide()
	} else {
		o.Show()
	}
	w.split.Refresh()
	w.split.Trailing.Refresh()
}

// databaseItems are File › Open database… and New database…: the window
// starts again on the chosen file (Deps.Relaunch).
func (w *Window) databaseItems() []*fyne.MenuItem {
	if w.deps.Relaunch == nil {
		return nil
	}
	t := w.tr.T
	open := fyne.NewMenuItem(t("menu.open_db"), func() { w.chooseDatabase(false) })
	open.Shortcut = ctrl(fyne.KeyO)
	create := fyne.NewMenuItem(t("menu.new_db"), func() { w.chooseDatabase(true) })
	create.Shortcut = ctrl(fyne.KeyN)
	return []*fyne.MenuItem{open, create, fyne.NewMenuItemSeparator()}
}

func (w *Window) chooseDatabase(create bool) {
	if w.win == nil {
		return
	}
	done := func(path string) {
		if path == "" {
			return
		}
		w.ConfirmDiscard(func() { // the panel's unsaved edits first
			w.Remember()
			if err := w.deps.Relaunch(path, create); err != nil {
				w.showError(err)
			}
		})
	}
	filter := storage.NewExtensionFileFilter([]string{".gpkg"})
	if create {
		// a folder, then a name: a save dialog would have opened (and
		// truncated) an existing file before we could refuse it
		dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				w.showError(err)
				return
			}
			name := widget.NewEntry()
			name.SetText("phuong-moi.gpkg")
			dialog.ShowForm(w.tr.T("menu.new_db"), w.tr.T("button.create"), w.tr.T("button.cancel"),
				[]*widget.FormItem{widget.NewFormItem(w.tr.T("db.name"), name)}, func(ok bool) {
					if !ok || strings.TrimSpace(name.Text) == "" {
						return
					}
					path := filepath.Join(dir.Path(), strings.TrimSpace(name.Text))
					if !strings.HasSuffix(strings.ToLower(path), ".gpkg") {
						path += ".gpkg"
					}
					done(path)
				}, w.win)
		}, w.win)
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			w.showError(err)
			return
		}
		path := rc.URI().Path()
		rc.Close()
		done(path)
	}, w.win)
	d.SetFilter(filter)
	d.Show()
}

// helpMenu is Help: the keyboard shortcuts, a short guide, the version and
// the data's licence.
func (w *Window) helpMenu() *fyne.Menu {
	t := w.tr.T
	keys := fyne.NewMenuItem(t("help.shortcuts"), func() { w.showText(t("help.shortcuts"), t("help.shortcuts_text")) })
	keys.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF1}
	return fyne.NewMenu(t("menu.help"),
		keys,
		fyne.NewMenuItem(t("help.guide"), func() { w.showText(t("help.guide"), t("help.guide_text")) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(t("help.about"), func() { w.showText(t("help.about"), w.aboutText()) }),
	)
}

// aboutText is the version and the licences.
func (w *Window) aboutText() string {
	v := "dev"
	if a := fyne.CurrentApp(); a != nil && a.Metadata().Version != "" {
		v = a.Metadata().Version
	}
	return fmt.Sprintf(w.tr.T("help.about_text"), v)
}

// showText shows a long text in a scrolling dialog sized to the window.
func (w *Window) showText(title, text string) {
	if w.win == nil {
		return
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	sc := container.NewVScroll(l)
	d := dialog.NewCustom(title, w.tr.T("button.close"), sc, w.win)
	sz := w.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(620, sz.Width*0.9), min(520, sz.Height*0.85)))
	d.Show()
}

// languageChanged tells, in the new language, that the window reopens in
// it, and reopens it at once when asked (every label is built with the
// language, so a restart is the honest way to apply it everywhere).
func (w *Window) languageChanged(l string) {
	tr, err := NewTr(l)
	if err != nil || w.win == nil {
		return
	}
	if w.deps.Relaunch == nil {
		w.info(tr.T("lang.title"), tr.T("lang.restart"))
		return
	}
	d := dialog.NewConfirm(tr.T("lang.title"), tr.T("lang.restart_now"), func(ok bool) {
		if !ok {
			return
		}
		w.ConfirmDiscard(func() { // the panel's unsaved edits first
			w.Remember()
			if err := w.deps.Relaunch("", false); err != nil {
				w.showError(err)
			}
		})
	}, w.win)
	d.SetConfirmText(tr.T("lang.reopen"))
	d.SetDismissText(tr.T("lang.later"))
	d.Show()
}

// addSubmenu puts the eleven "Thêm …" items in one Vẽ › Thêm submenu: as
// a flat list the Draw menu was taller than a 700 px window and its last
// item (Hủy vẽ, Esc) fell off the screen.
func (w *Window) addSubmenu(adds []*fyne.MenuItem) []*fyne.MenuItem {
	it := fyne.NewMenuItem(w.tr.T("menu.add_new"), nil)
	it.ChildMenu = fyne.NewMenu("", adds...)
	return []*fyne.MenuItem{it}
}
