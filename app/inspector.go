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
// Delete, Move and Inspect, or the form of a record being added.
type Inspector struct {
	w *Window
	// Selected is the record shown (a copy); New is set while it is not
	// yet in the store.
	Selected *gis.Feature
	New      bool
	Form     *Form
	Title    *widget.Label
	// Photos lists the files to attach on save (violations, reports).
	Photos     []string
	PhotoList  *widget.Label
	SaveBtn    *widget.Button
	DeleteBtn  *widget.Button
	MoveBtn    *widget.Button
	InspectBtn *widget.Button
	Inspection *InspectionForm
	body       *fyne.Container
	obj        fyne.CanvasObject
}

func newInspector(w *Window) *Inspector {
	in := &Inspector{w: w}
	in.Title = widget.NewLabelWithStyle(w.tr.T("inspector.empty"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	in.Title.Wrapping = fyne.TextWrapWord
	in.SaveBtn = &widget.Button{Text: w.tr.T("button.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: in.Save}
	in.DeleteBtn = &widget.Button{Text: w.tr.T("button.delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: in.AskDelete}
	in.MoveBtn = &widget.Button{Text: w.tr.T("button.move"), Icon: theme.ViewRestoreIcon(), OnTapped: w.startMove}
	in.InspectBtn = &widget.Button{Text: w.tr.T("button.inspect"), Icon: theme.ConfirmIcon(), OnTapped: in.StartInspection}
	in.PhotoList = widget.NewLabel("")
	in.PhotoList.Wrapping = fyne.TextWrapWord
	in.body = container.NewVBox()
	in.obj = container.NewBorder(in.Title, nil, nil, nil, container.NewScroll(in.body))
	in.Clear()
	return in
}

// Clear drops the selection.
func (in *Inspector) Clear() {
	in.Selected, in.New, in.Form, in.Inspection, in.Photos = nil, false, nil, nil, nil
	in.Title.SetText(in.w.tr.T("inspector.empty"))
	in.body.Objects = nil
	in.body.Refresh()
	in.w.Map.SetOverlay(mapview.Overlay{})
	in.w.setTitle("")
}

// Select shows f's form.
func (in *Inspector) Select(f *gis.Feature) {
	in.show(clone(f), false)
}

// show fills the panel with f's form; isNew makes Save insert it.
func (in *Inspector) show(f *gis.Feature, isNew bool) {
	tr := in.w.tr
	in.Selected, in.New, in.Inspection, in.Photos = f, isNew, nil, nil
	in.Form = NewForm(f, tr, func() fyne.Window { return in.w.win })
	kind := gis.MustLookup(f.Kind).Label.In(tr.Lang)
	title := kind + ": " + f.Title(tr.Lang)
	if isNew {
		title = tr.T("inspector.new", kind)
	}
	in.Title.SetText(title)
	in.PhotoList.SetText("")
	objs := []fyne.CanvasObject{in.Form.obj}
	if f.Kind == gis.Violation || f.Kind == gis.Report {
		objs = append(objs, widget.NewLabelWithStyle(tr.T("photos.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			in.PhotoList, widget.NewButtonWithIcon(tr.T("photos.add"), theme.FileImageIcon(), in.pickPhoto))
	}
	buttons := container.NewHBox(in.SaveBtn)
	if !isNew {
		buttons.Add(in.DeleteBtn)
		if _, ok := f.Geom.(orb.Point); ok {
			buttons.Add(in.MoveBtn)
		}
		if f.Geom != nil && f.Kind != gis.TDP {
			buttons.Add(in.InspectBtn)
		}
	}
	objs = append(objs, buttons)
	in.body.Objects = objs
	in.body.Refresh()
	in.w.Map.SetOverlay(mapview.Overlay{Selected: f.Geom})
	in.w.setTitle(title)
}

// reload reads the selection again after an undo or redo; it clears the
// panel when the record is gone.
func (in *Inspector) reload() {
	if in.Selected == nil || in.New {
		return
	}
	f, err := in.w.deps.Store.Get(context.Background(), in.Selected.Kind, in.Selected.ID)
	if err != nil || f == nil || f.Deleted {
		in.Clear()
		return
	}
	in.show(clone(f), false)
}

// Save writes the form to the store in one transaction: an insert for a
// new record (with its photos), an update otherwise. Nothing is written
// when a field is wrong; the errors show beside the fields.
func (in *Inspector) Save() {
	if in.Inspection != nil {
		in.Inspection.Save()
		return
	}
	if in.Selected == nil || in.Form == nil {
		return
	}
	f := clone(in.Selected)
	if !in.Form.Apply(f) {
		return
	}
	in.Form.Refill(f)
	w := in.w
	if in.New {
		if len(in.Photos) > 0 {
			photos := in.Photos
			w.runLong(w.tr.T("progress.photos"), func(ctx context.Context, progress func(float64)) error {
				ch, err := w.withPhotos(ctx, Change{Insert: []*gis.Feature{f}}, f, photos, progress)
				if err != nil {
					return err
				}
				return w.doInsert(ch)
			}, func() { in.show(clone(f), false) })
			return
		}
		if err := w.doInsert(Change{Insert: []*gis.Feature{f}}); err != nil {
			in.storeError(err)
			return
		}
		in.show(clone(f), false)
		return
	}
	old, err := w.deps.Store.Get(context.Background(), f.Kind, f.ID)
	if err != nil {
		w.showError(err)
		return
	}
	label := w.tr.T("undo.edit", f.Title(w.tr.Lang))
	if err := w.do(label, Change{Save: []*gis.Feature{clone(f)}}, Change{Save: []*gis.Feature{clone(old)}}, Change{Save: []*gis.Feature{clone(f)}}); err != nil {
		in.storeError(err)
		return
	}
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
	in.Clear()
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
	if w.tapMeasure(p) || w.Vertices.tap(x, y) || w.tapCluster(x, y) {
		return
	}
	f, err := w.pick(x, y)
	if err != nil {
		w.showError(err)
		return
	}
	if f == nil {
		w.Inspector.Clear()
		return
	}
	w.Inspector.Select(f)
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
