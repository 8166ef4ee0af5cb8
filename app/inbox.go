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
	HotspotChk *widget.Check // violation hotspots drawn on the map
	Count      *widget.Label
	List       *widget.List

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
	filter   InboxFilter
	statuses []string // StatusSel's values, by index
	units    []string // UnitSel's values, by index
	obj      fyne.CanvasObject
	hotspots []casework.Hotspot
}

func newInbox(w *Window) *Inbox {
	t := w.tr.T
	b := &Inbox{w: w}
	b.cs = w.deps.Cases
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
	b.HotspotChk = widget.NewCheck(t("inbox.hotspots"), func(on bool) { b.showHotspots(on) })
	b.Count = widget.NewLabel("")
	b.List = widget.NewList(b.length, b.createItem, b.updateItem)
	b.List.OnSelected = b.onSelected
	b.setUnits()

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
	b.CloseBtn = &widget.Button{Text: t("inbox.close"), Icon: theme.ConfirmIcon(), OnTapped: b.onAction(b.Close)}
	b.DuplicateBtn = &widget.Button{Text: t("inbox.duplicate"), Icon: theme.ContentCopyIcon(), OnTapped: b.onAction(b.MarkDuplicate)}
	b.RejectBtn = &widget.Button{Text: t("inbox.reject"), Icon: theme.CancelIcon(), OnTapped: b.onAction(b.NotCompetent)}
	b.ReloadBtn = &widget.Button{Icon: theme.ViewRefreshIcon(), OnTapped: func() { b.w.background(b.Reload) }}

	filters := container.NewVBox(
		container.NewGridWithColumns(2, b.KindSel, b.StatusSel),
		container.NewBorder(nil, nil, nil, b.ReloadBtn, b.UnitSel),
		container.NewBorder(nil, nil, nil, b.Count, container.NewHBox(b.OverdueChk, b.HotspotChk)),
	)
	actions := container.NewVBox(
		widget.NewSeparator(), b.Info,
		b.Unit, container.NewBorder(nil, nil, nil, b.AssignBtn, b.Deadline),
		b.Answer, container.NewGridWithColumns(2, b.AnswerBtn, b.CloseBtn),
		b.Reason, b.DupOf, container.NewGridWithColumns(2, b.DuplicateBtn, b.RejectBtn),
	)
	split := container.NewVSplit(container.NewBorder(filters, nil, nil, nil, b.List), container.NewVScroll(actions))
	split.Offset = 0.5
	b.obj = split
	b.enableActions()
	if b.cs == nil {
		b.Count.SetText(t("inbox.unavailable"))
	}
	return b
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
		b.apply()
	})
	return nil
}

// showHotspots draws (or hides) the places where violations of one kind
// keep coming back (casework.Hotspots with the catalogue's radius and
// threshold) on the map, ringed in red.
func (b *Inbox) showHotspots(on bool) {
	b.hotspots = nil
	if on {
		var vs []*gis.Feature
		for _, c := range b.all {
			if c.F.Kind == gis.Violation {
				vs = append(vs, c.F)
			}
		}
		b.hotspots = casework.Hotspots(vs, casework.HotspotRadius, casework.HotspotThreshold)
	}
	if b.w.Planner != nil {
		b.w.Planner.layer.setHotspots(b.hotspots)
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
	b.apply()
}

// apply lists the cases that pass the filter, keeping the selection.
func (b *Inbox) apply() {
	b.shown = nil
	overdue := 0
	for _, c := range b.all {
		if b.filter.Matches(c) {
			b.shown = append(b.shown, c)
			if c.Overdue > 0 {
				overdue++
			}
		}
	}
	b.Count.SetText(b.w.tr.T("inbox.count", len(b.shown), len(b.all), overdue))
	b.List.UnselectAll()
	if b.Selected != nil {
		for i, c := range b.shown {
			if c.F.ID == b.Selected.F.ID {
				sel := c
				b.Selected = &sel
				b.List.Select(i)
				break
			}
		}
	}
	b.List.Refresh()
	b.showSelected()
}

func (b *Inbox) length() int { return len(b.shown) }

func (b *Inbox) createItem() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (b *Inbox) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	// The list may lay out a row it counted before a reload shortened the
	// list (Fyne's test driver runs fyne.Do on the calling goroutine):
	// such a row is about to be dropped, so leave it blank.
	if i < 0 || i >= len(b.shown) {
		o.(*widget.Label).SetText("")
		return
	}
	o.(*widget.Label).SetText(b.line(b.shown[i]))
}

// line is a case's row: overdue mark, kind, title, status.
func (b *Inbox) line(c Case) string {
	lang := b.w.tr.Lang
	sc := gis.MustLookup(c.F.Kind)
	status := c.F.Text("status")
	if fd, ok := sc.Field("status"); ok {
		if o, ok := fd.Option(status); ok {
			status = o.Label.In(lang)
		}
	}
	s := sc.Label.In(lang) + ": " + c.F.Title(lang) + " · " + status
	if c.Overdue > 0 {
		s = b.w.tr.T("inbox.overdue_mark", c.Overdue) + " " + s
	}
	return s
}

// onSelected shows the case on the map and in the form, and fills the
// action fields.
func (b *Inbox) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(b.shown) {
		return
	}
	c := b.shown[i]
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

// Select selects the case with id, as a click on its row does.
func (b *Inbox) Select(id string) bool {
	for i, c := range b.shown {
		if c.F.ID == id {
			b.List.Select(i)
			return true
		}
	}
	return false
}

func (b *Inbox) showSelected() {
	t := b.w.tr.T
	if b.Selected == nil {
		b.Info.SetText(t("inbox.none_selected"))
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
	save := append([]*gis.Feature{f}, others...)
	var olds []*gis.Feature
	for _, s := range save {
		gis.Derive(s)
		if err := gis.Validate(s); err != nil {
			return err
		}
		old := cur
		if s != f {
			if old, err = b.w.deps.Store.Get(ctx, s.Kind, s.ID); err != nil {
				return err
			}
		}
		olds = append(olds, clone(old))
	}
	if err := b.w.do(label+": "+f.Title(b.w.tr.Lang), Change{Save: cloneAll(save)}, Change{Save: olds}, Change{Save: cloneAll(save)}); err != nil {
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

// Close closes an answered report, or records a violation as resolved.
func (b *Inbox) Close() error {
	return b.act(b.w.tr.T("inbox.close"), func(f *gis.Feature) ([]*gis.Feature, error) {
		if f.Kind == gis.Report {
			return nil, casework.Apply(f, casework.Step{To: casework.Closed, At: b.w.deps.Now()})
		}
		if err := casework.CanMoveViolation(f.Text("status"), casework.Resolved); err != nil {
			return nil, err
		}
		f.Attrs["status"] = casework.Resolved
		return nil, nil
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
