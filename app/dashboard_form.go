package app

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// EntryForm is where the owner of a reported indicator (a TDP head, a
// school, an office, a unit) enters a figure. The store checks it; its
// refusal is shown beside the field it is about.
type EntryForm struct {
	d *Dashboard

	Target    *widget.Select
	Where     *widget.SelectEntry // the TDP (by name) or the organisation
	WhereErr  *widget.Label
	Period    *widget.SelectEntry
	PeriodErr *widget.Label
	Value     *widget.Entry
	ValueErr  *widget.Label
	Note      *widget.Entry
	By        *widget.Label
	SaveBtn   *widget.Button
	// Msg says what the last save did, or an error tied to no field.
	Msg *widget.Label

	targets []indicator.Target // the reported ones, as Target lists them
	tdps    []indicator.TDPInfo
	shown   string // the code the fields are fitted to
	obj     fyne.CanvasObject
}

func newEntryForm(d *Dashboard) *EntryForm {
	t := d.w.tr.T
	f := &EntryForm{d: d}
	errLabel := func() *widget.Label {
		l := widget.NewLabel("")
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		l.Hide()
		return l
	}
	f.Target = widget.NewSelect(nil, func(string) { f.onTarget() })
	f.Target.PlaceHolder = t("dash.form_target_hint")
	f.Where = widget.NewSelectEntry(nil)
	f.WhereErr = errLabel()
	f.Period = widget.NewSelectEntry(nil)
	f.Period.SetPlaceHolder("2026-10 | 2026")
	f.PeriodErr = errLabel()
	f.Value = widget.NewEntry()
	f.Value.OnSubmitted = func(string) { f.onSave() }
	f.ValueErr = errLabel()
	f.Note = widget.NewEntry()
	f.Note.SetPlaceHolder(t("dash.form_note_hint"))
	f.By = widget.NewLabel("")
	f.By.Wrapping = fyne.TextWrapWord
	f.Msg = widget.NewLabel("")
	f.Msg.Wrapping = fyne.TextWrapWord
	f.SaveBtn = &widget.Button{Text: t("dash.form_save"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: f.onSave}
	form := widget.NewForm(
		widget.NewFormItem(t("dash.form_target"), f.Target),
		widget.NewFormItem(t("dash.form_where"), container.NewVBox(f.Where, f.WhereErr)),
		widget.NewFormItem(t("dash.form_period"), container.NewVBox(f.Period, f.PeriodErr)),
		widget.NewFormItem(t("dash.form_value"), container.NewVBox(f.Value, f.ValueErr)),
		widget.NewFormItem(t("dash.form_note"), f.Note),
	)
	// labels above their fields: beside them, the form was wider than the
	// side panel at 1024 px and pushed the whole dashboard out of it
	form.Orientation = widget.Vertical
	f.obj = container.NewVBox(form, f.By, f.SaveBtn, f.Msg)
	f.onTarget()
	return f
}

// setCatalogue offers the catalogue's reported targets and the board's
// residential groups, keeping the choice.
func (f *EntryForm) setCatalogue(cat indicator.Catalogue, b *indicator.Board) {
	lang := f.d.w.tr.Lang
	keep := f.target()
	f.targets = f.targets[:0]
	var opts []string
	for _, t := range cat {
		if t.Kind == indicator.Reported {
			f.targets = append(f.targets, t)
			opts = append(opts, t.Code+" · "+t.Name.In(lang))
		}
	}
	f.tdps = f.tdps[:0]
	for _, tb := range b.TDPs {
		f.tdps = append(f.tdps, tb.TDP)
	}
	slices.SortFunc(f.tdps, func(a, b indicator.TDPInfo) int { return strings.Compare(a.Name, b.Name) })
	f.Target.Options = opts
	f.Target.Refresh()
	if keep != nil {
		f.chooseTarget(keep.Code)
	}
	f.onTarget()
}

// chooseTarget selects the target with code when it is a reported one.
func (f *EntryForm) chooseTarget(code string) {
	for i, t := range f.targets {
		if t.Code == code {
			if f.Target.SelectedIndex() != i {
				f.Target.SetSelectedIndex(i)
			}
			return
		}
	}
}

// target is the chosen target (nil: none).
func (f *EntryForm) target() *indicator.Target {
	i := f.Target.SelectedIndex()
	if i < 0 || i >= len(f.targets) {
		return nil
	}
	return &f.targets[i]
}

// onTarget fits the fields to the chosen target: who it is entered for,
// the reporting periods, the range of the value.
func (f *EntryForm) onTarget() {
	t := f.d.w.tr.T
	f.By.SetText(t("dash.form_by", f.d.w.user()))
	tg := f.target()
	code := ""
	if tg != nil {
		code = tg.Code
	}
	if code != f.shown {
		// a new target: the last one's messages no longer apply
		f.clearErrors()
		f.shown = code
	}
	if tg == nil {
		f.Where.Disable()
		f.Period.Disable()
		f.Value.Disable()
		f.SaveBtn.Disable()
		return
	}
	f.Period.Enable()
	f.Value.Enable()
	f.SaveBtn.Enable()
	switch {
	case tg.HasScope(indicator.TDP):
		var names []string
		for _, x := range f.tdps {
			names = append(names, x.Name)
		}
		f.Where.SetOptions(names)
		f.Where.Enable()
		f.Where.SetPlaceHolder(t("dash.form_where_tdp"))
	case tg.HasScope(indicator.Organisation):
		f.Where.SetOptions(nil)
		f.Where.Enable()
		f.Where.SetPlaceHolder(t("dash.form_where_org"))
	default:
		f.Where.SetOptions(nil)
		f.Where.SetText("")
		f.Where.SetPlaceHolder(t("dash.ward"))
		f.Where.Disable()
	}
	var periods []string
	for _, p := range f.d.period().Subperiods(tg.Frequency) {
		periods = append(periods, p.Name)
	}
	f.Period.SetOptions(periods)
	if !slices.Contains(periods, strings.TrimSpace(f.Period.Text)) && len(periods) > 0 {
		f.Period.SetText(f.defaultPeriod(periods))
	}
	if tg.Binary() {
		f.Value.SetPlaceHolder(t("dash.form_value_binary"))
	} else {
		f.Value.SetPlaceHolder(t("dash.form_value_range", formNum(tg.Min), formNum(tg.Max), tg.Unit))
	}
}

// defaultPeriod is today's month or year when the chosen period holds it,
// else the period's last.
func (f *EntryForm) defaultPeriod(periods []string) string {
	today := f.d.today()
	for _, s := range periods {
		if p, err := indicator.ParsePeriod(s); err == nil && p.Contains(today) {
			return s
		}
	}
	return periods[len(periods)-1]
}

func formNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func (f *EntryForm) clearErrors() {
	for _, l := range []*widget.Label{f.WhereErr, f.PeriodErr, f.ValueErr} {
		l.SetText("")
		l.Hide()
	}
	f.Msg.Importance = widget.MediumImportance
	f.Msg.SetText("")
}

func showAt(l *widget.Label, text string) {
	l.SetText(text)
	l.Show()
}

func (f *EntryForm) onSave() { _ = f.Save() }

// Save checks the figure in the store and records it; a refusal is shown
// beside the field it is about and returned. Tests call it directly.
func (f *EntryForm) Save() error {
	t := f.d.w.tr.T
	f.clearErrors()
	tg := f.target()
	if tg == nil || f.d.is == nil {
		err := gis.Errorf(gis.EINVALID, "%s", t("dash.form_no_target"))
		f.Msg.Importance = widget.DangerImportance
		f.Msg.SetText(err.Error())
		return err
	}
	v, err := indicator.ParseFigure(f.Value.Text)
	if err != nil {
		err := gis.Errorf(gis.EINVALID, "%s", t("dash.form_bad_number", f.Value.Text))
		showAt(f.ValueErr, err.Error())
		return err
	}
	e := &indicator.Entry{Code: tg.Code, Scope: indicator.Ward, Period: strings.TrimSpace(f.Period.Text), Value: v,
		Note: strings.TrimSpace(f.Note.Text), By: f.d.w.user()}
	where := strings.TrimSpace(f.Where.Text)
	switch {
	case tg.HasScope(indicator.TDP) && (where != "" || !tg.HasScope(indicator.Ward)):
		e.Scope, e.ScopeID = indicator.TDP, where
		for _, x := range f.tdps {
			if x.Name == where {
				e.ScopeID = x.ID
			}
		}
	case tg.HasScope(indicator.Organisation) && (where != "" || !tg.HasScope(indicator.Ward)):
		e.Scope, e.ScopeID = indicator.Organisation, where
	}
	if err := f.d.is.AddEntry(context.Background(), e); err != nil {
		showAt(f.fieldFor(tg, e, err), err.Error())
		return err
	}
	what := e.Period
	if e.Scope != indicator.Ward {
		what = where + ", " + what
	}
	f.Msg.Importance = widget.SuccessImportance
	f.Msg.SetText(t("dash.form_saved", tg.Code, what, formNum(e.Value)))
	f.Value.SetText("")
	f.Note.SetText("")
	f.d.w.background(f.d.Reload)
	return nil
}

// fieldFor is the error label of the field a refusal is about.
func (f *EntryForm) fieldFor(tg *indicator.Target, e *indicator.Entry, err error) *widget.Label {
	switch gis.ErrorCode(err) {
	case gis.EFORBIDDEN, gis.ENOTFOUND, gis.EUNAUTHORIZED:
		return f.WhereErr
	}
	p, perr := indicator.ParsePeriod(e.Period)
	switch {
	case perr != nil || !periodOf(p, tg.Frequency):
		return f.PeriodErr
	case math.IsNaN(e.Value) || e.Value < tg.Min || e.Value > tg.Max || (tg.Binary() && e.Value != 0 && e.Value != 1):
		return f.ValueErr
	case e.Scope != indicator.Ward && e.ScopeID == "":
		return f.WhereErr
	}
	f.Msg.Importance = widget.DangerImportance
	return f.Msg
}

// periodOf says whether p is a reporting period of frequency fr.
func periodOf(p indicator.Period, fr indicator.Frequency) bool {
	switch fr {
	case indicator.Monthly:
		return len(p.Name) == 7 && p.Name[5] != 'Q' && p.Name[5] != 'H'
	case indicator.Yearly:
		return len(p.Name) == 4
	}
	return true
}
