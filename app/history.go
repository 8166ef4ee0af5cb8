package app

import (
	"context"
	"maps"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// command is one edit the user can undo: the change that undoes it and the
// one that does it again (an insert is redone by restoring its tombstone).
type command struct {
	label      string
	undo, redo Change
}

// history is the undo/redo stack of the session.
type history struct {
	done, undone []command
}

// do applies first and records how to undo and redo it.
func (w *Window) do(label string, first, undo, redo Change) error {
	if err := w.deps.Store.Apply(context.Background(), w.user(), first); err != nil {
		return err
	}
	w.history.done = append(w.history.done, command{label, undo, redo})
	w.history.undone = nil
	w.changed()
	return nil
}

// Undo reverts the last edit (Ctrl+Z).
func (w *Window) Undo() {
	h := &w.history
	if len(h.done) == 0 {
		return
	}
	c := h.done[len(h.done)-1]
	if err := w.deps.Store.Apply(context.Background(), w.user(), cloneChange(c.undo)); err != nil {
		w.showError(err)
		return
	}
	h.done = h.done[:len(h.done)-1]
	h.undone = append(h.undone, c)
	w.changed()
}

// Redo applies the last undone edit again (Ctrl+Y).
func (w *Window) Redo() {
	h := &w.history
	if len(h.undone) == 0 {
		return
	}
	c := h.undone[len(h.undone)-1]
	if err := w.deps.Store.Apply(context.Background(), w.user(), cloneChange(c.redo)); err != nil {
		w.showError(err)
		return
	}
	h.undone = h.undone[:len(h.undone)-1]
	h.done = append(h.done, c)
	w.changed()
}

// CanUndo and CanRedo say whether there is something to undo or redo.
func (w *Window) CanUndo() bool { return len(w.history.done) > 0 }

// CanRedo says whether there is something to redo.
func (w *Window) CanRedo() bool { return len(w.history.undone) > 0 }

// changed redraws the map and reloads the selection after a write.
func (w *Window) changed() {
	w.Map.Redraw()
	w.Inspector.reload()
	w.Sync.changed()
	w.Dashboard.changed()
	if w.deps.Counts != nil {
		go w.Refresh(context.Background())
	}
}

func (w *Window) user() string {
	if u := w.set.User(); u != "" {
		return u
	}
	return w.deps.User
}

// clone copies a feature deeply enough that later edits of either side do
// not show through.
func clone(f *gis.Feature) *gis.Feature {
	if f == nil {
		return nil
	}
	c := *f
	c.Attrs = maps.Clone(f.Attrs)
	if c.Attrs == nil {
		c.Attrs = map[string]any{}
	}
	if f.Geom != nil {
		c.Geom = orb.Clone(f.Geom)
	}
	return &c
}

func cloneAll(fs []*gis.Feature) []*gis.Feature {
	out := make([]*gis.Feature, len(fs))
	for i, f := range fs {
		out[i] = clone(f)
	}
	return out
}

// cloneChange copies the features of c, since the store sets times and
// derived fields on what it writes.
func cloneChange(c Change) Change {
	c.Insert, c.Save = cloneAll(c.Insert), cloneAll(c.Save)
	return c
}
