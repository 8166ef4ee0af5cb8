package app

import (
	"context"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/casework"
)

// Recording what was found (issue 12): who found it, where it is, and the
// evidence a violation is closed on.

// person is who records things in the field: the person logged in to the
// ward server, else the name given once in this laptop's settings. Never
// the operating system's account ("root" is nobody).
func (w *Window) person() string {
	if w.Sync != nil {
		if u := w.Sync.Status.User; u != "" {
			return u
		}
	}
	return w.set.User()
}

// askFoundBy asks a new record's finder once when nobody is logged in and
// no name was given before; the name is remembered for the next records.
func (w *Window) askFoundBy(in *Inspector) {
	e := in.Form.Entries["found_by"]
	if e == nil || e.Text != "" {
		return
	}
	w.askPerson(func(n string) {
		if in.Form != nil && in.Form.Entries["found_by"] == e && e.Text == "" {
			e.SetText(n)
		}
	})
}

// askPerson asks who is recording, once: the answer is kept in the
// settings and given to then.
func (w *Window) askPerson(then func(name string)) {
	if w.win == nil {
		return
	}
	name := widget.NewEntry()
	name.SetPlaceHolder(w.tr.T("person.hint"))
	items := []*widget.FormItem{widget.NewFormItem(w.tr.T("person.name"), name)}
	d := dialog.NewForm(w.tr.T("person.title"), w.tr.T("button.ok"), w.tr.T("button.cancel"), items, func(ok bool) {
		if n := strings.TrimSpace(name.Text); ok && n != "" {
			w.set.SetUser(n)
			then(n)
		}
	}, w.win)
	d.Resize(fyne.NewSize(380, 0))
	d.Show()
}

// addressRadius is how far the nearest address, plate or street may be
// for a new record to take its address, in metres.
const addressRadius = 60

// fillAddress fills a new record's empty address (and street) from the
// nearest house number, else plate, else street segment around it.
func (w *Window) fillAddress(f *gis.Feature) {
	s := gis.MustLookup(f.Kind)
	_, hasAddr := s.Field("address")
	_, hasStreet := s.Field("street")
	if f.Geom == nil || (!hasAddr && !hasStreet) {
		return
	}
	p := middle(f.Geom)
	street := w.nearestName(p, gis.Street, func(g *gis.Feature) string { return g.Text("name") })
	if hasStreet && f.Text("street") == "" && street != "" {
		f.Attrs["street"] = street
	}
	if !hasAddr || f.Text("address") != "" {
		return
	}
	addr := w.nearestName(p, gis.Address, func(g *gis.Feature) string {
		return joinNonEmpty(g.Text("housenumber"), g.Text("street"))
	})
	if addr == "" {
		addr = w.nearestName(p, gis.Plate, func(g *gis.Feature) string { return joinNonEmpty(g.Text("number"), g.Text("street")) })
	}
	if addr == "" {
		addr = street
	}
	if addr != "" {
		f.Attrs["address"] = addr
	}
}

// nearestName is the name of the record of kind k nearest p within
// addressRadius ("" when none).
func (w *Window) nearestName(p orb.Point, k gis.Kind, name func(*gis.Feature) string) string {
	dLon, dLat := gis.MetresToDegrees(addressRadius, p[1])
	b := orb.Bound{Min: orb.Point{p[0] - dLon, p[1] - dLat}, Max: orb.Point{p[0] + dLon, p[1] + dLat}}
	fs, err := w.deps.Store.Features(context.Background(), k, b)
	if err != nil {
		return ""
	}
	best, bestD := "", math.Inf(1)
	for _, f := range fs {
		n := name(f)
		if n == "" || f.Geom == nil {
			continue
		}
		if d := distanceTo(p, f.Geom); d < bestD && d <= addressRadius {
			best, bestD = n, d
		}
	}
	return best
}

// distanceTo is the distance from p to g in metres: to a point or a
// line's nearest point; to the middle of anything else (an address
// polygon is named from its middle, not from its edge).
func distanceTo(p orb.Point, g orb.Geometry) float64 {
	switch g.(type) {
	case orb.Point, orb.LineString:
		return gis.DistanceM(g, p)
	}
	return gis.DistanceM(middle(g), p)
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// closesViolation reports whether saving f moves a violation to resolved.
func (in *Inspector) closesViolation(f *gis.Feature) bool {
	if f.Kind != gis.Violation || f.Text("status") != casework.Resolved {
		return false
	}
	return in.New || in.Selected.Text("status") != casework.Resolved
}

// askClose confirms the closing of a violation and asks for the evidence
// its lifecycle expects (closeDialog). The note is recorded as a
// re-inspection of the violation in the same transaction.
func (in *Inspector) askClose(f *gis.Feature, then func()) {
	w := in.w
	if w.win == nil {
		return
	}
	in.closing = w.closeDialog(f, len(in.Photos), func(note string) {
		in.closing = nil
		in.write(f, []*gis.Feature{w.reinspection(f, note)}, then)
	}, func() { in.closing = nil })
}

// closeDialog asks to confirm the closing of case f, which cannot be
// undone by the people it concerns (a report's sender is told; a resolved
// violation is final). For a violation it asks for the evidence its
// lifecycle expects (DOMAIN.md: re-inspected at the deadline, then
// resolved): what the re-inspection found, as a note, or, when photos > 0,
// the photos that come with the save. done gets the note; gone runs when
// the dialog goes without closing. The edit panel and the inbox share it.
func (w *Window) closeDialog(f *gis.Feature, photos int, done func(note string), gone func()) *CloseDialog {
	t := w.tr.T
	note := widget.NewMultiLineEntry()
	note.SetPlaceHolder(t("close.note_hint"))
	note.Wrapping = fyne.TextWrapWord
	title, text, button := t("close.title"), t("close.message", f.Title(w.tr.Lang), photos), t("close.confirm")
	isReport := f.Kind == gis.Report
	if isReport {
		note.Hide()
		title, button = t("close.report_title"), t("close.report_confirm")
		text = t("close.report_message", f.Title(w.tr.Lang), f.Text("public_answer"))
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	confirmed := false
	confirm := &widget.Button{Text: button, Importance: widget.HighImportance}
	cancel := &widget.Button{Text: t("button.cancel"), OnTapped: func() { d.Hide() }}
	confirm.OnTapped = func() {
		text := strings.TrimSpace(note.Text)
		if !isReport && text == "" && photos == 0 {
			problem.SetText(t("close.need_evidence"))
			return
		}
		confirmed = true
		d.Hide()
		done(text)
	}
	body := container.NewVBox(msg, note, problem)
	d = dialog.NewCustomWithoutButtons(title, body, w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, confirm})
	d.SetOnClosed(func() {
		if !confirmed {
			gone()
		}
	})
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	return &CloseDialog{Note: note, Confirm: confirm, Cancel: cancel, Problem: problem}
}

// CloseDialog is the open confirmation of a violation's closing (tests).
type CloseDialog struct {
	Note            *widget.Entry
	Confirm, Cancel *widget.Button
	Problem         *widget.Label
}

// Closing returns the open closing confirmation, or nil.
func (in *Inspector) Closing() *CloseDialog { return in.closing }

// reinspection is the inspection that closes violation v: found fixed,
// with the inspector's note.
func (w *Window) reinspection(v *gis.Feature, note string) *gis.Feature {
	insp := gis.NewFeature(gis.Inspection, nil)
	insp.Attrs["target_kind"] = string(gis.Violation)
	insp.Attrs["target_id"] = v.ID
	insp.Attrs["violation_id"] = v.ID
	insp.Attrs["inspected_at"] = w.deps.Now().UTC().Truncate(1e9)
	insp.Attrs["activity"] = "inspection"
	insp.Attrs["result"] = "ok"
	if u := w.person(); u != "" {
		insp.Attrs["inspector"] = u
	}
	if note == "" {
		note = w.tr.T("close.photo_evidence")
	}
	insp.Attrs["notes"] = note
	return insp
}
