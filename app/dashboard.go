package app

import (
	"cmp"
	"context"
	"image"
	"image/color"
	"math"
	"os"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// IndicatorStore is what the dashboard needs from storage (Deps.Indicators;
// cmd/internal/desktop's GeoPackage adapter runs the same code as
// `wardmap indicators` and `wardmap report`).
type IndicatorStore interface {
	// Dashboard computes the plan's indicators for period p evaluated on
	// day today: for the ward and for each residential group, with the
	// features behind each number, and the ward's values at each quarter
	// of the plan up to p's end (the trend).
	Dashboard(ctx context.Context, p indicator.Period, today gis.Date) (*DashboardData, error)
	// AddEntry checks and stores a reported figure entered by e.By; a
	// refusal (out of range, not the head of that TDP, wrong period) is
	// an error whose text the user reads.
	AddEntry(ctx context.Context, e *indicator.Entry) error
	// WriteBulletin writes the period's report to path (.xlsx or .pdf) as
	// `wardmap report` does, whole or not at all.
	WriteBulletin(ctx context.Context, p indicator.Period, today gis.Date, path string) error
}

// DashboardData is one computation of the dashboard.
type DashboardData struct {
	Catalogue indicator.Catalogue
	// Board holds the ward's results and each TDP's.
	Board *indicator.Board
	// Trend is the ward's results at each quarter up to the period's end,
	// oldest first.
	Trend []indicator.TrendPoint
}

// Status colours: on track, at risk, missed, no data.
var statusColours = map[indicator.Status]color.NRGBA{
	indicator.OnTrack: {20, 150, 70, 255},
	indicator.AtRisk:  {235, 160, 0, 255},
	indicator.Missed:  {210, 40, 40, 255},
	indicator.NoData:  {150, 150, 150, 255},
}

// StatusColour is the colour the dashboard gives a status.
func StatusColour(s indicator.Status) color.NRGBA {
	if c, ok := statusColours[s]; ok {
		return c
	}
	return statusColours[indicator.NoData]
}

// DashRow is what one indicator's row shows.
type DashRow struct {
	Code, Name    string
	Value, Target string
	Status        indicator.Status
	StatusText    string
	Progress      float64 // 0–1, for the bar
	Trend         []*float64
}

// Dashboard is the indicators tab: the period, one row per indicator
// (value, target, progress, status, trend), and for the chosen one the
// features behind the number, a table per residential group, the groups
// coloured on the map by its value, and the form for reported figures.
type Dashboard struct {
	w  *Window
	is IndicatorStore

	Period    *widget.Select
	ReloadBtn *widget.Button
	ReportBtn *widget.Button
	Summary   *widget.Label
	List      *widget.List

	Info     *widget.Label
	Items    *widget.List
	ItemsLbl *widget.Label
	TDPTable *widget.Table
	// ScopeSel switches the table between residential groups and streets.
	ScopeSel *widget.RadioGroup
	MapChk   *widget.Check
	// Rule says what the chosen target asks of one group (the ward's rate,
	// or a share of the ward's number).
	Rule *widget.Label
	// MapLegend is the choropleth's legend on the map itself, shown
	// whenever the groups are coloured, whatever tab of the detail is open.
	MapLegend *fyne.Container
	mapCard   fyne.CanvasObject
	layers    *fyne.Container // the choropleth and its legend, over the map
	cardBox   *fyne.Container // places the legend in the map's top right corner
	Detail    *container.AppTabs
	Form      *EntryForm

	data     *DashboardData
	rows     []DashRow
	selected string // the chosen indicator's code
	tdp      string // the TDP (id) or street (name) whose items are listed ("" for the ward)
	byStreet bool   // the table lists streets
	items    []indicator.Item
	tdpRows  []indicator.Result
	layer    *choropleth
	shown    bool
	obj      fyne.CanvasObject

	mu      sync.Mutex
	running bool               // a reload is computing
	again   bool               // and another was asked for meanwhile
	cur     string             // the chosen period's name, for the reload's goroutine
	periods []indicator.Period // as the period list offers them, in words
}

func newDashboard(w *Window) *Dashboard {
	t := w.tr.T
	d := &Dashboard{w: w, layer: newChoropleth(w)}
	d.is = w.deps.Indicators
	d.newHead()
	d.newDetail()
	head := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(d.ReloadBtn, d.ReportBtn), d.Period),
		d.Summary,
	)
	d.Detail = container.NewAppTabs(
		container.NewTabItemWithIcon(t("dash.items"), theme.ListIcon(), container.NewBorder(d.ItemsLbl, nil, nil, nil, d.Items)),
		container.NewTabItemWithIcon(t("dash.by_tdp"), theme.HomeIcon(), container.NewBorder(container.NewVBox(d.ScopeSel, d.Rule, d.MapChk), nil, nil, nil, d.TDPTable)),
		container.NewTabItemWithIcon(t("dash.enter"), theme.DocumentCreateIcon(), container.NewVScroll(d.Form.obj)),
	)
	// At 1024 px "Nhập số liệu" hid behind a "…" menu, and the detail's
	// minimum height (the table tab's, ~290 px) left the indicators one
	// row: the detail scrolls, the list has most of the height.
	bottom := container.NewVScroll(container.NewBorder(d.Info, nil, nil, nil, fitTabs(d.Detail, false).Object()))
	split := container.NewVSplit(d.List, bottom)
	split.Offset = dashListShare
	d.obj = container.NewBorder(head, nil, nil, nil, split)
	if d.is == nil {
		d.Summary.SetText(t("dash.unavailable"))
		d.ReportBtn.Disable()
		d.ReloadBtn.Disable()
	}
	return d
}

// newHead makes the period chooser, its buttons, the summary and the list
// of indicators.
func (d *Dashboard) newHead() {
	w := d.w
	d.periods = indicator.Offered()
	words := make([]string, len(d.periods))
	for i, p := range d.periods {
		words[i] = p.Words().In(w.tr.Lang)
	}
	d.Period = widget.NewSelect(words, nil)
	d.Period.SetSelectedIndex(slices.Index(d.periods, indicator.QuarterOf(gis.LocalDate(w.deps.Now()))))
	d.cur = d.periods[d.Period.SelectedIndex()].Name
	d.Period.OnChanged = func(string) {
		i := d.Period.SelectedIndex()
		if i < 0 {
			return
		}
		d.mu.Lock()
		d.cur = d.periods[i].Name
		d.mu.Unlock()
		if d.shown { // else the tab computes when it opens
			d.w.background(d.Reload)
		}
	}
	d.ReloadBtn = &widget.Button{Icon: theme.ViewRefreshIcon(), OnTapped: func() { d.w.background(d.Reload) }}
	// An icon: with its text the head was wider than the side panel at
	// 1024 px; the menu it opens names the formats.
	d.ReportBtn = &widget.Button{Icon: theme.DocumentPrintIcon(), OnTapped: d.askFormat}
	d.Summary = widget.NewLabel("")
	d.Summary.Wrapping = fyne.TextWrapWord
	d.List = widget.NewList(func() int { return len(d.rows) }, d.createRow, d.updateRow)
	d.List.OnSelected = d.onSelected
}

// newDetail makes what is shown of the chosen indicator: its items, its
// table by TDP or street with the map's choice, and the form for figures.
func (d *Dashboard) newDetail() {
	t := d.w.tr.T
	d.Info = widget.NewLabel(t("dash.none_selected"))
	d.Info.Wrapping = fyne.TextWrapWord
	d.ItemsLbl = widget.NewLabel("")
	d.ItemsLbl.Wrapping = fyne.TextWrapWord
	d.Items = widget.NewList(func() int { return len(d.items) }, d.createItem, d.updateItem)
	d.Items.OnSelected = d.onItem
	d.TDPTable = widget.NewTableWithHeaders(d.tableSize, d.createCell, d.updateCell)
	d.TDPTable.ShowHeaderColumn = false
	d.TDPTable.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	d.TDPTable.UpdateHeader = d.updateHeader
	d.TDPTable.OnSelected = d.onTDP
	d.ScopeSel = widget.NewRadioGroup([]string{t("dash.scope_tdp"), t("dash.scope_street")}, nil)
	d.ScopeSel.Horizontal = true
	d.ScopeSel.Required = true
	d.ScopeSel.SetSelected(t("dash.scope_tdp"))
	d.ScopeSel.OnChanged = func(s string) {
		d.byStreet = s == t("dash.scope_street")
		d.tdp = ""
		d.showSelected()
	}
	for i, wd := range []float32{120, 72, 84, 120} {
		d.TDPTable.SetColumnWidth(i, wd)
	}
	d.MapChk = widget.NewCheck(t("dash.on_map"), nil)
	d.MapChk.SetChecked(true)
	d.MapChk.OnChanged = func(bool) { d.updateLayer() }
	// side by side, wrapping: a column of entries would take the list's room
	d.Rule = widget.NewLabel("")
	d.Rule.Wrapping = fyne.TextWrapWord
	d.Rule.Importance = widget.LowImportance
	d.MapLegend = container.NewVBox()
	d.mapCard = mapCard(d.MapLegend)
	d.mapCard.Hide()
	d.cardBox = container.NewBorder(nil, nil, nil, container.NewVBox(d.mapCard))
	d.layers = container.NewStack(d.layer.raster, d.cardBox)
	d.Form = newEntryForm(d)
}

// dashListShare is the indicator list's share of the height under the
// summary, above the chosen indicator's detail.
const dashListShare = 0.6

// Object returns the panel.
func (d *Dashboard) Object() fyne.CanvasObject { return d.obj }

// Layer is the choropleth drawn over the map, with its legend in the
// map's top right corner.
func (d *Dashboard) Layer() fyne.CanvasObject { return d.layers }

// mapCard frames the map's choropleth legend as the map's other legend is
// framed: on the overlay background, so that it reads over any fill.
func mapCard(body fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	bg.CornerRadius = 4
	return container.NewStack(bg, container.NewPadded(body))
}

// Data returns the last computation (nil before the first).
func (d *Dashboard) Data() *DashboardData { return d.data }

// Rows returns what the indicator rows show.
func (d *Dashboard) Rows() []DashRow { return d.rows }

// Selected is the chosen indicator's code.
func (d *Dashboard) Selected() string { return d.selected }

// DrillItems are the features behind the chosen number as listed.
func (d *Dashboard) DrillItems() []indicator.Item { return d.items }

// TDPRows are the per-group results of the chosen indicator as the table
// lists them.
func (d *Dashboard) TDPRows() []indicator.Result { return d.tdpRows }

// setShown says whether the tab is the one shown: the map shows the
// choropleth only while it is, and opening it recomputes.
func (d *Dashboard) setShown(on bool) {
	d.shown = on
	d.updateLayer()
	if on && d.is != nil {
		d.w.background(d.Reload)
	}
}

// changed recomputes after an edit, when the tab is shown.
func (d *Dashboard) changed() {
	if d.shown && d.is != nil {
		d.w.background(d.Reload)
	}
}

func (d *Dashboard) today() gis.Date { return gis.LocalDate(d.w.deps.Now()) }

// period is the chosen period.
func (d *Dashboard) period() indicator.Period {
	d.mu.Lock()
	cur := d.cur
	d.mu.Unlock()
	p, err := indicator.ParsePeriod(cur)
	if err != nil {
		return indicator.QuarterOf(d.today())
	}
	return p
}

// SetPeriod chooses the period named name ("2026-Q2") as a click on its
// words in the list would; false when the list does not offer it.
func (d *Dashboard) SetPeriod(name string) bool {
	i := slices.IndexFunc(d.periods, func(p indicator.Period) bool { return p.Name == name })
	if i >= 0 {
		d.Period.SetSelectedIndex(i)
	}
	return i >= 0
}

// periodLabel names a period in the interface's language.
func periodLabel(p indicator.Period, lang string) string { return p.Words().In(lang) }

// Reload computes the indicators for the chosen period off the UI thread
// and shows them inside fyne.Do. Reloads asked for while one runs are
// coalesced: the running one computes once more when it ends, so a burst
// of edits costs one more computation, not one each (a large ward takes
// seconds). Tests call it directly.
func (d *Dashboard) Reload(ctx context.Context) error {
	if d.is == nil {
		return nil
	}
	d.mu.Lock()
	if d.running {
		d.again = true
		d.mu.Unlock()
		return nil
	}
	d.running = true
	d.mu.Unlock()
	for {
		err := d.reloadOnce(ctx)
		d.mu.Lock()
		if err != nil || !d.again {
			d.running, d.again = false, false
			d.mu.Unlock()
			return err
		}
		d.again = false
		d.mu.Unlock()
	}
}

func (d *Dashboard) reloadOnce(ctx context.Context) error {
	data, err := d.is.Dashboard(ctx, d.period(), d.today())
	if err != nil {
		return err
	}
	tdps, err := d.w.deps.Store.Features(ctx, gis.TDP, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		return err
	}
	fyne.Do(func() {
		d.data = data
		d.layer.setGroups(tdps)
		d.show()
	})
	return nil
}

// show lays the data out: rows, summary, the chosen indicator's detail.
func (d *Dashboard) show() {
	t, lang := d.w.tr.T, d.w.tr.Lang
	b := d.data.Board
	d.rows = d.rows[:0]
	count := map[indicator.Status]int{}
	for _, r := range b.Ward {
		count[r.Status]++
		d.rows = append(d.rows, d.rowOf(r))
	}
	d.Summary.SetText(t("dash.period", periodLabel(b.Period, lang), b.AsOf.VN()) + "\n" +
		t("dash.summary", count[indicator.OnTrack], count[indicator.AtRisk], count[indicator.Missed], count[indicator.NoData]))
	// The summary wraps to the panel's width: lay the head out again, or
	// its third line lies under the list.
	d.obj.Refresh()
	d.List.Refresh()
	if i := slices.IndexFunc(d.rows, func(r DashRow) bool { return r.Code == d.selected }); i >= 0 {
		d.List.Select(i)
	} else {
		d.selected = ""
	}
	d.Form.setCatalogue(d.data.Catalogue, b)
	d.showSelected()
}

// rowOf is what the row of a ward result shows.
func (d *Dashboard) rowOf(r indicator.Result) DashRow {
	lang := d.w.tr.Lang
	row := DashRow{Code: r.Code, Name: r.Name.In(lang), Value: indicator.Format(r.Value, r.Unit),
		Target: r.TargetText(), Status: r.Status, StatusText: r.Status.Label().In(lang)}
	if r.Value != nil {
		row.Progress = math.Min(1, math.Max(0, r.Progress))
	}
	for _, tp := range d.data.Trend {
		var v *float64
		for _, x := range tp.Results {
			if x.Code == r.Code {
				v = x.Value
			}
		}
		row.Trend = append(row.Trend, v)
	}
	return row
}

// percentDone is a progress in whole percent, never 100 before the
// target is reached (99,7 % of it read "100 %" beside a value short of it).
func percentDone(p float64) float64 {
	if p < 1 {
		return math.Floor(p * 100)
	}
	return math.Round(p * 100)
}

// Select chooses the indicator with code, as a click on its row does.
func (d *Dashboard) Select(code string) bool {
	for i, r := range d.rows {
		if r.Code == code {
			d.List.Select(i)
			return true
		}
	}
	return false
}

func (d *Dashboard) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(d.rows) {
		return
	}
	if d.rows[i].Code != d.selected {
		d.selected, d.tdp = d.rows[i].Code, ""
	}
	d.showSelected()
	d.Form.chooseTarget(d.selected)
}

// result returns the chosen indicator's ward result.
func (d *Dashboard) result() (indicator.Result, bool) {
	if d.data == nil || d.selected == "" {
		return indicator.Result{}, false
	}
	return d.data.Board.Result(d.selected)
}

// showSelected fills the detail of the chosen indicator.
func (d *Dashboard) showSelected() {
	t, lang := d.w.tr.T, d.w.tr.Lang
	r, ok := d.result()
	if !ok {
		d.Info.SetText(t("dash.none_selected"))
		d.Rule.SetText("")
		d.items, d.tdpRows = nil, nil
		d.ItemsLbl.SetText("")
		d.Items.Refresh()
		d.TDPTable.Refresh()
		d.updateLayer()
		return
	}
	// the full name: the row cuts it at 1024 px ("MT-01 · Tỷ lệ tuyến …")
	text := t("dash.info", r.Code+" · "+r.Name.In(lang), indicator.Format(r.Value, r.Unit), r.TargetText(),
		indicator.Format(&r.Expected, r.Unit), percentDone(r.Progress), r.Status.Label().In(lang))
	if r.Den > 0 && r.Unit == "%" {
		text += " (" + t("dash.counts", r.Num, r.Den) + ")"
	}
	if r.Note != "" {
		text += "\n" + r.Note
	}
	d.Info.SetText(text)
	d.Rule.SetText("")
	if tg, ok := d.data.Catalogue.Get(r.Code); ok && !d.byStreet {
		if tg.HasScope(indicator.TDP) {
			d.Rule.SetText(tg.TDPRule().Explain().In(lang))
		} else {
			d.Rule.SetText(t("dash.no_tdp"))
		}
	}
	d.tdpRows = d.tdpRows[:0]
	for _, tr := range d.scopeResults(r.Code) {
		d.tdpRows = append(d.tdpRows, tr)
	}
	// Worst first: a leader looks for the groups that lag.
	better := func(a, b indicator.Result) int {
		switch {
		case a.Value == nil && b.Value == nil:
			return strings.Compare(a.ScopeName, b.ScopeName)
		case a.Value == nil:
			return 1
		case b.Value == nil:
			return -1
		}
		c := cmp.Compare(*a.Value, *b.Value)
		if r.Direction == indicator.AtMost {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.ScopeName, b.ScopeName))
	}
	slices.SortFunc(d.tdpRows, better)
	d.TDPTable.UnselectAll()
	d.TDPTable.Refresh()
	d.listItems()
	d.updateLayer()
}

// listItems lists the features behind the chosen number, for the ward or
// for the TDP chosen in the table.
func (d *Dashboard) listItems() {
	t := d.w.tr.T
	r, _ := d.result()
	d.items = r.Items
	scope := t("dash.ward")
	if d.tdp != "" {
		if tr, ok := d.scopeResults(r.Code)[d.tdp]; ok {
			d.items, scope = tr.Items, tr.ScopeName
		}
	}
	if len(d.items) == 0 {
		d.ItemsLbl.SetText(t("dash.items_none", scope))
	} else {
		d.ItemsLbl.SetText(t("dash.items_count", len(d.items), scope))
	}
	d.Items.UnselectAll()
	d.Items.Refresh()
}

func (d *Dashboard) createItem() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (d *Dashboard) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(d.items) {
		o.(*widget.Label).SetText("")
		return
	}
	o.(*widget.Label).SetText(itemText(d.items[i], d.w.tr.Lang))
}

func itemText(it indicator.Item, lang string) string {
	s := it.Title
	if it.Kind != "" {
		if sc, ok := gis.Lookup(it.Kind); ok {
			s = sc.Label.In(lang) + ": " + s
		}
	}
	if it.Reason != "" {
		s += " — " + it.Reason
	}
	return s
}

// onItem zooms the map to the feature behind the number and selects it.
func (d *Dashboard) onItem(i widget.ListItemID) {
	if i < 0 || i >= len(d.items) {
		return
	}
	it := d.items[i]
	if it.Kind != "" && it.ID != "" {
		f, err := d.w.deps.Store.Get(context.Background(), it.Kind, it.ID)
		if err == nil {
			d.w.showFeature(f)
			return
		}
		if gis.ErrorCode(err) != gis.ENOTFOUND {
			d.w.showError(err)
			return
		}
	}
	if it.Location != nil {
		v := d.w.Map.View()
		v.Center, v.Zoom = *it.Location, 19
		d.w.Map.SetView(v)
	}
}

// SelectItem chooses the drill-down item with id, as a click does.
func (d *Dashboard) SelectItem(id string) bool {
	for i, it := range d.items {
		if it.ID == id {
			d.Items.Select(i)
			return true
		}
	}
	return false
}

// The per-TDP table: group, value, target, status.
func (d *Dashboard) tableSize() (int, int) { return len(d.tdpRows), 4 }

func (d *Dashboard) createCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (d *Dashboard) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(d.tdpRows) {
		l.SetText("")
		return
	}
	r := d.tdpRows[id.Row]
	l.Importance = widget.MediumImportance
	switch id.Col {
	case 0:
		l.SetText(r.ScopeName)
	case 1:
		l.SetText(indicator.Format(r.Value, r.Unit))
	case 2:
		l.SetText(r.TargetText()) // the group's own: the rule above says which
	case 3:
		l.Importance = map[indicator.Status]widget.Importance{indicator.OnTrack: widget.SuccessImportance,
			indicator.AtRisk: widget.WarningImportance, indicator.Missed: widget.DangerImportance}[r.Status]
		l.SetText(r.Status.Label().In(d.w.tr.Lang))
	}
}

func (d *Dashboard) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	t := d.w.tr.T
	l := o.(*widget.Label)
	l.TextStyle.Bold = true
	if id.Col >= 0 && id.Col < 4 {
		first := "dash.col_tdp"
		if d.byStreet {
			first = "dash.col_street"
		}
		l.SetText(t([]string{first, "dash.col_value", "dash.col_target", "dash.col_status"}[id.Col]))
	}
}

// scopeResults are the chosen scope's results for code: by TDP id, or by
// street name.
func (d *Dashboard) scopeResults(code string) map[string]indicator.Result {
	if d.byStreet {
		return d.data.Board.ByStreet(code)
	}
	return d.data.Board.ByTDP(code)
}

// onTDP shows the group (or the street) on the map and lists its items.
func (d *Dashboard) onTDP(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(d.tdpRows) {
		return
	}
	r := d.tdpRows[id.Row]
	d.tdp = r.ScopeID
	d.listItems()
	if !d.byStreet {
		if f, err := d.w.deps.Store.Get(context.Background(), gis.TDP, r.ScopeID); err == nil {
			d.w.showFeature(f)
		}
		return
	}
	// the street's segments, all in view
	var b orb.Bound
	found := false
	for _, sb := range d.data.Board.Streets {
		if sb.Street.Name != r.ScopeID {
			continue
		}
		for _, sid := range sb.Street.IDs {
			f, err := d.w.deps.Store.Get(context.Background(), gis.Street, sid)
			if err != nil || f.Geom == nil {
				continue
			}
			if !found {
				b, found = f.Geom.Bound(), true
			} else {
				b = b.Union(f.Geom.Bound())
			}
		}
	}
	if found {
		d.w.Map.ShowBound(b.Pad(0.0003), 19)
	}
}

// updateLayer colours the groups by the chosen indicator while the tab is
// shown and the box is ticked, with the legend on the map. One overlay at
// a time: while the groups are coloured the plan's routes and the
// hotspots are hidden (drawn together they washed each other out), and
// they come back when the colours go.
func (d *Dashboard) updateLayer() {
	r, ok := d.result()
	var vals map[string]*float64
	if ok && d.shown && d.MapChk.Checked && d.data != nil {
		vals = map[string]*float64{}
		for id, tr := range d.data.Board.ByTDP(r.Code) {
			vals[id] = tr.Value
		}
	}
	switch {
	case len(vals) == 0:
		// nothing chosen, or a ward-only or per-organisation figure
		d.layer.setValues(nil, indicator.AtLeast, "", 0)
	default:
		// the groups' own target: the ward's, or (shared out) the largest part
		goal := 0.0
		for _, tr := range d.data.Board.ByTDP(r.Code) {
			goal = math.Max(goal, tr.Target)
		}
		d.layer.setValues(vals, r.Direction, r.Unit, goal)
	}
	on := d.layer.active()
	if on {
		title := widget.NewLabelWithStyle(r.Code+" · "+d.w.tr.T("dash.map_legend"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		d.MapLegend.Objects = append([]fyne.CanvasObject{title}, d.legend()...)
		d.mapCard.Show()
	} else {
		d.mapCard.Hide()
	}
	// laid out again: placed while hidden, the card would sit outside the map
	d.cardBox.Refresh()
	if d.w.Planner != nil {
		if pl := d.w.Planner.Layer(); on {
			pl.Hide()
		} else {
			pl.Show()
		}
	}
}

// legend shows the classes' colours and ranges, for the map.
func (d *Dashboard) legend() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	sw := func(c color.Color, text string) fyne.CanvasObject {
		r := canvas.NewRectangle(c)
		r.SetMinSize(fyne.NewSize(18, 14))
		r.StrokeColor, r.StrokeWidth = color.NRGBA{60, 60, 60, 255}, 1
		l := widget.NewLabel(text)
		return container.NewBorder(nil, nil, container.NewCenter(r), nil, l)
	}
	for _, c := range d.layer.Classes() {
		out = append(out, sw(c.Colour, c.Label))
	}
	if len(out) > 0 {
		out = append(out, sw(noDataColour, d.w.tr.T("dash.no_data")))
	}
	return out
}

// Report formats offered, in the menu's order.
var reportFormats = []struct{ ext, key string }{
	{".pdf", "dash.bulletin_pdf"},
	{".xlsx", "dash.bulletin_xlsx"},
}

// askFormat offers the report's formats under the button: the format is
// chosen, not guessed from a file name the user must type right.
func (d *Dashboard) askFormat() {
	if d.w.win == nil || d.is == nil {
		return
	}
	c := d.w.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.ReportBtn).AddXY(0, d.ReportBtn.Size().Height)
	widget.ShowPopUpMenuAtPosition(d.reportMenu(), c, pos)
}

// reportMenu is the formats' menu: each item asks where to write.
func (d *Dashboard) reportMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, f := range reportFormats {
		items = append(items, fyne.NewMenuItem(d.w.tr.T(f.key), func() { d.onReport(f.ext) }))
	}
	return fyne.NewMenu(d.w.tr.T("dash.bulletin"), items...)
}

// onReport asks where to write the period's report in format ext (".pdf",
// ".xlsx") and writes it there, the extension added when the name lacks it.
func (d *Dashboard) onReport(ext string) {
	p := d.period()
	fd := dialog.NewFileSave(func(u fyne.URIWriteCloser, err error) {
		if err != nil {
			d.w.showError(err)
			return
		}
		if u == nil {
			return
		}
		made := u.URI().Path()
		u.Close()
		path := reportPath(made, ext)
		if path != made {
			// the dialog made the file under the name typed: not a report
			if fi, err := os.Stat(made); err == nil && fi.Size() == 0 {
				os.Remove(made)
			}
		}
		d.writeBulletin(path, true)
	}, d.w.win)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	fd.SetFileName("bao-cao-chi-tieu-" + p.Name + ext)
	fd.Show()
}

// reportPath is the file the report in format ext goes to when the user
// names path: path itself when it ends in ext, else with ext in place of a
// report's other extension, or added.
func reportPath(path, ext string) string {
	cur := strings.ToLower(pathExt(path))
	switch {
	case cur == ext:
		return path
	case slices.ContainsFunc(reportFormats, func(f struct{ ext, key string }) bool { return f.ext == cur }):
		return path[:len(path)-len(cur)] + ext
	}
	return path + ext
}

// WriteBulletin writes the chosen period's report to path (.pdf or .xlsx)
// off the UI thread, behind a progress dialog, and says where it went.
// Wait waits for it.
func (d *Dashboard) WriteBulletin(path string) { d.writeBulletin(path, false) }

// writeBulletin writes the report; fromDialog says the file dialog created
// path (empty), which a failure then removes rather than leave an empty
// report behind.
func (d *Dashboard) writeBulletin(path string, fromDialog bool) {
	t := d.w.tr.T
	dropEmpty := func() {
		if fi, err := os.Stat(path); fromDialog && err == nil && fi.Size() == 0 {
			os.Remove(path)
		}
	}
	ext := strings.ToLower(pathExt(path))
	if ext != ".pdf" && ext != ".xlsx" {
		dropEmpty()
		d.w.showError(gis.Errorf(gis.EINVALID, "%s", t("dash.bulletin_ext", path)))
		return
	}
	p, today := d.period(), d.today()
	d.w.runLong(t("dash.bulletin_writing"), func(ctx context.Context, progress func(float64)) error {
		err := d.is.WriteBulletin(ctx, p, today, path)
		if err != nil {
			dropEmpty()
		}
		return err
	}, func() {
		d.w.info(t("dash.bulletin"), t("dash.bulletin_done", periodLabel(p, d.w.tr.Lang), path))
	})
}

func pathExt(p string) string {
	i := strings.LastIndexByte(p, '.')
	if i < 0 || strings.ContainsAny(p[i:], `/\`) {
		return ""
	}
	return p[i:]
}

// indicatorRow is one indicator in the list: a status swatch, the name,
// a progress bar as long as the progress toward the target that says the
// value and the status, the target,
// and the trend sparkline.
type indicatorRow struct {
	widget.BaseWidget
	swatch *canvas.Rectangle
	name   *widget.Label
	value  *widget.Label
	bar    *widget.ProgressBar
	over   *container.ThemeOverride // colours the bar by status
	spark  *canvas.Raster
	root   *fyne.Container

	mu        sync.Mutex
	series    []*float64
	colour    color.NRGBA
	status    string
	valueText string
	noData    bool
}

func (d *Dashboard) createRow() fyne.CanvasObject {
	r := &indicatorRow{swatch: canvas.NewRectangle(color.Transparent), name: widget.NewLabel(""),
		value: widget.NewLabel(""), bar: widget.NewProgressBar()}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.name.TextStyle.Bold = true
	r.swatch.SetMinSize(fyne.NewSize(6, 40))
	r.swatch.CornerRadius = 2
	r.bar.TextFormatter = r.barText
	r.over = container.NewThemeOverride(r.bar, statusTheme(indicator.NoData))
	r.spark = canvas.NewRaster(r.drawSpark)
	r.spark.SetMinSize(fyne.NewSize(72, 26))
	r.ExtendBaseWidget(r)
	return r
}

func (r *indicatorRow) CreateRenderer() fyne.WidgetRenderer {
	// the sparkline beside the name, so that at 1024 px the bar keeps room
	// for its text
	head := container.NewBorder(nil, nil, nil, r.spark, r.name)
	line := container.NewBorder(nil, nil, nil, r.value, r.over)
	r.root = container.NewBorder(nil, nil, r.swatch, nil, container.NewVBox(head, line))
	return widget.NewSimpleRenderer(r.root)
}

// barText is the value and the status, written on the bar; the bar's
// length is the progress toward the target written beside it. (It wrote
// the progress, "100 %" beside a value of 97,7 % for a target of 98 %:
// two percentages that said different things, one of them rounded up.)
func (r *indicatorRow) barText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.noData {
		return r.status // no value: no progress to give
	}
	return r.valueText + " · " + r.status
}

func (d *Dashboard) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*indicatorRow)
	if i < 0 || i >= len(d.rows) {
		r.name.SetText("")
		return
	}
	row := d.rows[i]
	c := StatusColour(row.Status)
	r.swatch.FillColor = c
	r.swatch.Refresh()
	r.name.SetText(row.Code + " · " + row.Name)
	r.value.SetText(row.Target)
	r.mu.Lock()
	r.series, r.colour, r.status, r.noData = row.Trend, c, row.StatusText, row.Status == indicator.NoData
	r.valueText = row.Value
	r.mu.Unlock()
	r.over.Theme = statusTheme(row.Status)
	r.bar.Value = row.Progress
	r.over.Refresh()
	if r.root != nil {
		// the value's width changed: lay the row out again
		r.root.Refresh()
	}
	r.spark.Refresh()
}

// barTheme is the app's theme with a status's colour for the progress
// bar (Fyne draws a bar in the primary colour): a blue bar said nothing of
// how the target stands.
type barTheme struct {
	fyne.Theme
	fill, text color.Color
}

func (t barTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return t.fill
	case theme.ColorNameForegroundOnPrimary:
		return t.text
	}
	return t.Theme.Color(n, v)
}

// statusTheme colours a bar by status, its text dark on the light amber
// and grey, white on the green and red.
func statusTheme(s indicator.Status) fyne.Theme {
	base := theme.DefaultTheme()
	if a := fyne.CurrentApp(); a != nil {
		base = a.Settings().Theme()
	}
	c := StatusColour(s)
	text := color.Color(color.White)
	if luminanceOf(c) > 0.3 {
		text = color.NRGBA{30, 30, 30, 255}
	}
	return barTheme{Theme: base, fill: c, text: text}
}

// luminanceOf is a colour's relative luminance (0 black, 1 white).
func luminanceOf(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// drawSpark draws the trend: a line through the periods' values scaled to
// their range, a dot on the last one.
func (r *indicatorRow) drawSpark(w, h int) image.Image {
	r.mu.Lock()
	series, c := r.series, r.colour
	r.mu.Unlock()
	return Sparkline(series, w, h, c)
}

// Sparkline draws values (nil: no figure, a gap) left to right over w×h
// pixels in colour c, scaled between their least and greatest.
func Sparkline(series []*float64, w, h int, c color.NRGBA) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range series {
		if v != nil {
			lo, hi = math.Min(lo, *v), math.Max(hi, *v)
		}
	}
	if math.IsInf(lo, 0) || w < 4 || h < 4 {
		return img
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	pad := float64(3)
	n := len(series)
	at := func(i int, v float64) orb.Point {
		x := pad
		if n > 1 {
			x += float64(i) * (float64(w) - 2*pad) / float64(n-1)
		} else {
			x = float64(w) / 2
		}
		return orb.Point{x, pad + (hi-v)/(hi-lo)*(float64(h)-2*pad)}
	}
	px := func(p orb.Point) (float32, float32) { return float32(p[0]), float32(p[1]) }
	var run orb.LineString
	flush := func() {
		if len(run) > 1 {
			stroke(img, run, px, 1.8, c)
		}
		run = nil
	}
	var last *orb.Point
	for i, v := range series {
		if v == nil {
			flush()
			continue
		}
		p := at(i, *v)
		run = append(run, p)
		last = &p
	}
	flush()
	if last != nil {
		dots(img, []orb.Point{*last}, px, 2.2, c)
	}
	return img
}
