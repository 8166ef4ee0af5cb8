package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The unsaved-edits guard (issue 12): nothing typed in the edit panel is
// lost without being asked. Every path that replaces or closes the panel's
// record goes through ConfirmDiscard: selecting another feature (map,
// search, lists: Inspector.Select), clearing it (Esc, empty ground:
// Inspector.Clear), starting a drawing, and closing the window.

// Dirty reports whether the panel holds changes that are not saved: a
// field typed or chosen, a photo added or removed, an inspection begun.
func (in *Inspector) Dirty() bool {
	if in.Inspection != nil {
		return in.Inspection.Notes.Text != "" || len(in.Photos) > 0
	}
	if in.Selected == nil || in.Form == nil {
		return false
	}
	if in.New || in.moved || len(in.Photos) > 0 || len(in.removed) > 0 {
		return true
	}
	return len(in.Form.Changed(in.Selected)) > 0
}

// ConfirmDiscard runs then at once when the panel holds no unsaved change;
// otherwise it asks "Lưu / Bỏ / Ở lại" (Save / Discard / Stay): Save runs
// then only once the record is saved (a refused save keeps the panel, its
// errors shown), Discard drops the changes and runs then, Stay does nothing.
//
// This is the one seam for anything that would replace the panel's record
// (tabs, search results, File › Open): wrap the action,
// `w.ConfirmDiscard(func() { ... })`.
func (w *Window) ConfirmDiscard(then func()) {
	in := w.Inspector
	if !in.Dirty() {
		then()
		return
	}
	if w.win == nil {
		then() // no window to ask in (a headless caller): keep old behaviour
		return
	}
	if in.guard != nil {
		return // already asking
	}
	t := w.tr.T
	msg := widget.NewLabel(t("guard.message", in.Title.Text))
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	done := func(fn func()) func() {
		return func() {
			d.Hide()
			in.guard = nil
			if fn != nil {
				fn()
			}
		}
	}
	save := &widget.Button{Text: t("guard.save"), Importance: widget.HighImportance, OnTapped: done(func() {
		in.saveThen(then)
	})}
	discard := &widget.Button{Text: t("guard.discard"), Importance: widget.DangerImportance, OnTapped: done(func() {
		in.discard()
		then()
	})}
	stay := &widget.Button{Text: t("guard.stay"), OnTapped: done(nil)}
	d = dialog.NewCustomWithoutButtons(t("guard.title"), msg, w.win)
	d.SetButtons([]fyne.CanvasObject{stay, discard, save})
	d.SetOnClosed(func() { in.guard = nil }) // however it closes, the next change asks again
	d.Resize(fyne.NewSize(420, 0))
	in.guard = &GuardDialog{d: d, Save: save, Discard: discard, Stay: stay}
	d.Show()
}

// GuardDialog is the open guard, reachable by tests.
type GuardDialog struct {
	d                   *dialog.CustomDialog
	Save, Discard, Stay *widget.Button
}

// Guard returns the open unsaved-changes dialog's buttons, or nil.
func (in *Inspector) Guard() *GuardDialog { return in.guard }

// discard forgets the panel's unsaved changes.
func (in *Inspector) discard() {
	in.Photos, in.removed, in.moved = nil, nil, false
	in.Inspection = nil
}
