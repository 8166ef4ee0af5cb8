package app

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/casework"
)

// CaseStore is what the inbox needs from storage besides Store
// (Deps.Cases).
type CaseStore interface {
	// Cases lists every live record of a kind (field reports,
	// violations), with or without a location.
	Cases(ctx context.Context, k gis.Kind) ([]*gis.Feature, error)
}

// Inbox filter values that are not a status or a unit.
const (
	InboxAll    = ""
	InboxOpen   = "open" // waiting for the ward: not answered or final
	InboxNoUnit = "-"    // no unit assigned yet
)

// InboxFilter chooses the cases listed.
type InboxFilter struct {
	Kind    gis.Kind // "" for both
	Status  string   // InboxAll, InboxOpen or a status value
	Unit    string   // InboxAll, InboxNoUnit or a unit
	Overdue bool
}

// Case is a report or a violation as the inbox lists it.
type Case struct {
	F       *gis.Feature
	Overdue int // days past the deadline (0: not overdue)
	When    time.Time
}

// Inbox is the queue of field reports and violations: filters, the list
// (most overdue first), and the actions that move a case on: assign,
// answer, close, duplicate, not within competence. Each action is one
// validated save in one transaction, undoable with Ctrl+Z.
type Inbox struct {
	w  *Window
	cs CaseStore

	KindSel    *widget.Select
	StatusSel  *widget.Select
	UnitSel    *widget.Select
	OverdueChk *widget.Check
	HotspotChk *widget.Check // violation hotspots drawn on the map and listed
	// HotspotInfo says in one line what a hotspot is and how many there
	// are, while HotspotChk is ticked.
	HotspotInfo *widget.Label
	Count       *widget.Label
	List        *widget.List
	// Filters folds the filters away under one line (inbox_layout.go).
	Filters *widget.Accordion

	Selected *Case
	Info     *widget.Label
	Unit     *widget.SelectEntry
	Deadline *widget.Entry
	Answer   *widget.Entry
	Reason   *widget.Entry
	DupOf    *widget.Entry

	AssignBtn, AnswerBtn, CloseBtn, DuplicateBtn, RejectBtn, ReloadBtn *widget.Button

	all      []Case // every case read
	shown    []Case
	rows     []inboxRow // the list's rows: shown, under their hotspots when those are on
	filter   InboxFilter
	statuses []string // StatusSel's values, by index
	units    []string // UnitSel's values, by index
	obj      fyne.CanvasObject
	hotspots []casework.Hotspot
	// closing is the open confirmation of a close (tests).
	closing *CloseDialog
}

// inboxRow is one row of the list: a case, or (hot >= 0) the heading of
// a hotspot whose violations follow it.
type inboxRow struct {
	c   *Case
	hot int
}

func newInbox(w *Window) *Inbox {
	b := &Inbox{w: w}
	b.cs = w.deps.Cases
	b.newFilters()
	b.newActions()
	filters := b.filters()
	actions := container.NewVBox(
		widget.NewSeparator(), b.Info,
		b.Unit, container.NewBorder(nil, nil, nil, b.AssignBtn, b.Deadline),
		b.Answer, b.AnswerBtn, b.CloseBtn,
		b.Reason, b.DupOf, b.DuplicateBtn, b.RejectBtn,
	)
	split := container.NewVSplit(container.NewBorder(filters, nil, nil, nil, b.List), container.NewVScroll(actions))
	split.Offset = inboxListShare // the list first: the detail scrolls
	b.obj = split
	b.enableActions()
	if b.cs == nil {
		b.Count.SetText(w.tr.T("inbox.unavailable"))
	}
	return b
}

// newFilters makes the list and the choices above it.
func (b *Inbox) newFilters() {
	w, t := b.w, b.w.tr.T
	b.KindSel = widget.NewSelect([]string{t("inbox.all_kinds"), t("inbox.reports"), t("inbox.violations")}, nil)
	b.KindSel.SetSelectedIndex(0)
	b.KindSel.OnChanged = func(string) { b.onFilter() }
	b.statuses = []string{InboxAll, InboxOpen}
	labels := []string{t("inbox.all_status"), t("inbox.open")}
	for _, k := range []gis.Kind{gis.Report, gis.Violation} {
		fd, _ := gis.MustLookup(k).Field("status")
		for _, o := range fd.Options {
			if !slices.Contains(b.statuses, o.Value) {
				b.statuses = append(b.statuses, o.Value)
				labels = append(labels, o.Label.In(w.tr.Lang))
			}
		}
	}
	b.StatusSel = widget.NewSelect(labels, nil)
	b.StatusSel.SetSelectedIndex(0)
	b.StatusSel.OnChanged = func(string) { b.onFilter() }
	b.UnitSel = widget.NewSelect(nil, nil)
	b.OverdueChk = widget.NewCheck(t("inbox.overdue_only"), func(bool) { b.onFilter() })
	b.HotspotChk = widget.NewCheck(t("inbox.hotspots"), nil)
	b.HotspotChk.Checked = w.set.InboxHotspots() // shown when the cases are read
	b.HotspotChk.OnChanged = func(on bool) {
		w.set.SetInboxHotspots(on)
		b.showHotspots(on)
		b.titleFilters()
	}
	b.HotspotInfo = widget.NewLabel("")
	b.HotspotInfo.Wrapping = fyne.TextWrapWord
	b.HotspotInfo.Importance = widget.DangerImportance
	b.HotspotInfo.Hidden = !b.HotspotChk.Checked
	b.Count = widget.NewLabel("")
	b.Count.Wrapping = fyne.TextWrapWord
	b.List = widget.NewList(b.length, b.createItem, b.updateItem)
	b.List.OnSelected = b.onSelected
	b.setUnits()
}

// newActions makes the selected case's details and what can be done to it.
func (b *Inbox) newActions() {
	t := b.w.tr.T
	b.Info = widget.NewLabel(t("inbox.none_selected"))
	b.Info.Wrapping = fyne.TextWrapWord
	var units []string
	for _, l := range casework.ServiceLevels {
		if !slices.Contains(units, l.Unit) {
			units = append(units, l.Unit)
		}
	}
	b.Unit = widget.NewSelectEntry(units)
	b.Unit.SetPlaceHolder(t("inbox.unit"))
	b.Deadline = widget.NewEntry()
	b.Deadline.SetPlaceHolder(t("inbox.deadline_hint"))
	b.Answer = widget.NewMultiLineEntry()
	b.Answer.SetPlaceHolder(t("inbox.answer_hint"))
	b.Answer.Wrapping = fyne.TextWrapWord
	b.Reason = widget.NewEntry()
	b.Reason.SetPlaceHolder(t("inbox.reason_hint"))
	b.DupOf = widget.NewEntry()
	b.DupOf.SetPlaceHolder(t("inbox.dup_of_hint"))
	b.AssignBtn = &widget.Button{Text: t("inbox.assign"), Icon: theme.AccountIcon(), OnTapped: b.onAction(b.Assign)}
	b.AnswerBtn = &widget.Button{Text: t("inbox.answer"), Icon: theme.MailReplyIcon(), Importance: widget.HighImportance, OnTapped: b.onAction(b.AnswerIt)}
	b.CloseBtn = &widget.Button{Text: t("inbox.close"), Icon: theme.ConfirmIcon(), OnTapped: b.askClose}
	b.DuplicateBtn = &widget.Button{Text: t("inbox.duplicate"), Icon: theme.ContentCopyIcon(), OnTapped: b.onAction(b.MarkDuplicate)}
	b.RejectBtn = &widget.Button{Text: t("inbox.reject"), Icon: theme.CancelIcon(), OnTapped: b.onAction(b.NotCompetent)}
	b.ReloadBtn = &widget.Button{Icon: theme.ViewRefreshIcon(), OnTapped: func() { b.w.background(b.Reload) }}
}

// Object returns the panel.
func (b *Inbox) Object() fyne.CanvasObject { return b.obj }

// Shown returns the cases listed under the current filter.
func (b *Inbox) Shown() []Case { return b.shown }

func (b *Inbox) reportErr(err error) {
	if err != nil {
		b.w.showError(err)
	}
}

func (b *Inbox) today() gis.Date { return gis.LocalDate(b.w.deps.Now()) }

// Reload reads every report and violation again and applies the filter.
// Tests call it directly.
func (b *Inbox) Reload(ctx context.Context) error {
	if b.cs == nil {
		return nil
	}
	today := b.today()
	var all []Case
	for _, k := range []gis.Kind{gis.Report, gis.Violation} {
		fs, err := b.cs.Cases(ctx, k)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.Deleted {
				continue
			}
			c := Case{F: f, Overdue: casework.CaseOverdue(f, today)}
			if k == gis.Report {
				c.When, _ = f.Time("received_at")
			} else if d, ok := f.Date("found_on"); ok {
				c.When = d.Time()
			}
			all = append(all, c)
		}
	}
	slices.SortStableFunc(all, func(a, c Case) int {
		return cmp.Or(cmp.Compare(c.Overdue, a.Overdue), c.When.Compare(a.When), cmp.Compare(a.F.ID, c.F.ID))
	})
	fyne.Do(func() {
		b.all = all
		b.setUnits()
		if b.HotspotChk.Checked {
			b.findHotspots() // the violations changed
		}
		b.apply()
	})
	return nil
}

// showHotspots shows (or hides) the places where violations of one kind
// keep coming back (casework.Hotspots with the catalogue's radius and
// threshold): ringed in red on the map, which moves to show them all, and
// in the list, each followed by its violations, with one line saying what
// a hotspot is.
func (b *Inbox) showHotspots(on bool) {
	b.hotspots = nil
	if on {
		b.findHotspots()
	} else if b.w.Planner != nil {
		b.w.Planner.layer.setHotspots(nil)
	}
	b.HotspotInfo.Hidden = !on
	b.apply()
	if on && len(b.hotspots) > 0 {
		var bd orb.Bound
		for i, h := range b.hotspots {
			if i == 0 {
				bd = h.Center.Bound()
			}
			bd = bd.Extend(h.Center)
		}
		b.w.Map.ShowBound(bd.Pad(0.0006), 18)
	}
}

// findHotspots groups the violations read into hotspots and rings them.
func (b *Inbox) findHotspots() {
	var vs []*gis.Feature
	for _, c := range b.all {
		if c.F.Kind == gis.Violation {
			vs = append(vs, c.F)
		}
	}
	b.hotspots = casework.Hotspots(vs, casework.HotspotRadius, casework.HotspotThreshold)
	if b.w.Planner != nil {
		b.w.Planner.layer.setHotspots(b.hotspots)
	}
	t := b.w.tr.T
	if len(b.hotspots) == 0 {
		b.HotspotInfo.SetText(t("inbox.hotspots_none", casework.HotspotThreshold, casework.HotspotRadius))
	} else {
		b.HotspotInfo.SetText(t("inbox.hotspots_explain", len(b.hotspots), casework.HotspotThreshold, casework.HotspotRadius))
	}
}

// Hotspots returns the hotspots shown on the map (none when hidden).
func (b *Inbox) Hotspots() []casework.Hotspot { return b.hotspots }

// SetFilter chooses what is listed.
func (b *Inbox) SetFilter(f InboxFilter) {
	switch f.Kind {
	case gis.Report:
		b.KindSel.SetSelectedIndex(1)
	case gis.Violation:
		b.KindSel.SetSelectedIndex(2)
	default:
		b.KindSel.SetSelectedIndex(0)
	}
	if i := slices.Index(b.statuses, f.Status); i >= 0 {
		b.StatusSel.SetSelectedIndex(i)
	}
	b.setUnits()
	if i := slices.Index(b.units, f.Unit); i >= 0 {
		b.UnitSel.SetSelectedIndex(i)
	}
	b.OverdueChk.SetChecked(f.Overdue)
	b.onFilter()
}

// Filter returns the filter in force.
func (b *Inbox) Filter() InboxFilter { return b.filter }

// Matches says whether a case passes the filter.
func (f InboxFilter) Matches(c Case) bool {
	if f.Kind != "" && c.F.Kind != f.Kind {
		return false
	}
	st := c.F.Text("status")
	switch f.Status {
	case InboxAll:
	case InboxOpen:
		if !casework.CaseOpen(c.F) {
			return false
		}
	default:
		if st != f.Status {
			return false
		}
	}
	switch f.Unit {
	case InboxAll:
	case InboxNoUnit:
		if strings.TrimSpace(c.F.Text("unit")) != "" {
			return false
		}
	default:
		if c.F.Text("unit") != f.Unit {
			return false
		}
	}
	return !f.Overdue || c.Overdue > 0
}

// setUnits fills the unit filter with the units of the cases read.
func (b *Inbox) setUnits() {
	t := b.w.tr.T
	keep := ""
	if i := b.UnitSel.SelectedIndex(); i >= 0 && i < len(b.units) {
		keep = b.units[i]
	}
	var units []string
	for _, c := range b.all {
		if u := c.F.Text("unit"); u != "" && !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	slices.Sort(units)
	b.units = append([]string{InboxAll, InboxNoUnit}, units...)
	labels := append([]string{t("inbox.all_units"), t("inbox.no_unit")}, units...)
	b.UnitSel.OnChanged = nil
	b.UnitSel.SetOptions(labels)
	i := max(slices.Index(b.units, keep), 0)
	b.UnitSel.SetSelectedIndex(i)
	b.UnitSel.OnChanged = func(string) { b.onFilter() }
}

func (b *Inbox) onFilter() {
	f := InboxFilter{Overdue: b.OverdueChk.Checked}
	switch b.KindSel.SelectedIndex() {
	case 1:
		f.Kind = gis.Report
	case 2:
		f.Kind = gis.Violation
	}
	if i := b.StatusSel.SelectedIndex(); i >= 0 && i < len(b.statuses) {
		f.Status = b.statuses[i]
	}
	if i := b.UnitSel.SelectedIndex(); i >= 0 && i < len(b.units) {
		f.Unit = b.units[i]
	}
	b.filter = f
	b.titleFilters()
	b.apply()
	if b.Selected != nil && !b.listed(b.Selected.F.ID) {
		// The detail would be of a case the list no longer shows.
		b.clearSelection()
	}
}

// listed says whether the case with id is in the list.
func (b *Inbox) listed(id string) bool {
	return slices.ContainsFunc(b.shown, func(c Case) bool { return c.F.ID == id })
}

// clearSelection empties the detail and the action fields.
func (b *Inbox) clearSelection() {
	b.Selected = nil
	for _, e := range []*widget.Entry{b.Deadline, b.Answer, b.Reason, b.DupOf} {
		e.SetText("")
	}
	b.Unit.SetText("")
	b.showSelected()
}

// apply lists the cases that pass the filter, keeping the selection (a
// case acted on stays selected after it leaves the list, so that the next
// step can follow). With hotspots on, the list holds each hotspot and,
// under it, its violations that pass the filter (whatever its kind).
func (b *Inbox) apply() {
	b.shown, b.rows = nil, nil
	overdue := 0
	add := func(c Case) {
		b.shown = append(b.shown, c)
		b.rows = append(b.rows, inboxRow{c: &b.shown[len(b.shown)-1], hot: -1})
		if c.Overdue > 0 {
			overdue++
		}
	}
	if b.HotspotChk.Checked {
		byID := make(map[string]Case, len(b.all))
		for _, c := range b.all {
			byID[c.F.ID] = c
		}
		f := b.filter
		f.Kind = ""
		for i, h := range b.hotspots {
			b.rows = append(b.rows, inboxRow{hot: i})
			for _, id := range h.IDs {
				if c, ok := byID[id]; ok && f.Matches(c) {
					add(c)
				}
			}
		}
	} else {
		for _, c := range b.all {
			if b.filter.Matches(c) {
				add(c)
			}
		}
	}
	// rows point into shown: rebuild the pointers now that it stopped growing
	k := 0
	for i := range b.rows {
		if b.rows[i].hot < 0 {
			b.rows[i].c = &b.shown[k]
			k++
		}
	}
	b.Count.SetText(b.w.tr.T("inbox.count", len(b.shown), len(b.all), overdue))
	b.List.UnselectAll()
	if b.Selected != nil {
		for i, r := range b.rows {
			if r.c != nil && r.c.F.ID == b.Selected.F.ID {
				sel := *r.c
				b.Selected = &sel
				b.List.Select(i)
				break
			}
		}
	}
	b.List.Refresh()
	b.showSelected()
}

func (b *Inbox) length() int { return len(b.rows) }

func (b *Inbox) createItem() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (b *Inbox) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	// The list may lay out a row it counted before a reload shortened the
	// list (Fyne's test driver runs fyne.Do on the calling goroutine):
	// such a row is about to be dropped, so leave it blank.
	l := o.(*widget.Label)
	if i < 0 || i >= len(b.rows) {
		l.SetText("")
		return
	}
	r := b.rows[i]
	if r.hot >= 0 {
		l.TextStyle.Bold, l.Importance = true, widget.DangerImportance
		l.SetText(b.hotspotLine(b.hotspots[r.hot]))
		return
	}
	l.TextStyle.Bold, l.Importance = false, widget.MediumImportance
	text := b.line(*r.c)
	if b.HotspotChk.Checked {
		text = "    " + text // under its hotspot
	}
	l.SetText(text)
}

// hotspotLine is a hotspot's heading: the kind, how many violations (and
// how many still open), where.
func (b *Inbox) hotspotLine(h casework.Hotspot) string {
	kind := h.Kind
	if fd, ok := gis.MustLookup(gis.Violation).Field("kind"); ok {
		if o, ok := fd.Option(h.Kind); ok {
			kind = o.Label.In(b.w.tr.Lang)
		}
	}
	s := b.w.tr.T("inbox.hotspot_line", kind, h.Count, h.Open)
	if h.Address != "" {
		s += " · " + h.Address
	}
	return s
}

// line is a case's row: overdue mark, title, kind, status. The title
// (what and where) comes first: at 1024 px a row shows ~35 characters,
// and "⚠ quá hạn 141 ngày · Vi phạm: Đ…" left out what the case was.
func (b *Inbox) line(c Case) string {
	lang := b.w.tr.Lang
	sc := gis.MustLookup(c.F.Kind)
	status := c.F.Text("status")
	if fd, ok := sc.Field("status"); ok {
		if o, ok := fd.Option(status); ok {
			status = o.Label.In(lang)
		}
	}
	s := c.F.Title(lang) + " · " + sc.Label.In(lang) + " · " + status
	if c.Overdue > 0 {
		s = b.w.tr.T("inbox.overdue_mark", c.Overdue) + " " + s
	}
	return s
}

// onSelected shows the case on the map and in the form, and fills the
// action fields.
func (b *Inbox) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(b.rows) {
		return
	}
	if h := b.rows[i].hot; h >= 0 {
		b.onHotspot(b.hotspots[h])
		return
	}
	c := *b.rows[i].c
	if b.Selected != nil && b.Selected.F.ID == c.F.ID {
		return
	}
	b.Selected = &c
	b.Unit.SetText(c.F.Text("unit"))
	b.Deadline.SetText("")
	if dl, ok := c.F.Date("deadline"); ok {
		b.Deadline.SetText(dl.VN())
	}
	b.Answer.SetText(c.F.Text("public_answer"))
	b.Reason.SetText("")
	b.DupOf.SetText("")
	if c.F.Kind == gis.Report && c.F.Text("status") == casework.Received {
		var reports []*gis.Feature
		for _, o := range b.all {
			if o.F.Kind == gis.Report {
				reports = append(reports, o.F)
			}
		}
		if sg := casework.SuggestDuplicates(c.F, reports); len(sg) > 0 {
			b.DupOf.SetText(sg[0].ID)
		}
	}
	b.showSelected()
	b.w.showFeature(c.F)
}

// onHotspot moves the map to a hotspot's violations and says what it is.
func (b *Inbox) onHotspot(h casework.Hotspot) {
	b.clearSelection()
	var bd orb.Bound
	first := true
	for _, c := range b.all {
		if p, ok := c.F.Geom.(orb.Point); ok && slices.Contains(h.IDs, c.F.ID) {
			if first {
				bd, first = p.Bound(), false
			}
			bd = bd.Extend(p)
		}
	}
	if !first {
		b.w.Map.ShowBound(bd.Pad(0.0004), 19)
	}
	b.Info.SetText(b.hotspotLine(h) + "\n" + b.w.tr.T("inbox.hotspot_detail", casework.HotspotRadius))
}

// Select selects the case with id, as a click on its row does.
func (b *Inbox) Select(id string) bool {
	for i, r := range b.rows {
		if r.c != nil && r.c.F.ID == id {
			b.List.Select(i)
			return true
		}
	}
	return false
}

// SelectHotspot selects the i-th hotspot's heading, as a click does.
func (b *Inbox) SelectHotspot(i int) bool {
	for k, r := range b.rows {
		if r.hot == i {
			b.List.Select(k)
			return true
		}
	}
	return false
}

func (b *Inbox) showSelected() {
	t := b.w.tr.T
	if b.Selected == nil {
		b.Info.SetText(t("inbox.none_selected"))
		if b.HotspotChk.Checked && len(b.hotspots) > 0 {
			b.Info.SetText(t("inbox.hotspots_hint"))
		}
	} else {
		f := b.Selected.F
		text := b.line(*b.Selected)
		if dl, ok := f.Date("deadline"); ok {
			text += "\n" + t("inbox.deadline_is", dl.VN())
		} else if dl, ok := casework.EffectiveDeadline(f); ok && f.Kind == gis.Report {
			text += "\n" + t("inbox.deadline_is", dl.VN())
		}
		if s := f.Text("text"); s != "" {
			text += "\n" + s
		} else if s := f.Text("description"); s != "" {
			text += "\n" + s
		}
		b.Info.SetText(text)
	}
	b.enableActions()
}

// enableActions enables what the selected case's status allows.
func (b *Inbox) enableActions() {
	btns := []*widget.Button{b.AssignBtn, b.AnswerBtn, b.CloseBtn, b.DuplicateBtn, b.RejectBtn}
	for _, x := range btns {
		x.Disable()
	}
	if b.Selected == nil {
		return
	}
	f := b.Selected.F
	st := f.Text("status")
	if f.Kind == gis.Violation {
		if st != casework.Resolved {
			b.AssignBtn.Enable()
			b.CloseBtn.Enable()
		}
		return
	}
	next := casework.NextReportStatuses(st)
	for to, x := range map[string]*widget.Button{casework.Assigned: b.AssignBtn, casework.Answered: b.AnswerBtn,
		casework.Closed: b.CloseBtn, casework.Duplicate: b.DuplicateBtn, casework.NotCompetent: b.RejectBtn} {
		if slices.Contains(next, to) {
			x.Enable()
		}
	}
}

func (b *Inbox) onAction(fn func() error) func() {
	return func() { b.reportErr(fn()) }
}

// act applies edit to a fresh copy of the selected case and saves it, with
// any other records edit returns, in one transaction that Ctrl+Z undoes.
func (b *Inbox) act(label string, edit func(f *gis.Feature) ([]*gis.Feature, error)) error {
	if b.Selected == nil {
		return gis.Errorf(gis.EINVALID, "%s", b.w.tr.T("inbox.none_selected"))
	}
	ctx := context.Background()
	sel := b.Selected.F
	cur, err := b.w.deps.Store.Get(ctx, sel.Kind, sel.ID)
	if err != nil {
		return err
	}
	f := clone(cur)
	others, err := edit(f)
	if err != nil {
		return err
	}
	save := []*gis.Feature{f}
	olds := []*gis.Feature{clone(cur)}
	var ins []*gis.Feature // records the action adds (a re-inspection)
	var added []Ref
	for _, s := range others {
		old, err := b.w.deps.Store.Get(ctx, s.Kind, s.ID)
		switch {
		case gis.ErrorCode(err) == gis.ENOTFOUND:
			ins, added = append(ins, s), append(added, Ref{s.Kind, s.ID})
		case err != nil:
			return err
		default:
			save, olds = append(save, s), append(olds, clone(old))
		}
	}
	for _, s := range append(slices.Clone(save), ins...) {
		gis.Derive(s)
		if err := gis.Validate(s); err != nil {
			return err
		}
	}
	do := Change{Save: cloneAll(save), Insert: cloneAll(ins)}
	undo := Change{Save: olds, Delete: added}
	redo := Change{Save: cloneAll(save), Restore: added}
	if err := b.w.do(label+": "+f.Title(b.w.tr.Lang), do, undo, redo); err != nil {
		return err
	}
	b.Selected = &Case{F: f}
	return b.Reload(ctx)
}

// Assign gives the selected case to the unit typed (a report's default is
// its category's unit) with the deadline typed (a report's default is its
// service level).
func (b *Inbox) Assign() error {
	t := b.w.tr.T
	unit := strings.TrimSpace(b.Unit.Text)
	var dl gis.Date
	if s := strings.TrimSpace(b.Deadline.Text); s != "" {
		d, err := gis.ParseDay(s)
		if err != nil {
			return gis.Errorf(gis.EINVALID, "%s", t("inbox.bad_deadline", s))
		}
		dl = d
	}
	return b.act(t("inbox.assign"), func(f *gis.Feature) ([]*gis.Feature, error) {
		start, ok := f.Date("found_on")
		if rt, ok2 := f.Time("received_at"); ok2 {
			start, ok = gis.LocalDate(rt), true
		}
		if !dl.IsZero() && ok && dl.Before(start) {
			return nil, gis.Errorf(gis.EINVALID, "%s", t("inbox.deadline_before", dl.VN(), start.VN()))
		}
		if f.Kind == gis.Report {
			return nil, casework.Apply(f, casework.Step{To: casework.Assigned, At: b.w.deps.Now(), Unit: unit, Deadline: dl})
		}
		if unit == "" {
			return nil, gis.Errorf(gis.EINVALID, "%s", t("inbox.need_unit"))
		}
		f.Attrs["unit"] = unit
		if !dl.IsZero() {
			f.Attrs["deadline"] = dl
		}
		return nil, nil
	})
}

// AnswerIt answers the selected report publicly; the duplicates merged
// into it get the same answer.
func (b *Inbox) AnswerIt() error {
	text := strings.TrimSpace(b.Answer.Text)
	return b.act(b.w.tr.T("inbox.answer"), func(f *gis.Feature) ([]*gis.Feature, error) {
		var all []*gis.Feature
		for _, c := range b.all {
			if c.F.Kind == gis.Report && c.F.ID != f.ID {
				all = append(all, clone(c.F))
			}
		}
		return casework.Answer(f, all, text, b.w.deps.Now())
	})
}

// askClose asks to confirm the close of the selected case (and, for a
// violation, what the re-inspection found) before Close.
func (b *Inbox) askClose() {
	if b.Selected == nil || b.w.win == nil {
		return
	}
	b.closing = b.w.closeDialog(b.Selected.F, 0, func(note string) {
		b.closing = nil
		b.reportErr(b.Close(note))
	}, func() { b.closing = nil })
}

// Closing returns the open confirmation of a close, or nil.
func (b *Inbox) Closing() *CloseDialog { return b.closing }

// Close closes an answered report, or records a violation as resolved
// with the re-inspection that found it fixed (note: what it found), in one
// transaction.
func (b *Inbox) Close(note string) error {
	return b.act(b.w.tr.T("inbox.close"), func(f *gis.Feature) ([]*gis.Feature, error) {
		if f.Kind == gis.Report {
			return nil, casework.Apply(f, casework.Step{To: casework.Closed, At: b.w.deps.Now()})
		}
		note = strings.TrimSpace(note)
		if note == "" {
			return nil, gis.Errorf(gis.EINVALID, "%s", b.w.tr.T("close.need_evidence"))
		}
		if err := casework.Reinspect(f, b.today(), casework.Fixed); err != nil {
			return nil, err
		}
		return []*gis.Feature{b.w.reinspection(f, note)}, nil
	})
}

// MarkDuplicate marks the selected report a duplicate of the report named
// in the duplicate-of field, with the reason typed (or, without one, the
// merge's own: it will be answered with the original).
func (b *Inbox) MarkDuplicate() error {
	t := b.w.tr.T
	of := strings.TrimSpace(b.DupOf.Text)
	reason := strings.TrimSpace(b.Reason.Text)
	return b.act(t("inbox.duplicate"), func(f *gis.Feature) ([]*gis.Feature, error) {
		if !gis.ValidID(of) || of == f.ID {
			return nil, gis.Errorf(gis.EINVALID, "%s", t("inbox.bad_dup_of"))
		}
		orig, err := b.w.deps.Store.Get(context.Background(), gis.Report, of)
		if err != nil {
			return nil, gis.Errorf(gis.EINVALID, "%s", t("inbox.bad_dup_of"))
		}
		if reason == "" {
			return nil, casework.Merge(f, orig, b.w.deps.Now())
		}
		if err := casework.Merge(clone(f), orig, b.w.deps.Now()); err != nil {
			return nil, err // the original must be able to take followers
		}
		return nil, casework.Apply(f, casework.Step{To: casework.Duplicate, At: b.w.deps.Now(), DuplicateOf: of, Reason: reason})
	})
}

// NotCompetent closes the selected report as not within the ward's
// competence, with the reason typed.
func (b *Inbox) NotCompetent() error {
	reason := strings.TrimSpace(b.Reason.Text)
	return b.act(b.w.tr.T("inbox.reject"), func(f *gis.Feature) ([]*gis.Feature, error) {
		return nil, casework.Apply(f, casework.Step{To: casework.NotCompetent, At: b.w.deps.Now(), Reason: reason})
	})
}
