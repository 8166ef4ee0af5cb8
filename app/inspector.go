package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"mime"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"

	"wardmap/app/mapview"
	"wardmap/gis"
	"wardmap/gis/render"
)

// pickTolerance is how far from a feature a click still selects it, in
// raster pixels.
const pickTolerance = 8

// Inspector is the right-hand panel: the selected record's form, with Save,
// Delete, Move and Inspect in a fixed bar under it, or the form of a record
// being added.
type Inspector struct {
	w *Window
	// Selected is the record shown (a copy); New is set while it is not
	// yet in the store.
	Selected *gis.Feature
	New      bool
	Form     *Form
	Title    *widget.Label
	// Photos lists the files to attach on save; Attached the record's
	// photos already stored; Thumbs shows both, each with a remove button.
	Photos     []string
	Attached   []*gis.Feature
	Thumbs     *fyne.Container
	PhotoList  *widget.Label
	SaveBtn    *widget.Button
	DeleteBtn  *widget.Button
	MoveBtn    *widget.Button
	InspectBtn *widget.Button
	// CancelBtn ends an inspection being recorded.
	CancelBtn  *widget.Button
	Inspection *InspectionForm
	// Message is the action bar's line: unsaved changes, or what a save
	// refused. Scroll is the form's scroll under the bar.
	Message *widget.Label
	Scroll  *container.Scroll
	// removed lists the stored photos removed in the panel (deleted on save).
	removed []Ref
	guard   *GuardDialog
	closing *CloseDialog
	// moved is set when the record's point was moved in the panel (to a
	// photo's position); exifButtons are the photo offer's (tests).
	moved       bool
	exifButtons []fyne.CanvasObject
	body        *fyne.Container
	obj         fyne.CanvasObject
}

func newInspector(w *Window) *Inspector {
	in := &Inspector{w: w}
	in.Title = widget.NewLabelWithStyle(w.tr.T("inspector.empty"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	in.Title.Truncation = fyne.TextTruncateEllipsis
	in.SaveBtn = &widget.Button{Text: w.tr.T("button.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: in.Save}
	in.DeleteBtn = &widget.Button{Text: w.tr.T("button.delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: in.AskDelete}
	in.MoveBtn = &widget.Button{Text: w.tr.T("button.move"), Icon: theme.ViewRestoreIcon(), OnTapped: w.startMove}
	in.InspectBtn = &widget.Button{Text: w.tr.T("button.inspect"), Icon: theme.ConfirmIcon(), OnTapped: in.StartInspection}
	in.CancelBtn = &widget.Button{Text: w.tr.T("button.cancel"), Icon: theme.CancelIcon(), OnTapped: in.cancelInspection}
	in.PhotoList = widget.NewLabel("")
	in.PhotoList.Wrapping = fyne.TextWrapWord
	in.Thumbs = container.NewGridWrap(thumbCell)
	in.Message = widget.NewLabel("")
	in.Message.Truncation = fyne.TextTruncateEllipsis
	in.body = container.NewVBox()
	in.Scroll = container.NewVScroll(in.body)
	buttons := []fyne.CanvasObject{in.SaveBtn, in.DeleteBtn, in.MoveBtn, in.InspectBtn, in.CancelBtn}
	center := container.NewStack(in.Scroll, newWheelCatcher(in.Scroll))
	rule := widget.NewSeparator()
	objs := append([]fyne.CanvasObject{in.Title, center, rule, in.Message}, buttons...)
	in.obj = container.New(&panelLayout{title: in.Title, body: center, rule: rule, message: in.Message, buttons: buttons}, objs...)
	in.clearNow()
	return in
}

// Clear drops the selection, asking first when it holds unsaved changes.
func (in *Inspector) Clear() { in.w.ConfirmDiscard(in.clearNow) }

// clearNow drops the selection without asking.
func (in *Inspector) clearNow() {
	in.Selected, in.New, in.Form, in.Inspection, in.Photos, in.Attached, in.removed, in.moved = nil, false, nil, nil, nil, nil, nil, false
	in.Title.SetText(in.w.tr.T("inspector.empty"))
	in.body.Objects = nil
	in.body.Refresh()
	in.setButtons(false, false, false, false)
	in.setMessage("", false)
	in.w.Map.SetOverlay(mapview.Overlay{})
	in.w.setTitle("")
}

// setButtons shows the actions that apply.
func (in *Inspector) setButtons(save, edit, move, inspect bool) {
	for _, b := range []struct {
		b  *widget.Button
		on bool
	}{{in.SaveBtn, save}, {in.DeleteBtn, edit}, {in.MoveBtn, move}, {in.InspectBtn, inspect}, {in.CancelBtn, in.Inspection != nil}} {
		if b.on {
			b.b.Show()
		} else {
			b.b.Hide()
		}
	}
	in.obj.Refresh()
}

// setMessage fills the action bar's line (a warning colour for problems).
func (in *Inspector) setMessage(text string, problem bool) {
	in.Message.Importance = widget.MediumImportance
	if problem {
		in.Message.Importance = widget.DangerImportance
	}
	in.Message.SetText(text)
}

// Select shows f's form, asking first when the panel holds unsaved changes
// of another record.
func (in *Inspector) Select(f *gis.Feature) {
	f = clone(f)
	if in.Selected != nil && !in.New && in.Selected.Kind == f.Kind && in.Selected.ID == f.ID && in.Inspection == nil {
		if !in.Dirty() { // the same record again: shown afresh
			in.show(f, false)
		} // with edits, the panel already shows it: keep them
		return
	}
	in.w.ConfirmDiscard(func() { in.show(f, false) })
}

// show fills the panel with f's form; isNew makes Save insert it.
func (in *Inspector) show(f *gis.Feature, isNew bool) {
	tr := in.w.tr
	in.Selected, in.New, in.Inspection, in.Photos, in.removed, in.moved = f, isNew, nil, nil, nil, false
	if isNew {
		in.w.fillAddress(f)
	}
	in.Form = NewForm(f, tr, func() fyne.Window { return in.w.win })
	in.Form.OnChanged = in.onEdit
	kind := gis.MustLookup(f.Kind).Label.In(tr.Lang)
	title := kind + ": " + f.Title(tr.Lang)
	if isNew {
		title = tr.T("inspector.new", kind)
	}
	in.Title.SetText(title)
	in.PhotoList.SetText("")
	objs := []fyne.CanvasObject{in.Form.obj}
	if hasPhotos(f.Kind) {
		in.loadAttached()
		objs = append(objs, widget.NewLabelWithStyle(tr.T("photos.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			in.Thumbs, widget.NewButtonWithIcon(tr.T("photos.add"), theme.FileImageIcon(), in.pickPhoto))
		in.refreshThumbs()
	}
	_, point := f.Geom.(orb.Point)
	in.setButtons(true, !isNew, !isNew && point, !isNew && f.Geom != nil && f.Kind != gis.TDP)
	in.body.Objects = objs
	in.body.Refresh()
	in.Scroll.ScrollToTop() // each record opens at its top
	in.setMessage("", false)
	if isNew {
		in.setMessage(tr.T("form.new_unsaved"), false)
	}
	in.w.Map.SetOverlay(mapview.Overlay{Selected: f.Geom})
	if in.w.Planner != nil {
		in.w.Planner.layer.setSelected(f.ID) // its stop keeps its number
	}
	in.w.setTitle(title)
	if isNew {
		in.w.askFoundBy(in)
	}
}

// onEdit marks the panel as holding unsaved changes.
func (in *Inspector) onEdit() {
	if in.Dirty() {
		in.setMessage(in.w.tr.T("form.unsaved"), false)
	} else {
		in.setMessage("", false)
	}
}

// reload reads the selection again after an undo or redo; it clears the
// panel when the record is gone.
func (in *Inspector) reload() {
	if in.Selected == nil || in.New {
		return
	}
	f, err := in.w.deps.Store.Get(context.Background(), in.Selected.Kind, in.Selected.ID)
	if err != nil || f == nil || f.Deleted {
		in.clearNow()
		return
	}
	in.show(clone(f), false)
}

// Save writes the form to the store in one transaction: an insert for a
// new record (with its photos), an update otherwise (with the photos added
// and removed). Nothing is written when a field is wrong; the errors show
// beside the fields and the bar names them.
func (in *Inspector) Save() { in.saveThen(nil) }

// saveThen saves and, once the record is stored, runs then (the guard's
// Save). A refused save runs nothing.
func (in *Inspector) saveThen(then func()) {
	if then == nil {
		then = func() {}
	}
	if in.Inspection != nil {
		in.Inspection.Save()
		return
	}
	if in.Selected == nil || in.Form == nil {
		return
	}
	f := clone(in.Selected)
	if !in.Form.Apply(f) {
		in.setMessage(in.w.tr.T("form.refused", strings.Join(in.Form.Problems, ", ")), true)
		return
	}
	in.Form.Refill(f)
	if in.closesViolation(f) {
		in.askClose(f, then)
		return
	}
	in.write(f, nil, then)
}

// write stores f (and evidence, records written with it) with the panel's
// photos, then shows it again and runs then.
func (in *Inspector) write(f *gis.Feature, evidence []*gis.Feature, then func()) {
	w := in.w
	photos, removed := in.Photos, in.removed
	isNew := in.New
	var old *gis.Feature
	if !isNew {
		var err error
		if old, err = w.deps.Store.Get(context.Background(), f.Kind, f.ID); err != nil {
			w.showError(err)
			return
		}
	}
	apply := func(ctx context.Context, progress func(float64)) error {
		c := Change{Insert: append([]*gis.Feature(nil), evidence...)}
		if isNew {
			c.Insert = append([]*gis.Feature{f}, c.Insert...)
		} else {
			c.Save = []*gis.Feature{clone(f)}
		}
		c, err := w.withPhotos(ctx, c, f, photos, progress)
		if err != nil {
			return err
		}
		c.Delete = removed
		if isNew {
			return w.doInsert(c)
		}
		var added []Ref
		for _, a := range c.Insert {
			added = append(added, Ref{a.Kind, a.ID})
		}
		undo := Change{Save: []*gis.Feature{clone(old)}, Delete: added, Restore: removed}
		redo := Change{Save: []*gis.Feature{clone(f)}, Restore: added, Delete: removed}
		return w.do(w.tr.T("undo.edit", f.Title(w.tr.Lang)), c, undo, redo)
	}
	done := func() {
		in.Photos, in.removed = nil, nil
		in.show(clone(f), false)
		then()
	}
	if len(photos) > 0 {
		w.runLong(w.tr.T("progress.photos"), apply, done)
		return
	}
	if err := apply(context.Background(), func(float64) {}); err != nil {
		in.storeError(err)
		return
	}
	if isNew {
		done()
		return
	}
	then() // w.do has shown the record again as stored
}

// doInsert applies an insert (and its attachments) and records how to undo
// it: tombstones, restored on redo.
func (w *Window) doInsert(c Change) error {
	var refs []Ref
	for _, f := range c.Insert {
		refs = append(refs, Ref{f.Kind, f.ID})
	}
	first := cloneChange(c)
	err := w.do(w.tr.T("undo.add"), first, Change{Delete: refs}, Change{Restore: refs})
	if err == nil {
		for i, f := range first.Insert {
			c.Insert[i].Meta = f.Meta
			c.Insert[i].Attrs = f.Attrs
		}
	}
	return err
}

// storeError shows a validation error from the store beside the fields,
// anything else in a dialog.
func (in *Inspector) storeError(err error) {
	if gis.ErrorCode(err) == gis.EINVALID && in.Form != nil {
		in.Form.ShowErrors(err)
		in.setMessage(in.w.tr.T("form.refused", strings.Join(in.Form.Problems, ", ")), true)
	}
	in.w.showError(err)
}

// AskDelete asks for confirmation, then deletes the selection (a
// tombstone, undone by Ctrl+Z).
func (in *Inspector) AskDelete() {
	if in.Selected == nil || in.New {
		return
	}
	w := in.w
	f := in.Selected
	msg := w.tr.T("delete.confirm", gis.MustLookup(f.Kind).Label.In(w.tr.Lang), f.Title(w.tr.Lang))
	if w.win == nil {
		return
	}
	d := dialog.NewConfirm(w.tr.T("delete.title"), msg, func(ok bool) {
		if ok {
			in.Delete()
		}
	}, w.win)
	d.SetConfirmText(w.tr.T("button.delete"))
	d.SetDismissText(w.tr.T("button.cancel"))
	d.Show()
}

// Delete deletes the selection without asking.
func (in *Inspector) Delete() {
	if in.Selected == nil || in.New {
		return
	}
	f := in.Selected
	ref := []Ref{{f.Kind, f.ID}}
	if err := in.w.do(in.w.tr.T("undo.delete"), Change{Delete: ref}, Change{Restore: ref}, Change{Delete: ref}); err != nil {
		in.w.showError(err)
		return
	}
	in.clearNow()
}

// pickPhoto opens a file dialog for a photo to attach.
func (in *Inspector) pickPhoto() {
	if in.w.win == nil {
		return
	}
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			in.w.showError(err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		in.AddPhoto(r.URI().Path())
	}, in.w.win)
}

// AddPhoto lists a file to attach when the record is saved.
func (in *Inspector) AddPhoto(path string) {
	in.Photos = append(in.Photos, path)
	in.refreshThumbs()
	in.onEdit()
	in.offerExif(path)
	names := make([]string, len(in.Photos))
	for i, p := range in.Photos {
		names[i] = filepath.Base(p)
	}
	in.PhotoList.SetText(strings.Join(names, "\n"))
	if in.Inspection != nil {
		in.Inspection.PhotoList.SetText(strings.Join(names, "\n"))
	}
}

// withPhotos adds to c the files' contents (by SHA-256) and one attachment
// record per file, owned by owner.
func (w *Window) withPhotos(ctx context.Context, c Change, owner *gis.Feature, paths []string, progress func(float64)) (Change, error) {
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return c, err
		}
		data, err := w.deps.ReadFile(p)
		if err != nil {
			return c, gis.Errorf(gis.EINVALID, "%s", w.tr.T("photos.unreadable", p, err))
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		c.Blobs = append(c.Blobs, Blob{SHA256: hash, Data: data})
		a := gis.NewFeature(gis.Attachment, nil)
		a.Attrs["owner_kind"] = string(owner.Kind)
		a.Attrs["owner_id"] = owner.ID
		a.Attrs["sha256"] = hash
		a.Attrs["filename"] = filepath.Base(p)
		if m := mime.TypeByExtension(strings.ToLower(filepath.Ext(p))); m != "" {
			a.Attrs["mime"] = m
		}
		a.Attrs["size_bytes"] = int64(len(data))
		a.Attrs["taken_at"] = w.deps.Now().UTC()
		c.Insert = append(c.Insert, a)
		progress(float64(i+1) / float64(len(paths)))
	}
	return c, nil
}

// onMapTapped selects what is under the click, or hands the click to the
// drawing tool.
func (w *Window) onMapTapped(x, y float64, p orb.Point) {
	if w.Draw.Active() {
		w.Draw.click(x, y, p)
		return
	}
	if w.tapStart(p) || w.tapMeasure(p) || w.Vertices.tap(x, y) || w.tapCluster(x, y) {
		return
	}
	f, err := w.pick(x, y)
	if err != nil {
		w.showError(err)
		return
	}
	if f == nil {
		w.Inspector.Clear() // asks first when there are unsaved edits
		return
	}
	w.Inspector.Select(f) // asks first when there are unsaved edits
}

// pick finds the feature nearest pixel (x, y) among the visible layers.
func (w *Window) pick(x, y float64) (*gis.Feature, error) {
	fs, err := w.featuresNear(x, y, pickTolerance)
	if err != nil {
		return nil, err
	}
	f, _ := render.Pick(w.pickable(fs, x, y), w.Map.View(), x, y, pickTolerance)
	return f, nil
}

// featuresNear reads the visible features within tol pixels of (x, y),
// honouring the layers' status filters.
func (w *Window) featuresNear(x, y, tol float64) ([]*gis.Feature, error) {
	v := w.Map.View()
	b := orb.Bound{Min: v.ToLonLat(x-tol, y+tol), Max: v.ToLonLat(x+tol, y-tol)}
	var out []*gis.Feature
	for _, l := range w.Layers.Layers() {
		if !l.Visible {
			continue
		}
		fs, err := w.deps.Store.Features(context.Background(), l.Kind, b)
		if err != nil {
			return nil, err
		}
		field := render.StatusField[l.Kind]
		for _, f := range fs {
			if len(l.Status) > 0 && !contains(l.Status, f.Text(field)) {
				continue
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// insideWard reports whether p lies in the ward: inside one of its
// residential groups when it has any, else inside its extent.
func (w *Window) insideWard(p orb.Point) (bool, error) {
	if !w.wardOK {
		fs, err := w.deps.Store.Features(context.Background(), gis.TDP, w.deps.Home.Pad(0.01))
		if err != nil {
			return false, err
		}
		for _, f := range fs {
			if poly, ok := f.Geom.(orb.Polygon); ok && !f.Deleted {
				w.ward = append(w.ward, poly)
			}
		}
		w.wardOK = true
	}
	if len(w.ward) == 0 {
		return w.deps.Home.Contains(p), nil
	}
	for _, poly := range w.ward {
		if planar.PolygonContains(poly, p) {
			return true, nil
		}
	}
	return false, nil
}

// middle is where a violation found on g is placed: the point itself, the
// middle of a line, a polygon's centroid.
func middle(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.LineString:
		total := geo.Length(g)
		walked := 0.0
		for i := 1; i < len(g); i++ {
			d := geo.Distance(g[i-1], g[i])
			if walked+d >= total/2 && d > 0 {
				t := (total/2 - walked) / d
				return orb.Point{g[i-1][0] + t*(g[i][0]-g[i-1][0]), g[i-1][1] + t*(g[i][1]-g[i-1][1])}
			}
			walked += d
		}
		return g[0]
	case orb.Polygon:
		c, _ := planar.CentroidArea(g)
		return c
	}
	return orb.Point{math.NaN(), math.NaN()}
}

// plotInfo is the area and capacity line shown while a plot is drawn.
func (w *Window) plotInfo(ring orb.LineString, spacing float64) string {
	if len(ring) < 3 {
		return w.tr.T("draw.plot_hint")
	}
	r := append(orb.Ring(append(orb.LineString{}, ring...)), ring[0])
	area := math.Abs(geo.Area(orb.Polygon{r}))
	return w.tr.T("draw.plot_info", fmt.Sprintf("%.1f", area), gis.PlotCapacity(area, spacing), spacing)
}
