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
// booleans as checks, dates as an entry with a calendar, numbers as
// entries checked as they are typed (gis.Field.Parse). Each field has an
// error line beside it, filled by live parsing and by gis.Validate.
type Form struct {
	Schema  *gis.Schema
	Entries map[string]*widget.Entry
	Selects map[string]*widget.Select
	Checks  map[string]*widget.Check
	// Errors holds the message line of each field, plus "geometry".
	Errors map[string]*widget.Label

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
		Checks: map[string]*widget.Check{}, Errors: map[string]*widget.Label{}, tr: tr,
		options: map[string]map[string]string{}, win: win}
	items := container.NewVBox()
	geomErr := errorLabel()
	fm.Errors["geometry"] = geomErr
	items.Add(geomErr)
	for i := range s.Fields {
		fd := &s.Fields[i]
		label := fd.Label.In(tr.Lang)
		if fd.Unit != "" {
			label += " (" + fd.Unit + ")"
		}
		if fd.Required {
			label += " *"
		}
		errLb := errorLabel()
		fm.Errors[fd.Name] = errLb
		var input fyne.CanvasObject
		v := f.Attrs[fd.Name]
		switch fd.Type {
		case gis.EnumType:
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
			sel := widget.NewSelect(opts, nil)
			if o, ok := fd.Option(fd.Format(v)); ok {
				sel.Selected = o.Label.In(tr.Lang)
			} else if !fd.Required {
				sel.Selected = noValue
			}
			fm.Selects[fd.Name] = sel
			input = sel
		case gis.Bool:
			c := widget.NewCheck("", nil)
			c.Checked, _ = v.(bool)
			fm.Checks[fd.Name] = c
			input = c
		default:
			e := widget.NewEntry()
			if fd.Name == "notes" || fd.Name == "description" || fd.Name == "text" {
				e.MultiLine = true
				e.Wrapping = fyne.TextWrapWord
			}
			e.SetText(fd.Format(v))
			fd := fd
			e.OnChanged = func(s string) { fm.check(fd, s) }
			switch fd.Type {
			case gis.DateType:
				e.SetPlaceHolder("YYYY-MM-DD")
				e.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() { fm.pickDate(e) })
			case gis.TimeType:
				e.SetPlaceHolder("2026-01-31T08:00:00Z")
			}
			if fd.Computed {
				e.Disable()
			}
			fm.Entries[fd.Name] = e
			input = e
		}
		items.Add(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		items.Add(input)
		items.Add(errLb)
	}
	fm.obj = items
	return fm
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
		if fd.Computed {
			continue
		}
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
	if err := gis.Validate(f); err != nil {
		fm.ShowErrors(err)
		return false
	}
	return true
}

// ShowErrors puts each field's validation error beside it.
func (fm *Form) ShowErrors(err error) {
	var ve gis.ValidationErrors
	if !errors.As(err, &ve) {
		return
	}
	for _, e := range ve {
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
		if e := fm.Entries[fd.Name]; e != nil && fd.Computed {
			e.SetText(fd.Format(f.Attrs[fd.Name]))
		}
	}
}

// pickDate opens a calendar that fills the entry.
func (fm *Form) pickDate(e *widget.Entry) {
	w := fm.win()
	if w == nil {
		return
	}
	start := time.Now()
	if d, err := gis.ParseDate(e.Text); err == nil {
		start = d.Time()
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(start, func(t time.Time) {
		e.SetText(gis.DateOf(t).String())
		if pop != nil {
			pop.Hide()
		}
	})
	pop = widget.NewModalPopUp(container.NewVBox(cal, widget.NewButton(fm.tr.T("button.cancel"), func() { pop.Hide() })), w.Canvas())
	pop.Show()
}
