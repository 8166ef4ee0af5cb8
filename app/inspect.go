package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/inspect"
)

// InspectionForm records an inspection of the selected street segment or
// asset: the result, notes and photos; an issue can open a violation at
// the same place in the same transaction.
type InspectionForm struct {
	in     *Inspector
	Target *gis.Feature
	Result *widget.RadioGroup
	Notes  *widget.Entry
	// MakeViolation, ViolationKind and Deadline describe the violation an
	// issue creates.
	MakeViolation *widget.Check
	ViolationKind *widget.Select
	Deadline      *widget.Entry
	Errors        *widget.Label
	Photos        []string
	PhotoList     *widget.Label
	kinds         map[string]string
}

// StartInspection opens the inspection form for the selection.
func (in *Inspector) StartInspection() {
	f := in.Selected
	if f == nil || in.New || f.Geom == nil {
		return
	}
	w := in.w
	tr := w.tr
	fm := &InspectionForm{in: in, Target: f, kinds: map[string]string{}}
	fm.Result = widget.NewRadioGroup([]string{tr.T("inspect.ok"), tr.T("inspect.issue")}, fm.onResult)
	fm.Result.Horizontal = true
	fm.Result.Required = true
	fm.Result.Selected = tr.T("inspect.ok")
	fm.Notes = widget.NewMultiLineEntry()
	fm.Notes.SetPlaceHolder(tr.T("inspect.notes_hint"))
	var labels []string
	for _, o := range gis.ViolationKinds {
		lb := o.Label.In(tr.Lang)
		labels = append(labels, lb)
		fm.kinds[lb] = o.Value
	}
	// The deadline follows the kind chosen (casework's correction time),
	// from the ward's day of the visit.
	today := gis.LocalDate(w.deps.Now())
	fm.Deadline = widget.NewEntry()
	fm.Deadline.SetText(casework.CorrectBy("", today).VN())
	fm.ViolationKind = widget.NewSelect(labels, func(lb string) { fm.Deadline.SetText(casework.CorrectBy(fm.kinds[lb], today).VN()) })
	// made after the window's selects were given the language's
	// placeholder: it said Fyne's "(Select one)" (seen under Xvfb)
	fm.ViolationKind.PlaceHolder = tr.T("select.placeholder")
	fm.Deadline.SetPlaceHolder(tr.T("form.date_hint"))
	fm.MakeViolation = widget.NewCheck(tr.T("inspect.make_violation"), func(bool) { fm.onResult(fm.Result.Selected) })
	fm.Errors = errorLabel()
	fm.PhotoList = widget.NewLabel("")
	in.Inspection = fm
	fm.onResult(fm.Result.Selected)
	kind := gis.MustLookup(f.Kind).Label.In(tr.Lang)
	in.Title.SetText(tr.T("inspect.title", kind, f.Title(tr.Lang)))
	in.body.Objects = []fyne.CanvasObject{
		widget.NewLabelWithStyle(tr.T("inspect.result"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), fm.Result,
		widget.NewLabelWithStyle(tr.T("inspect.notes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), fm.Notes,
		fm.MakeViolation,
		widget.NewLabel(tr.T("inspect.violation_kind")), fm.ViolationKind,
		widget.NewLabel(tr.T("inspect.deadline")), fm.Deadline,
		fm.Errors,
		widget.NewLabelWithStyle(tr.T("photos.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), fm.PhotoList,
		widget.NewButtonWithIcon(tr.T("photos.add"), theme.FileImageIcon(), in.pickPhoto),
	}
	in.body.Refresh()
	in.Scroll.ScrollToTop()
	in.setButtons(true, false, false, false)
	in.setMessage("", false)
}

// cancelInspection leaves the inspection unrecorded and shows its target.
func (in *Inspector) cancelInspection() {
	if fm := in.Inspection; fm != nil {
		in.Inspection, in.Photos = nil, nil
		in.show(clone(fm.Target), false)
	}
}

// issue reports whether the result is "issue found".
func (fm *InspectionForm) issue() bool { return fm.Result.Selected == fm.in.w.tr.T("inspect.issue") }

func (fm *InspectionForm) onResult(string) {
	if fm.MakeViolation == nil {
		return
	}
	if fm.issue() {
		fm.MakeViolation.Enable()
	} else {
		fm.MakeViolation.SetChecked(false)
		fm.MakeViolation.Disable()
	}
	if fm.MakeViolation.Checked {
		fm.ViolationKind.Enable()
		fm.Deadline.Enable()
	} else {
		fm.ViolationKind.Disable()
		fm.Deadline.Disable()
	}
}

// Save writes the inspection, its photos, the violation it opens and the
// street's last inspection date in one transaction.
func (fm *InspectionForm) Save() {
	in, w := fm.in, fm.in.w
	tr := w.tr
	fm.Errors.Hide()
	refuse := func(msg string) {
		fm.Errors.SetText(msg)
		fm.Errors.Show()
	}
	insp, street := inspect.Record(inspect.Visit{Target: fm.Target, At: w.deps.Now(), Inspector: w.user(), Issue: fm.issue(), Notes: fm.Notes.Text})
	c := Change{Insert: []*gis.Feature{insp}}
	if fm.issue() && fm.MakeViolation.Checked {
		if _, ok := fm.kinds[fm.ViolationKind.Selected]; !ok {
			refuse(tr.T("inspect.need_kind"))
			return
		}
		if w.person() == "" { // the violation's finder: asked once, then saved
			w.askPerson(func(string) { fm.Save() })
			return
		}
		v, refusal := fm.violation()
		if refusal != "" {
			refuse(refusal)
			return
		}
		insp.Attrs["violation_id"] = v.ID
		c.Insert = append(c.Insert, v)
	}
	if err := gis.Validate(insp); err != nil {
		refuse(err.Error())
		return
	}
	var undoSave, redoSave []*gis.Feature
	if street != nil {
		undoSave = []*gis.Feature{clone(fm.Target)}
		redoSave = []*gis.Feature{clone(street)}
		c.Save = []*gis.Feature{street}
	}
	photos := in.Photos
	apply := func(ctx context.Context, progress func(float64)) error {
		ch, err := w.withPhotos(ctx, c, insp, photos, progress)
		if err != nil {
			return err
		}
		var refs []Ref
		for _, f := range ch.Insert {
			refs = append(refs, Ref{f.Kind, f.ID})
		}
		return w.do(tr.T("undo.inspect"), cloneChange(ch), Change{Delete: refs, Save: undoSave}, Change{Restore: refs, Save: redoSave})
	}
	done := func() {
		in.Inspection, in.Photos = nil, nil
		in.show(clone(fm.Target), false)
		in.reload()
	}
	if len(photos) > 0 {
		w.runLong(tr.T("progress.photos"), apply, done)
		return
	}
	if err := apply(context.Background(), func(float64) {}); err != nil {
		refuse(err.Error())
		w.showError(err)
		return
	}
	done()
}

// violation is the violation the form records beside the inspection (its
// kind chosen, its finder known), or the message that refuses it.
func (fm *InspectionForm) violation() (*gis.Feature, string) {
	w := fm.in.w
	v := gis.NewFeature(gis.Violation, middle(fm.Target.Geom))
	w.defaults(v)
	v.Attrs["kind"] = fm.kinds[fm.ViolationKind.Selected]
	if fm.Notes.Text != "" {
		v.Attrs["description"] = fm.Notes.Text
	}
	if fm.Deadline.Text != "" {
		d, err := gis.ParseDay(fm.Deadline.Text)
		if err != nil {
			return nil, w.tr.T("inspect.bad_deadline", fm.Deadline.Text)
		}
		v.Attrs["deadline"] = d
	}
	if fm.Target.Kind == gis.Street {
		v.Attrs["street_id"] = fm.Target.ID
	}
	if err := gis.CheckEntry(v); err != nil {
		return nil, w.plainError(err)
	}
	return v, ""
}
