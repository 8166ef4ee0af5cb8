package app

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
)

// Form edits a record's attributes with one widget per field of its
// schema: enumerations as selects with labels in the interface language,
// booleans as checks, dates as an entry (dd/mm/yyyy) with a calendar,
// times on Việt Nam's clock, numbers as entries checked as they are typed
// (gis.Field.Parse). Each field has an error line under it, filled by live
// parsing and by gis.CheckEntry. Computed values are read-only text;
// an import's bookkeeping (OSM ids, graph nodes) is not shown at all.
type Form struct {
	Schema  *gis.Schema
	Entries map[string]*widget.Entry
	Selects map[string]*widget.Select
	Checks  map[string]*widget.Check
	// Computed shows the values derived from the geometry (area, capacity,
	// length) as plain text in the normal colour.
	Computed map[string]*widget.Label
	// Errors holds the message line of each field, plus "geometry".
	Errors map[string]*widget.Label
	// OnChanged is called after a person changes any field.
	OnChanged func()
	// Problems names the fields the last Apply refused.
	Problems []string

	tr      *Tr
	options map[string]map[string]string // field → shown label → value
	obj     fyne.CanvasObject
	win     func() fyne.Window
}

// noValue is the select option for "not set".
const noValue = "—"

// NewForm builds the form of f's kind, filled with f's values.
func NewForm(f *gis.Feature, tr *Tr, win func() fyne.Window) *Form {
	s := gis.MustLookup(f.Kind)
	fm := &Form{Schema: s, Entries: map[string]*widget.Entry{}, Selects: map[string]*widget.Select{},
		Checks: map[string]*widget.Check{}, Computed: map[string]*widget.Label{}, Errors: map[string]*widget.Label{}, tr: tr,
		options: map[string]map[string]string{}, win: win}
	changed := func() {
		if fm.OnChanged != nil {
			fm.OnChanged()
		}
	}
	items := container.NewVBox()
	geomErr := errorLabel()
	fm.Errors["geometry"] = geomErr
	items.Add(geomErr)
	for i := range s.Fields {
		fd := &s.Fields[i]
		if fd.Internal() {
			continue
		}
		label := fd.Label.In(tr.Lang)
		if fd.Unit != "" {
			label += " (" + fd.Unit + ")"
		}
		if fd.Required {
			label += " *"
		}
		errLb := errorLabel()
		fm.Errors[fd.Name] = errLb
		input := fm.input(fd, f.Attrs[fd.Name], changed)
		name := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Wrapping = fyne.TextWrapWord
		items.Add(name)
		items.Add(input)
		items.Add(errLb)
	}
	fm.obj = items
	return fm
}

// input is the widget for one field holding v: a label for a computed
// field, a choice for a list, a box for yes/no, else an entry checked as
// it is typed; changed is called on every edit.
func (fm *Form) input(fd *gis.Field, v any, changed func()) fyne.CanvasObject {
	tr := fm.tr
	switch {
	case fd.Computed:
		lb := widget.NewLabel(fd.Display(v, tr.Lang))
		lb.Wrapping = fyne.TextWrapWord
		fm.Computed[fd.Name] = lb
		return lb
	case fd.Type == gis.EnumType:
		var opts []string
		fm.options[fd.Name] = map[string]string{}
		if !fd.Required {
			opts = append(opts, noValue)
		}
		for _, o := range fd.Options {
			lb := o.Label.In(tr.Lang)
			opts = append(opts, lb)
			fm.options[fd.Name][lb] = o.Value
		}
		sel := widget.NewSelect(opts, func(string) { changed() })
		sel.PlaceHolder = tr.T("form.choose")
		if o, ok := fd.Option(fd.Format(v)); ok {
			sel.Selected = o.Label.In(tr.Lang)
		} else if !fd.Required {
			sel.Selected = noValue
		}
		fm.Selects[fd.Name] = sel
		return sel
	case fd.Type == gis.Bool:
		c := widget.NewCheck("", func(bool) { changed() })
		c.Checked, _ = v.(bool)
		fm.Checks[fd.Name] = c
		return c
	default:
		e := widget.NewEntry()
		if fd.Name == "notes" || fd.Name == "description" || fd.Name == "text" {
			e.MultiLine = true
			e.Wrapping = fyne.TextWrapWord
		}
		e.SetText(fd.Display(v, tr.Lang))
		e.OnChanged = func(s string) { fm.check(fd, s); changed() }
		switch fd.Type {
		case gis.DateType:
			e.SetPlaceHolder(tr.T("form.date_hint"))
			e.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() { fm.pickDate(e) })
		case gis.TimeType:
			e.SetPlaceHolder(tr.T("form.time_hint"))
		}
		fm.Entries[fd.Name] = e
		return e
	}
}

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// check parses one entry as it is typed and shows the problem beside it.
func (fm *Form) check(fd *gis.Field, s string) error {
	_, err := fd.Parse(s)
	fm.setError(fd.Name, err)
	return err
}

func (fm *Form) setError(field string, err error) {
	lb := fm.Errors[field]
	if lb == nil {
		return
	}
	if err == nil {
		lb.SetText("")
		lb.Hide()
		return
	}
	var fe *gis.FieldError
	if errors.As(err, &fe) {
		if fm.tr.Lang == "en" {
			lb.SetText(fe.EN)
		} else {
			lb.SetText(fe.VI)
		}
	} else {
		lb.SetText(err.Error())
	}
	lb.Show()
}

// ClearErrors hides every error line.
func (fm *Form) ClearErrors() {
	fm.Problems = nil
	for name := range fm.Errors {
		fm.setError(name, nil)
	}
}

// Apply copies the form's values into f. It reports false, with the errors
// beside their fields, when a value does not parse or f is not valid.
func (fm *Form) Apply(f *gis.Feature) bool {
	fm.ClearErrors()
	ok := true
	for i := range fm.Schema.Fields {
		fd := &fm.Schema.Fields[i]
		if fd.Computed || !fm.has(fd.Name) {
			continue // not the person's to type: keep the record's value
		}
		v, err := fm.value(fd)
		if err != nil {
			fm.setError(fd.Name, err)
			ok = false
			continue
		}
		if v == nil {
			delete(f.Attrs, fd.Name)
		} else {
			f.Attrs[fd.Name] = v
		}
	}
	if !ok {
		return false
	}
	gis.Derive(f)
	if err := gis.CheckEntry(f); err != nil {
		fm.ShowErrors(err)
		return false
	}
	return true
}

// has reports whether the form shows an input for the field.
func (fm *Form) has(name string) bool {
	return fm.Selects[name] != nil || fm.Checks[name] != nil || fm.Entries[name] != nil
}

// value reads one field's input as the field's Go value.
func (fm *Form) value(fd *gis.Field) (any, error) {
	var v any
	var err error
	switch {
	case fm.Selects[fd.Name] != nil:
		sel := fm.Selects[fd.Name].Selected
		if val, found := fm.options[fd.Name][sel]; found {
			v = val
		}
	case fm.Checks[fd.Name] != nil:
		v = fm.Checks[fd.Name].Checked
	case fm.Entries[fd.Name] != nil:
		v, err = fd.Parse(fm.Entries[fd.Name].Text)
	}
	return v, err
}

// Changed lists the fields whose inputs differ from f's values (a value
// that does not parse counts as changed): what Discard would lose.
func (fm *Form) Changed(f *gis.Feature) []string {
	var out []string
	for i := range fm.Schema.Fields {
		fd := &fm.Schema.Fields[i]
		if fd.Computed || !fm.has(fd.Name) {
			continue
		}
		v, err := fm.value(fd)
		was := f.Attrs[fd.Name]
		if fd.Type == gis.Bool { // an unchecked box is "not set" as much as "no"
			v, was = v == true, was == true
		}
		if err != nil || !sameValue(v, was) {
			out = append(out, fd.Name)
		}
	}
	return out
}

// ShowErrors puts each field's validation error beside it; Problems is
// the labels of the fields in error, for the action bar's summary.
func (fm *Form) ShowErrors(err error) {
	var ve gis.ValidationErrors
	if !errors.As(err, &ve) {
		return
	}
	fm.Problems = nil
	for _, e := range ve {
		if fd, ok := fm.Schema.Field(e.Field); ok {
			fm.Problems = append(fm.Problems, fd.Label.In(fm.tr.Lang))
		} else {
			fm.Problems = append(fm.Problems, e.Field)
		}
		if _, ok := fm.Errors[e.Field]; ok {
			fm.setError(e.Field, e)
		} else {
			fm.setError("geometry", fmt.Errorf("%s: %s", e.Field, e.Error()))
		}
	}
}

// Refill shows f's computed fields again (a plot's area after Derive).
func (fm *Form) Refill(f *gis.Feature) {
	for i := range fm.Schema.Fields {
		fd := &fm.Schema.Fields[i]
		if lb := fm.Computed[fd.Name]; lb != nil {
			lb.SetText(fd.Display(f.Attrs[fd.Name], fm.tr.Lang))
		}
	}
}

// pickDate opens a calendar that fills the entry.
func (fm *Form) pickDate(e *widget.Entry) { pickDate(fm.win(), fm.tr, e) }

// pickDate opens a calendar over window w that fills e with the day
// chosen, dd/mm/yyyy: the forms' date fields and the Plan tab's day.
func pickDate(w fyne.Window, tr *Tr, e *widget.Entry) {
	if w == nil {
		return
	}
	start := time.Now()
	if d, err := gis.ParseDay(e.Text); err == nil {
		start = d.Time()
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(start, func(t time.Time) {
		e.SetText(gis.DateOf(t).VN())
		if pop != nil {
			pop.Hide()
		}
	})
	pop = widget.NewModalPopUp(container.NewVBox(cal, widget.NewButton(tr.T("button.cancel"), func() { pop.Hide() })), w.Canvas())
	pop.Show()
}
