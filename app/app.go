// Package app is wardmap's desktop user interface, thin over gis and over
// the small interfaces it declares for what it needs from storage: only
// cmd/internal/desktop wires a concrete store in.
package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/app/mapview"
	"wardmap/app/settings"
	"wardmap/gis"
	"wardmap/gis/crs"
	"wardmap/gis/plan"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// Deps is what the window needs from the rest of the program.
type Deps struct {
	Store Store
	// What the panels need besides Store, each explicit so that a store
	// missing a method is a compile error where the window is wired, not
	// a tab silently empty. A nil one leaves its panel inactive: the
	// planner (Plans), the inbox (Cases), the indicators tab
	// (Indicators), the stored photos in the form (Photos).
	Plans      PlanStore
	Cases      CaseStore
	Indicators IndicatorStore
	Photos     PhotoStore
	// WardName titles the window; Home is the ward's extent.
	WardName string
	Home     orb.Bound
	// Counts gives the number of live records per kind.
	Counts func(ctx context.Context) (map[gis.Kind]int, error)
	// Settings remembers the user's choices; nil keeps them in memory.
	Settings *settings.Settings
	// View, when set, is the first view (else the remembered one, else
	// the whole ward).
	View *tile.View
	// User is written on every change; Now is the clock (tests fix it).
	User string
	Now  func() time.Time
	// ReadFile reads an attached photo (os.ReadFile unless set).
	ReadFile func(path string) ([]byte, error)
	// Sync is the sync with the ward server; nil hides the sync button.
	Sync SyncStore
	// Relaunch starts the window again on database db ("" for the same
	// one), creating it first when create is set: File › Open/New
	// database and a change of language. Nil hides those items.
	Relaunch func(db string, create bool) error
	// SyncPoll, when set, re-reads the count of waiting changes that often
	// while the window is open (0: only after the window's own edits).
	SyncPoll time.Duration
	// RouteSheets makes the printable route sheet (PDF) of each route of
	// a plan, by file name ("inspector-N.pdf"); nil: the Plan tab exports
	// GPX only. (The PDF writer lives in data/, which app does not import.)
	RouteSheets func(ctx context.Context, d *plan.Day) (map[string][]byte, error)
}

// Window is the main window's content and its parts, reachable by tests.
type Window struct {
	Map *mapview.Map
	// viewFollowers run after each frame's view change (the map's layers
	// drawn over it follow the view); see afterViewChange.
	viewFollowers []func()
	// Status bar: cursor coordinates, the coordinate system, the scale,
	// what the frame drew, record counts.
	Cursor    *widget.Label
	CRS       *widget.Select
	Scale     *ScaleBar
	Drawn     *widget.Label
	Counts    *widget.Label
	Layers    *LayerPanel
	Search    *SearchPanel
	Inspector *Inspector
	Draw      *DrawBar
	// Vertices edits the selected line's or polygon's vertices.
	Vertices *VertexEditor
	// Planner and Inbox are side-panel tabs beside the layers (Tabs).
	Planner *Planner
	Inbox   *Inbox
	Tabs    *container.AppTabs
	tabFit  *tabFit // keeps every tab in the bar (tabfit.go)
	// Sync is the sync button, pending count and conflicts (top right).
	Sync *SyncPanel
	// Dashboard is the indicators tab.
	Dashboard *Dashboard
	// Legend explains the map over its corner; Measure is the measure tool.
	Legend  *Legend
	Measure *Measure

	tr      *Tr
	set     *settings.Settings
	deps    Deps
	win     fyne.Window
	history history
	toVN    *crs.Transform
	ward    []orb.Polygon // the TDP polygons, read once
	wardOK  bool
	jobs    sync.WaitGroup
	gate    sync.RWMutex // see offUIThread
	center  *fyne.Container
	// LastError is the text of the last error shown (for tests).
	LastError string
	title     string
	// holdModifier stands for Ctrl held during a click, for tests.
	holdModifier bool
	split        *container.Split // the side panels and the map
}

// New builds the main window's content.
func New(d Deps) (*Window, error) {
	if d.Settings == nil {
		d.Settings = settings.New(fyne.CurrentApp().Preferences())
	}
	startTheme(d.Settings)
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.ReadFile == nil {
		d.ReadFile = os.ReadFile
	}
	tr, err := NewTr(d.Settings.Lang())
	if err != nil {
		return nil, err
	}
	useFyneLang(tr.Lang)
	w := &Window{deps: d, tr: tr, set: d.Settings}
	w.toVN = vn2000()
	w.Map = mapview.New(d.Store, d.Home)
	switch {
	case d.View != nil:
		w.Map.SetView(*d.View)
	default:
		// the view remembered for this ward, not another database's
		if v, ok := w.set.LastView(); ok && d.Home.Pad(0.01).Contains(v.Center) {
			w.Map.SetView(v)
		}
	}
	if w.set.Theme() == settings.Dark {
		w.Map.SetTheme(render.Dark)
	}
	w.Map.OnViewChanged = w.onViewChanged
	w.Map.OnCursor = w.onCursor
	w.Map.OnTapped = w.onMapTapped
	w.Map.OnKey = w.onKey
	w.Cursor = widget.NewLabel(w.tr.T("status.cursor_none"))
	w.CRS = widget.NewSelect([]string{"WGS 84", "VN-2000"}, w.onCRS)
	if w.set.CRS() == settings.VN2000 {
		w.CRS.SetSelected("VN-2000")
	} else {
		w.CRS.SetSelected("WGS 84")
	}
	w.Scale = NewScaleBar()
	w.Drawn = widget.NewLabel("")
	w.Counts = widget.NewLabel("")
	w.Legend, w.Measure = newLegend(w), newMeasure(w)
	w.Layers = newLayerPanel(w)
	w.Search = newSearchPanel(w)
	w.Inspector = newInspector(w)
	w.Draw = newDrawBar(w)
	w.Vertices = newVertexEditor(w)
	w.Map.OnDragStart, w.Map.OnDrag, w.Map.OnDragEnd = w.dragStart, w.dragTo, w.dragEnd
	w.Planner = newPlanner(w)
	w.Inbox = newInbox(w)
	w.Sync = newSyncPanel(w)
	w.Dashboard = newDashboard(w)
	w.title = w.baseTitle()
	return w, nil
}

// Tr returns the window's translations.
func (w *Window) Tr() *Tr { return w.tr }

// Content returns the window's content.
func (w *Window) Content() fyne.CanvasObject {
	bar := widget.NewToolbar(
		widget.NewToolbarAction(theme.ZoomInIcon(), func() { w.Map.Zoom(1) }),
		widget.NewToolbarAction(theme.ZoomOutIcon(), func() { w.Map.Zoom(-1) }),
		widget.NewToolbarAction(theme.HomeIcon(), w.ZoomWard),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ContentUndoIcon(), w.Undo),
		widget.NewToolbarAction(theme.ContentRedoIcon(), w.Redo),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.SearchIcon(), w.FocusSearch),
	)
	top := container.NewVBox(container.NewBorder(nil, nil, bar, w.Sync.Object(), container.NewHBox(w.Draw.obj, w.Measure.obj)))
	status := container.NewHBox(w.CRS, w.Cursor, widget.NewSeparator(), w.Scale, widget.NewSeparator(), w.Drawn, widget.NewSeparator(), w.Counts)
	left := container.NewBorder(w.Search.obj, nil, nil, nil, container.NewStack(w.sideTabs(container.NewVScroll(w.Layers.obj)), w.Search.Panel))
	w.center = container.New(centerLayout{w}, w.Map, w.Dashboard.Layer(), w.Planner.Layer(), w.Legend.Object())
	main := container.NewHSplit(withMinWidth(left, leftPanelMin), container.NewHSplit(w.center, withMinWidth(w.Inspector.obj, rightPanelMin)))
	main.Offset = 0.25
	w.split = main
	inner := main.Trailing.(*container.Split)
	inner.Offset = 0.72
	return container.NewBorder(top, status, nil, nil, container.New(panesLayout{w}, main))
}

// Attach gives the content its window: menus, shortcuts, the remembered
// size, and saving the size and view when it closes.
func (w *Window) Attach(win fyne.Window) {
	w.win = win
	win.SetTitle(w.title)
	win.SetMainMenu(w.menu())
	w.localizeSelects(win.Content())
	for _, s := range w.shortcuts() {
		win.Canvas().AddShortcut(s.sc, s.fn)
	}
	win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { w.onKey(e.Name) })
	win.Canvas().SetOnTypedRune(w.Map.TypedRune) // +/− zoom without focusing the map first
	win.Resize(fitScreen(w.set.WindowSize(), w.set.WindowSizeRemembered(), win.Canvas().Scale()))
	win.SetCloseIntercept(w.RequestClose)
	w.Sync.startPolling()
}

// RequestClose closes the window (its close button, File › Quit) once
// unsaved edits are saved or dropped: Lưu / Bỏ / Ở lại first.
func (w *Window) RequestClose() {
	w.ConfirmDiscard(func() {
		w.Sync.stopPolling()
		w.Remember()
		if w.win != nil {
			w.win.Close()
		}
	})
}

// Remember saves the window size and the map view for the next start.
func (w *Window) Remember() {
	if w.win != nil {
		w.set.SetWindowSize(w.win.Canvas().Size())
	}
	if v := w.Map.View(); v.Width > 1 {
		w.set.SetLastView(v)
	}
}

// Title is the window title: the ward, then the selected record.
func (w *Window) Title() string { return w.title }

func (w *Window) baseTitle() string {
	if w.deps.WardName == "" {
		return "wardmap"
	}
	return "wardmap — " + w.deps.WardName
}

func (w *Window) setTitle(sub string) {
	w.title = w.baseTitle()
	if sub != "" {
		w.title += " — " + sub
	}
	if w.win != nil {
		w.win.SetTitle(w.title)
	}
}

// Refresh reloads the record counts shown in the status bar.
func (w *Window) Refresh(ctx context.Context) error {
	if w.deps.Counts == nil {
		return nil
	}
	counts, err := w.deps.Counts(ctx)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	text := w.tr.T("status.counts", total, counts[gis.Tree], counts[gis.Lamp])
	fyne.Do(func() { w.Counts.SetText(text) })
	return nil
}

// ZoomWard shows the whole ward.
func (w *Window) ZoomWard() { w.Map.ZoomHome() }

func (w *Window) onViewChanged(v tile.View, st render.Stats, err error) {
	drawn := st.Clustered
	for _, n := range st.Drawn {
		drawn += n
	}
	text := w.tr.T("status.drawn", drawn, v.Zoom)
	if err != nil {
		text = w.tr.T("status.map_error", err.Error())
	}
	mpp := v.MetresPerPixel()
	fyne.Do(func() {
		w.Drawn.SetText(text)
		w.Scale.SetScale(mpp * w.Map.PixelScale())
	})
	for _, fn := range w.viewFollowers {
		fn()
	}
}

// afterViewChange runs fn after each change of the map's view, once the
// status bar has been told; layers over the map redraw with it.
func (w *Window) afterViewChange(fn func()) {
	w.viewFollowers = append(w.viewFollowers, fn)
}

func (w *Window) onCursor(p orb.Point, ok bool) {
	text := w.tr.T("status.cursor_none")
	if ok {
		text = w.formatCoord(p)
	}
	fyne.Do(func() { w.Cursor.SetText(text) })
}

// formatCoord shows p in the chosen coordinate system.
func (w *Window) formatCoord(p orb.Point) string {
	if w.set.CRS() == settings.VN2000 && w.toVN != nil {
		x, y, err := w.toVN.Forward(p[0], p[1])
		if err == nil {
			return fmt.Sprintf("VN-2000 TM-3 105°45′: X %.2f  Y %.2f m", y, x)
		}
	}
	return fmt.Sprintf("%.6f°N  %.6f°E", p[1], p[0])
}

func (w *Window) onCRS(s string) {
	if s == "VN-2000" {
		w.set.SetCRS(settings.VN2000)
	} else {
		w.set.SetCRS(settings.WGS84)
	}
}

// vn2000 is the transform to EPSG:9210, Hải Phòng's VN-2000 zone.
func vn2000() *crs.Transform {
	from, err1 := crs.ByCode(4326)
	to, err2 := crs.ByCode(9210)
	if err1 != nil || err2 != nil {
		return nil
	}
	t, err := crs.NewTransform(from, to)
	if err != nil {
		return nil
	}
	return t
}

// FocusSearch puts the cursor in the search box (Ctrl+F).
func (w *Window) FocusSearch() {
	if c := w.canvas(); c != nil {
		c.Focus(w.Search.Entry)
	}
}

func (w *Window) canvas() fyne.Canvas {
	if w.win != nil {
		return w.win.Canvas()
	}
	if a := fyne.CurrentApp(); a != nil {
		return a.Driver().CanvasForObject(w.Map)
	}
	return nil
}

// onKey handles Delete and Escape when no entry has the focus.
func (w *Window) onKey(k fyne.KeyName) {
	if w.startKey(k) || w.toolKey(k) {
		return
	}
	switch k {
	case fyne.KeyEscape:
		if w.Draw.Active() {
			w.Draw.Cancel()
		} else {
			w.Inspector.Clear()
		}
	case fyne.KeyDelete:
		if w.Vertices.DeleteVertex() {
			return
		}
		w.Inspector.AskDelete()
	}
}

type shortcut struct {
	sc fyne.Shortcut
	fn func(fyne.Shortcut)
}

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func (w *Window) shortcuts() []shortcut {
	return append([]shortcut{
		{ctrl(fyne.KeyF), func(fyne.Shortcut) { w.FocusSearch() }},
		{ctrl(fyne.KeyZ), func(fyne.Shortcut) { w.undoVertexOr(w.Undo) }},
		{ctrl(fyne.KeyY), func(fyne.Shortcut) { w.Redo() }},
		{ctrl(fyne.KeyS), func(fyne.Shortcut) { w.Inspector.Save() }},
		{ctrl(fyne.KeyH), func(fyne.Shortcut) { w.ZoomWard() }},
	}, append(w.tabShortcuts(), w.panelShortcuts()...)...)
}

func (w *Window) menu() *fyne.MainMenu {
	t := w.tr.T
	item := func(label string, fn func(), sc fyne.Shortcut) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, fn)
		m.Shortcut = sc
		return m
	}
	file := fyne.NewMenu(t("menu.file"), append(w.databaseItems(),
		fyne.NewMenuItem(t("menu.refresh"), func() { w.Map.Redraw(); go w.Refresh(context.Background()) }),
	)...)
	file.Items = append(file.Items, w.Sync.menuItems()...)
	edit := fyne.NewMenu(t("menu.edit"),
		item(t("menu.undo"), w.Undo, ctrl(fyne.KeyZ)),
		item(t("menu.redo"), w.Redo, ctrl(fyne.KeyY)),
		fyne.NewMenuItemSeparator(),
		item(t("menu.save"), w.Inspector.Save, ctrl(fyne.KeyS)),
		item(t("menu.delete"), w.Inspector.AskDelete, &desktop.CustomShortcut{KeyName: fyne.KeyDelete}),
		fyne.NewMenuItemSeparator(),
		item(t("menu.find"), w.FocusSearch, ctrl(fyne.KeyF)),
	)
	view := fyne.NewMenu(t("menu.view"),
		item(t("menu.zoom_ward"), w.ZoomWard, ctrl(fyne.KeyH)),
		fyne.NewMenuItem(t("menu.zoom_in"), func() { w.Map.Zoom(1) }),
		fyne.NewMenuItem(t("menu.zoom_out"), func() { w.Map.Zoom(-1) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(t("menu.theme_light"), func() { w.SetTheme(settings.Light) }),
		fyne.NewMenuItem(t("menu.theme_dark"), func() { w.SetTheme(settings.Dark) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Tiếng Việt", func() { w.SetLang(settings.Vietnamese) }),
		fyne.NewMenuItem("English", func() { w.SetLang(settings.English) }),
	)
	view.Items = append(view.Items, w.panelItems()...)
	var adds []*fyne.MenuItem
	for _, k := range []gis.Kind{gis.Tree, gis.Lamp, gis.Plate, gis.AlleySign, gis.Drain, gis.FloodPoint, gis.Violation, gis.Report, gis.Street, gis.Plot, gis.TDP} {
		adds = append(adds, fyne.NewMenuItem(t("menu.add", gis.MustLookup(k).Label.In(w.tr.Lang)), func() { w.Draw.Start(k) }))
	}
	adds = w.addSubmenu(adds)
	adds = append(adds, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(t("menu.move"), w.Draw.StartMove),
		fyne.NewMenuItem(t("menu.add_hole"), func() { w.Draw.StartHole() }),
		fyne.NewMenuItem(t("menu.remove_hole"), func() { w.Vertices.DeleteHole() }),
		fyne.NewMenuItem(t("menu.inspect"), w.Inspector.StartInspection),
		item(t("menu.cancel_draw"), w.Draw.Cancel, &desktop.CustomShortcut{KeyName: fyne.KeyEscape}),
	)
	return fyne.NewMainMenu(file, edit, view, fyne.NewMenu(t("menu.draw"), adds...), w.helpMenu())
}

// SetTheme switches the window and the map between light and dark.
func (w *Window) SetTheme(name string) {
	w.set.SetTheme(name)
	variant, mapTheme := theme.VariantLight, render.Light
	if name == settings.Dark {
		variant, mapTheme = theme.VariantDark, render.Dark
	}
	if a := fyne.CurrentApp(); a != nil {
		a.Settings().SetTheme(&variantTheme{Theme: theme.DefaultTheme(), variant: variant})
	}
	w.Map.SetTheme(mapTheme)
}

// ApplyTheme sets the remembered theme on the app and the map again; New
// already applied it before creating the widgets.
func (w *Window) ApplyTheme() {
	if w.set.Theme() == settings.Dark {
		w.SetTheme(settings.Dark)
	}
}

// SetLang remembers the interface language and offers to reopen the
// window in it now (see languageChanged).
func (w *Window) SetLang(lang string) {
	w.set.SetLang(lang)
	w.languageChanged(lang)
}

// variantTheme is the default theme held in one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t *variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}
