package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/renameio/v2"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/inspect"
	"wardmap/gis/match"
	"wardmap/gis/plan"
	"wardmap/gis/section"
)

// PlanStore is what the planner panel needs from storage (Deps.Plans).
type PlanStore interface {
	// DueInput reads what inspect.Due and plan.PlanDay need for a day.
	DueInput(ctx context.Context, day gis.Date) (inspect.Input, error)
	// Office is where the routes start and end.
	Office(ctx context.Context) (orb.Point, error)
	// ImportTrackFile reads a GPX log, matches it to the streets and
	// records the track and the inspections of the streets it covered,
	// in one transaction (nothing on error).
	ImportTrackFile(ctx context.Context, path, inspector string, tolerance float64) (*TrackResult, error)
	// DueSections is the day's due list by kind and street section, each
	// section with its TDP and cross streets: people inspect "Trần Thành
	// Ngọ, từ Lê Duẩn đến Trường Chinh", not graph edges.
	DueSections(ctx context.Context, day gis.Date) ([]section.DueGroup, error)
}

// TrackResult is what importing a GPS track did.
type TrackResult struct {
	Name    string
	Points  int
	LengthM float64
	// Covered are the street segments recorded as inspected; Partial
	// those passed along for part of their length only (not counted).
	Covered, Partial []match.CoveredStreet
	Track            orb.MultiLineString
}

// Planner choices.
var (
	plannerShifts   = []string{"2h", "3h", "4h", "6h", "8h"}
	plannerTimeCap  = 1200 * time.Millisecond
	plannerMaxCrews = 20
)

// Planner is the inspection planner panel: the due list of a day, a plan
// for N inspectors drawn on the map in one colour each, GPX export for
// the handhelds, and GPS tracks brought back with the streets they covered
// highlighted.
type Planner struct {
	w  *Window
	ps PlanStore

	Date       *widget.Entry
	LoadBtn    *widget.Button
	DueInfo    *widget.Label
	DueList    *widget.List
	Inspectors *widget.Entry
	Shift      *widget.Select
	Profile    *widget.Select
	Device     *widget.Select
	PlanBtn    *widget.Button
	ExportBtn  *widget.Button
	TrackBtn   *widget.Button
	ClearBtn   *widget.Button
	Summary    *widget.Label
	Legend     *fyne.Container
	// Stops lists the chosen inspector's stops with their times.
	Stops *widget.Label
	// StartRows has a row per inspector: where they start (the office or
	// a place chosen on the map) and the buttons to choose or reset it.
	StartRows *fyne.Container
	// Placing says which inspector's start the next map click sets.
	Placing *widget.Label

	due   []inspect.Item
	rows  []dueRow
	focus int // the route shown alone, -1 for all
	day   *plan.Day
	track *TrackResult
	layer *routeLayer
	obj   fyne.CanvasObject
	// scroll holds the plan's results and the choices under the due list.
	scroll *container.Scroll
	// starts[i] is inspector i+1's own start, zero for the office;
	// placing is the inspector whose start the next map click sets (-1).
	starts  []orb.Point
	placing int
	// gen counts the plans asked for and the input changes: a plan whose
	// generation is no longer current when it finishes is dropped, and
	// cancel stops the one being computed. (Atomic: Fyne's test driver
	// runs fyne.Do on the worker, beside the test's own changes.)
	gen    atomic.Int64
	cancel context.CancelFunc
}

func newPlanner(w *Window) *Planner {
	t := w.tr.T
	p := &Planner{w: w, layer: newRouteLayer(w), focus: -1, placing: -1}
	p.ps = w.deps.Plans
	p.Date = widget.NewEntry()
	// The calendar first: SetText renders the entry, and an action item
	// set after that is never drawn.
	p.Date.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() { pickDate(w.win, w.tr, p.Date) })
	p.Date.SetText(gis.LocalDate(w.deps.Now()).VN())
	p.Date.SetPlaceHolder(t("form.date_hint"))
	p.Date.OnSubmitted = func(string) { p.onLoad() }
	p.LoadBtn = &widget.Button{Text: t("planner.load"), Icon: theme.ViewRefreshIcon(), OnTapped: p.onLoad}
	p.DueInfo = widget.NewLabel(t("planner.due_none"))
	p.DueInfo.Wrapping = fyne.TextWrapWord
	p.DueList = widget.NewList(p.length, p.createItem, p.updateItem)
	p.DueList.OnSelected = p.onDueSelected
	p.Inspectors = widget.NewEntry()
	p.Inspectors.SetText("3")
	p.Shift = widget.NewSelect(plannerShifts, nil)
	p.Shift.SetSelected("4h")
	p.Profile = widget.NewSelect([]string{t("planner.walk"), t("planner.motorbike")}, nil)
	p.Profile.SetSelectedIndex(0)
	p.Device = widget.NewSelect([]string{t("planner.device_generic"), t("planner.device_garmin")}, nil)
	p.Device.SetSelectedIndex(0)
	p.PlanBtn = &widget.Button{Text: t("planner.plan"), Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: p.onPlan}
	p.ExportBtn = &widget.Button{Text: t("planner.export"), Icon: theme.DocumentSaveIcon(), OnTapped: p.onExport}
	p.TrackBtn = &widget.Button{Text: t("planner.track"), Icon: theme.UploadIcon(), OnTapped: p.onTrack}
	p.ClearBtn = &widget.Button{Text: t("planner.clear"), Icon: theme.ContentClearIcon(), OnTapped: p.Clear}
	p.ExportBtn.Disable()
	p.StartRows = container.NewVBox()
	p.Placing = widget.NewLabel("")
	p.Placing.Wrapping = fyne.TextWrapWord
	p.Placing.Importance = widget.WarningImportance
	p.Placing.Hide()
	p.watchInputs()
	p.startRows()
	p.Summary = widget.NewLabel("")
	p.Summary.Wrapping = fyne.TextWrapWord
	p.Summary.Hide()
	p.Legend = container.NewVBox()
	p.Stops = widget.NewLabel("")
	p.Stops.Wrapping = fyne.TextWrapWord
	p.Stops.Hide()
	form := widget.NewForm(
		widget.NewFormItem(t("planner.inspectors"), p.Inspectors),
		widget.NewFormItem(t("planner.shift"), p.Shift),
		widget.NewFormItem(t("planner.profile"), p.Profile),
		widget.NewFormItem(t("planner.device"), p.Device),
	)
	top := container.NewVBox(
		// no "Ngày" label: at 1024 px it pushed Xem out of the panel, and
		// the line under it says "Ngày …"
		container.NewBorder(nil, nil, nil, p.LoadBtn, p.Date),
		p.DueInfo,
	)
	// Lập lộ trình and Xuất stay in view under the scrolled part (at
	// 1024×700 the choices and the starts pushed them below the fold), one
	// button a row (two abreast were wider than the panel at 1024 px). The
	// plan's summary, routes and stops come first in the scrolled part, in
	// view right after planning; a change of choice clears them and brings
	// the choices back up.
	starts := widget.NewLabelWithStyle(t("planner.starts"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	scrolled := container.NewVBox(p.Summary, p.Legend, p.Stops, form, starts, p.StartRows, p.Placing, p.TrackBtn, p.ClearBtn)
	p.scroll = container.NewVScroll(scrolled)
	bottom := container.NewBorder(nil, container.NewVBox(p.PlanBtn, p.ExportBtn), nil, nil, p.scroll)
	split := container.NewVSplit(container.NewBorder(top, nil, nil, nil, p.DueList), bottom)
	split.Offset = 0.4
	p.obj = split
	if p.ps == nil {
		for _, b := range []*widget.Button{p.LoadBtn, p.PlanBtn, p.TrackBtn} {
			b.Disable()
		}
		p.DueInfo.SetText(t("planner.unavailable"))
	}
	return p
}

// Object returns the panel.
func (p *Planner) Object() fyne.CanvasObject { return p.obj }

// Layer is drawn over the map: the routes and the covered streets.
func (p *Planner) Layer() fyne.CanvasObject { return p.layer.raster }

// Due returns the due list shown.
func (p *Planner) Due() []inspect.Item { return p.due }

// Day returns the last plan made (nil before).
func (p *Planner) Day() *plan.Day { return p.day }

// Track returns the last track imported (nil before).
func (p *Planner) Track() *TrackResult { return p.track }

func (p *Planner) length() int { return len(p.rows) }

func (p *Planner) createItem() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (p *Planner) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if i < 0 || i >= len(p.rows) { // a row counted before a reload shortened the list
		l.SetText("")
		return
	}
	l.SetText(p.rows[i].text)
	l.TextStyle.Bold = p.rows[i].sec == nil
	l.Refresh()
}

// date reads the day entry.
func (p *Planner) date() (gis.Date, error) {
	d, err := gis.ParseDay(strings.TrimSpace(p.Date.Text))
	if err != nil {
		return gis.Date{}, gis.Errorf(gis.EINVALID, "%s", p.w.tr.T("planner.bad_date", p.Date.Text))
	}
	return d, nil
}

// onLoad reads the day on the UI thread and the store off it.
func (p *Planner) onLoad() {
	day, err := p.date()
	if err != nil {
		p.w.showError(err)
		return
	}
	p.w.background(func(ctx context.Context) error { return p.loadDue(ctx, day) })
}

// LoadDue reads what is due on the chosen day, most overdue first. Tests
// call it directly.
func (p *Planner) LoadDue(ctx context.Context) error {
	day, err := p.date()
	if err != nil {
		return err
	}
	return p.loadDue(ctx, day)
}

func (p *Planner) loadDue(ctx context.Context, day gis.Date) error {
	groups, err := p.ps.DueSections(ctx, day)
	if err != nil {
		return err
	}
	var items []inspect.Item
	for _, g := range groups {
		for _, s := range g.Sections {
			items = append(items, s.Items...)
		}
	}
	rows := p.dueRows(groups)
	text := p.w.tr.T("planner.due_count", day.VN(), len(items), overdueCount(items))
	fyne.Do(func() {
		p.due, p.rows = items, rows
		p.DueInfo.SetText(text)
		p.DueList.UnselectAll()
		p.DueList.Refresh()
	})
	return nil
}

// onDueSelected shows a section's due items on the map; a section with
// one item opens its record in the form too. A kind's header row shows
// nothing.
func (p *Planner) onDueSelected(i widget.ListItemID) {
	if i < 0 || i >= len(p.rows) || p.rows[i].sec == nil {
		return
	}
	s := p.rows[i].sec
	if len(s.Items) == 1 {
		it := s.Items[0]
		f, err := p.w.deps.Store.Get(context.Background(), it.Kind, it.ID)
		if err != nil {
			p.w.showError(err)
			return
		}
		p.w.showFeature(f)
		return
	}
	p.w.Map.ShowBound(dueBound(s.Items).Pad(0.0002), 19)
}

// inspectorCount reads the number of inspectors.
func (p *Planner) inspectorCount() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(p.Inspectors.Text))
	if err != nil || n < 1 || n > plannerMaxCrews {
		return 0, gis.Errorf(gis.EINVALID, "%s", p.w.tr.T("planner.bad_inspectors", p.Inspectors.Text, plannerMaxCrews))
	}
	return n, nil
}

// options reads the planning choices.
func (p *Planner) options() (plan.DayOptions, error) {
	t := p.w.tr.T
	n, err := p.inspectorCount()
	if err != nil {
		return plan.DayOptions{}, err
	}
	shift, err := time.ParseDuration(p.Shift.Selected)
	if err != nil {
		return plan.DayOptions{}, gis.Errorf(gis.EINVALID, "%s", t("planner.bad_shift"))
	}
	prof := graph.Walk
	if p.Profile.SelectedIndex() == 1 {
		prof = graph.Motorbike
	}
	starts := make([]orb.Point, n)
	copy(starts, p.starts)
	return plan.DayOptions{Profile: prof, Options: plan.Options{Inspectors: n, Shift: shift, Starts: starts, TimeLimit: plannerTimeCap, Seed: 1}}, nil
}

// onPlan reads the choices on the UI thread and plans off it. Changing
// an input meanwhile cancels this plan (newRun, dropPlan): it is not shown.
func (p *Planner) onPlan() {
	day, err := p.date()
	if err == nil {
		var opt plan.DayOptions
		if opt, err = p.options(); err == nil {
			gen, pctx, cancel := p.newRun()
			p.w.runLong(p.w.tr.T("planner.planning"), func(ctx context.Context, _ func(float64)) error {
				stop := context.AfterFunc(ctx, cancel) // the dialog's Cancel
				defer stop()
				err := p.plan(pctx, gen, day, opt)
				if pctx.Err() != nil && ctx.Err() == nil {
					return nil // dropped for a changed input: nothing to report
				}
				return err
			}, nil)
			return
		}
	}
	p.w.showError(err)
}

// newRun starts a plan's generation, cancelling any plan still running.
// UI thread only.
func (p *Planner) newRun() (int64, context.Context, context.CancelFunc) {
	if p.cancel != nil {
		p.cancel()
	}
	gen := p.gen.Add(1)
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	return gen, ctx, cancel
}

// Plan plans the chosen day for the inspectors and draws the routes.
// Tests call it directly.
func (p *Planner) Plan(ctx context.Context) error {
	day, err := p.date()
	if err != nil {
		return err
	}
	opt, err := p.options()
	if err != nil {
		return err
	}
	return p.plan(ctx, p.gen.Load(), day, opt)
}

// plan plans the day and shows it, unless another plan was asked for or
// an input changed meanwhile (gen is no longer current).
func (p *Planner) plan(ctx context.Context, gen int64, day gis.Date, opt plan.DayOptions) error {
	t := p.w.tr.T
	var err error
	if opt.Start, err = p.ps.Office(ctx); err != nil {
		return err
	}
	in, err := p.ps.DueInput(ctx, day)
	if err != nil {
		return err
	}
	d, err := plan.PlanDay(ctx, in, opt)
	if errors.Is(err, plan.ErrStart) {
		return gis.Errorf(gis.EINVALID, "%s", t("planner.bad_start"))
	}
	if err != nil {
		return err
	}
	km := localNumber(fmt.Sprintf("%.1f km", d.Length/1000), p.w.tr.Lang)
	lines := []string{t("planner.summary", len(d.Due), len(d.Due)-len(d.Left), len(d.Routes), km)}
	if len(d.Left) > 0 {
		lines = append(lines, t("planner.left", len(d.Left)))
	}
	legend := make([]fyne.CanvasObject, 0, len(d.Routes))
	for i, r := range d.Routes {
		// short enough for the side panel at 1024 px: the lengths are in
		// the summary and on the route sheet
		text := t("planner.route", r.Inspector, len(r.Visits), plan.HoursMinutes(r.Time))
		sw := canvas.NewRectangle(RouteColour(r.Inspector - 1))
		sw.SetMinSize(fyne.NewSize(14, 14))
		btn := &widget.Button{Text: text, Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance,
			OnTapped: func() { p.FocusRoute(i) }}
		legend = append(legend, container.NewBorder(nil, nil, container.NewCenter(sw), nil, btn))
	}
	fyne.Do(func() {
		if gen != p.gen.Load() { // an input changed while planning: not this plan
			return
		}
		p.day = d
		p.focus = -1
		showText(p.Stops, "")
		p.DueInfo.SetText(t("planner.due_count", day.VN(), len(d.Due), overdueCount(d.Due)))
		p.DueList.Refresh()
		showText(p.Summary, strings.Join(lines, "\n"))
		p.Legend.Objects = legend
		p.Legend.Refresh()
		p.ExportBtn.Enable()
		p.layer.setRoutes(d)
		p.scroll.ScrollToTop() // the summary and the routes, where the choices were
	})
	return nil
}

// showText sets a label's text and hides it while empty (an empty label
// still takes a line of the panel).
func showText(l *widget.Label, s string) {
	l.SetText(s)
	l.Hidden = s == ""
	l.Refresh()
}

func overdueCount(items []inspect.Item) int {
	n := 0
	for _, it := range items {
		if it.Overdue > 0 {
			n++
		}
	}
	return n
}

func (p *Planner) onExport() {
	if p.w.win == nil || p.day == nil {
		return
	}
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			p.w.showError(err)
			return
		}
		if u == nil {
			return
		}
		// Off the UI thread: the route sheets take a few seconds to draw,
		// and the window froze meanwhile.
		// The word that it is done comes after the progress dialog has
		// gone (done): hiding a dialog also hides any shown over it.
		d, dev, dir := p.day, p.device(), u.Path()
		var files []string
		p.w.runLong(p.w.tr.T("planner.exporting"), func(ctx context.Context, _ func(float64)) error {
			var err error
			files, err = p.export(ctx, d, dev, dir)
			return err
		}, func() {
			p.w.info(p.w.tr.T("planner.export"), p.w.tr.T("planner.exported", len(files), dir, strings.Join(baseNames(files), ", ")))
		})
	}, p.w.win)
}

// device is the GPS device chosen.
func (p *Planner) device() gpx.Profile {
	if p.Device.SelectedIndex() == 1 {
		return gpx.ProfileGarminLegacy
	}
	return gpx.ProfileGeneric
}

// Export writes each inspector's GPX file for the chosen device and,
// when the window can make them, their printable route sheet (PDF), into
// dir, and returns their paths. Each file is written whole or not at all.
func (p *Planner) Export(dir string) ([]string, error) {
	return p.export(context.Background(), p.day, p.device(), dir)
}

func (p *Planner) export(ctx context.Context, d *plan.Day, dev gpx.Profile, dir string) ([]string, error) {
	if d == nil {
		return nil, gis.Errorf(gis.EINVALID, "%s", p.w.tr.T("planner.no_plan"))
	}
	gpxs, err := d.GPXFiles(dev)
	if err != nil {
		return nil, err
	}
	var sheets map[string][]byte
	if p.w.deps.RouteSheets != nil {
		if sheets, err = p.w.deps.RouteSheets(ctx, d); err != nil {
			return nil, err
		}
	}
	// The day in the name keeps several days' files apart in one folder.
	prefix := d.Date.String() + "-"
	var paths []string
	write := func(name string, b []byte) error {
		path := filepath.Join(dir, prefix+name)
		if err := renameio.WriteFile(path, b, 0o644); err != nil { // a failed export never leaves a truncated file to copy to the device
			return gis.Errorf(gis.EINTERNAL, "%s", p.w.tr.T("planner.write_failed", path, err))
		}
		paths = append(paths, path)
		return nil
	}
	for _, f := range gpxs {
		if err := write(f.Name, f.Data); err != nil {
			return paths, err
		}
		pdf := strings.TrimSuffix(f.Name, ".gpx") + ".pdf"
		if b, ok := sheets[pdf]; ok {
			if err := write(pdf, b); err != nil {
				return paths, err
			}
		}
	}
	return paths, nil
}

func (p *Planner) onTrack() {
	if p.w.win == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			p.w.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		p.w.runLong(p.w.tr.T("planner.importing"), func(ctx context.Context, _ func(float64)) error {
			return p.ImportTrack(ctx, path)
		}, nil)
	}, p.w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gpx", ".GPX"}))
	d.Show()
}

// ImportTrack imports a GPS log (20 m tolerance, the user as inspector)
// and highlights the streets it covered. Tests call it directly.
func (p *Planner) ImportTrack(ctx context.Context, path string) error {
	res, err := p.ps.ImportTrackFile(ctx, path, p.w.user(), 20)
	if err != nil {
		return err
	}
	var km float64
	for _, c := range res.Covered {
		km += c.LengthM / 1000
	}
	text := p.w.tr.T("planner.track_done", res.Name, res.Points, res.LengthM/1000, len(res.Covered), km, len(res.Partial))
	fyne.Do(func() {
		p.track = res
		showText(p.Summary, text)
		p.scroll.ScrollToTop()
		p.layer.setTrack(res)
		if len(res.Track) > 0 {
			p.w.Map.ShowBound(res.Track.Bound().Pad(0.0005), 18)
		}
		p.w.Map.Redraw()
	})
	return nil
}

// watchInputs drops the plan as soon as the day or a planning choice
// changes: routes, summary and an enabled "Xuất GPX" left on screen would
// be taken for the plan of the new inputs. The device is not watched: it
// only changes how the same plan is written out.
func (p *Planner) watchInputs() {
	p.Date.OnChanged = func(string) { p.dropPlan() }
	p.Inspectors.OnChanged = func(string) { p.dropPlan(); p.startRows() }
	p.Shift.OnChanged = func(string) { p.dropPlan() }
	p.Profile.OnChanged = func(string) { p.dropPlan() }
}

// dropPlan clears the plan (not an imported track) from the panel and
// map, and cancels a plan still being computed: it would be of the old
// inputs.
func (p *Planner) dropPlan() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.gen.Add(1)
	if p.day == nil {
		return
	}
	p.day = nil
	p.focus = -1
	showText(p.Stops, "")
	showText(p.Summary, "")
	p.Legend.Objects = nil
	p.Legend.Refresh()
	p.ExportBtn.Disable()
	p.layer.setRoutes(nil)
}

// Clear removes the routes and the track from the map.
func (p *Planner) Clear() {
	p.day, p.track = nil, nil
	p.focus = -1
	showText(p.Stops, "")
	showText(p.Summary, "")
	p.Legend.Objects = nil
	p.Legend.Refresh()
	p.ExportBtn.Disable()
	p.layer.setRoutes(nil)
	p.layer.setTrack(nil)
}

// showFeature zooms to a record and selects it.
func (w *Window) showFeature(f *gis.Feature) {
	if f.Geom != nil {
		b := f.Geom.Bound()
		if _, ok := f.Geom.(orb.Point); ok {
			v := w.Map.View()
			v.Center, v.Zoom = b.Center(), 19
			w.Map.SetView(v)
		} else {
			w.Map.ShowBound(b.Pad(0.0002), 19)
		}
	}
	w.Inspector.Select(f)
}
