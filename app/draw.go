package app

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/app/mapview"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// snapTolerance is how close to a vertex or a street a click snaps, in
// raster pixels.
const snapTolerance = 10

// DrawBar is the drawing tool: add a point record (pick a kind, click),
// move the selected point, draw a line or polygon vertex by vertex with
// snapping. Its hint line says what to do next and why a click was refused.
type DrawBar struct {
	w *Window
	// Kind is what is being drawn ("" when idle); Moving is the record
	// being moved.
	Kind   gis.Kind
	Moving *gis.Feature
	// HoleOf is the polygon record a hole is being drawn in.
	HoleOf *gis.Feature
	// Vertices drawn so far (lines and polygons).
	Vertices orb.LineString
	Hint     *widget.Label
	Finish   *widget.Button
	CancelB  *widget.Button
	obj      *fyne.Container
	// dragging is 1 + the drawn vertex being dragged, 0 when none; fault
	// marks where a refused shape crosses itself (draw_edit.go).
	dragging int
	fault    *orb.Point
}

func newDrawBar(w *Window) *DrawBar {
	d := &DrawBar{w: w}
	d.Hint = widget.NewLabel("")
	d.Finish = &widget.Button{Text: w.tr.T("draw.finish"), Icon: theme.ConfirmIcon(), OnTapped: d.Done}
	d.CancelB = &widget.Button{Text: w.tr.T("draw.cancel"), Icon: theme.CancelIcon(), OnTapped: d.Cancel}
	d.obj = container.NewHBox(d.Hint, d.Finish, d.CancelB)
	d.obj.Hide()
	return d
}

// Active reports whether a drawing is under way.
func (d *DrawBar) Active() bool { return d.Kind != "" }

// Start begins adding a record of kind k, once the edit panel's unsaved
// changes are saved or dropped (ConfirmDiscard).
func (d *DrawBar) Start(k gis.Kind) { d.w.ConfirmDiscard(func() { d.start(k) }) }

func (d *DrawBar) start(k gis.Kind) {
	s := gis.MustLookup(k)
	if !s.Spatial() {
		return
	}
	d.Cancel()
	d.Kind = k
	d.w.Inspector.clearNow()
	switch s.Geom {
	case gis.Point:
		d.hint(d.w.tr.T("draw.point_hint", s.Label.In(d.w.tr.Lang)), false)
		d.Finish.Hide()
	default:
		d.hint(d.w.tr.T("draw.line_hint", s.Label.In(d.w.tr.Lang)), false)
		d.Finish.Show()
	}
	d.obj.Show()
}

// StartMove lets the next click move the selected point record.
func (d *DrawBar) StartMove() { d.w.startMove() }

func (w *Window) startMove() {
	f := w.Inspector.Selected
	if f == nil || w.Inspector.New {
		return
	}
	if _, ok := f.Geom.(orb.Point); !ok {
		return
	}
	d := w.Draw
	sel := clone(f)
	d.Cancel()
	d.Kind, d.Moving = f.Kind, sel
	w.Inspector.Select(sel)
	d.hint(w.tr.T("draw.move_hint", sel.Title(w.tr.Lang)), false)
	d.Finish.Hide()
	d.obj.Show()
}

// StartHole begins drawing a hole in the selected polygon record: click
// its vertices inside the polygon, then Done. It reports whether a polygon
// was selected.
func (d *DrawBar) StartHole() bool {
	w := d.w
	f := w.Inspector.Selected
	if f == nil || w.Inspector.New {
		return false
	}
	if _, ok := f.Geom.(orb.Polygon); !ok {
		return false
	}
	sel := clone(f)
	d.Cancel()
	d.Kind, d.HoleOf = f.Kind, sel
	w.Inspector.Select(sel)
	d.hint(w.tr.T("draw.hole_hint", sel.Title(w.tr.Lang)), false)
	d.Finish.Show()
	d.obj.Show()
	return true
}

// Cancel ends the drawing without writing anything (Esc).
func (d *DrawBar) Cancel() {
	if !d.Active() {
		return
	}
	d.Kind, d.Moving, d.HoleOf, d.Vertices = "", nil, nil, nil
	d.Hint.SetText("")
	d.obj.Hide()
	sel := d.w.Inspector.Selected
	o := mapview.Overlay{}
	if sel != nil {
		o.Selected = sel.Geom
	}
	d.w.Map.SetOverlay(o)
}

func (d *DrawBar) hint(s string, refused bool) {
	if refused {
		d.Hint.Importance = widget.DangerImportance
	} else {
		d.Hint.Importance = widget.MediumImportance
	}
	d.Hint.SetText(s)
}

// click handles a click on the map while drawing.
func (d *DrawBar) click(x, y float64, p orb.Point) {
	w := d.w
	if sp, ok := d.snap(x, y); ok {
		p = sp
	}
	if d.HoleOf != nil {
		if !planar.PolygonContains(d.HoleOf.Geom.(orb.Polygon), p) {
			d.hint(w.tr.T("draw.hole_outside"), true)
			return
		}
		d.Vertices = append(d.Vertices, p)
		w.Map.SetOverlay(mapview.Overlay{Selected: d.HoleOf.Geom, Sketch: d.Vertices, Closed: true})
		d.hint(w.tr.T("draw.vertices", len(d.Vertices)), false)
		return
	}
	in, err := w.insideWard(p)
	if err != nil {
		w.showError(err)
		return
	}
	if !in {
		d.hint(w.tr.T("draw.outside"), true)
		return
	}
	s := gis.MustLookup(d.Kind)
	switch {
	case d.Moving != nil:
		d.move(p)
	case s.Geom == gis.Point:
		f := gis.NewFeature(d.Kind, p)
		w.defaults(f)
		d.Cancel()
		w.Inspector.show(f, true)
	default:
		d.Vertices = append(d.Vertices, p)
		d.progress()
	}
}

// progress redraws the sketch and, for a plot, its area and capacity.
func (d *DrawBar) progress() {
	w := d.w
	closed := gis.MustLookup(d.Kind).Geom == gis.Polygon
	w.Map.SetOverlay(mapview.Overlay{Sketch: d.Vertices, Closed: closed})
	switch d.Kind {
	case gis.Plot:
		d.hint(w.plotInfo(d.Vertices, w.set.PlotSpacing()), false)
	default:
		d.hint(w.tr.T("draw.vertices", len(d.Vertices)), false)
	}
}

// Done finishes a line or polygon and opens its form. A shape that is not
// valid (too few vertices, a ring crossing itself) is refused in the hint.
func (d *DrawBar) Done() {
	if !d.Active() || d.Moving != nil {
		return
	}
	w := d.w
	if d.HoleOf != nil {
		d.doneHole()
		return
	}
	s := gis.MustLookup(d.Kind)
	var g orb.Geometry
	switch s.Geom {
	case gis.LineString:
		if len(d.Vertices) < 2 {
			d.hint(w.tr.T("draw.too_few", 2), true)
			return
		}
		g = append(orb.LineString{}, d.Vertices...)
	case gis.Polygon:
		if len(d.Vertices) < 3 {
			d.hint(w.tr.T("draw.too_few", 3), true)
			return
		}
		r := orb.Ring(append(orb.LineString{}, d.Vertices...))
		r = append(r, r[0])
		if r.Orientation() != orb.CCW {
			r.Reverse()
		}
		g = orb.Polygon{r}
	default:
		return
	}
	if err := gis.CheckGeometry(g); err != nil {
		d.refuseShape(err)
		return
	}
	f := gis.NewFeature(d.Kind, g)
	w.defaults(f)
	if f.Kind == gis.Plot {
		f.Attrs["spacing_m"] = w.set.PlotSpacing()
	}
	gis.Derive(f)
	d.Cancel()
	w.Inspector.show(f, true)
}

// doneHole adds the drawn ring to the polygon as a hole, through the
// vertex editor's validation (inside the shell, crossing no ring) and as
// one undoable edit. A refused hole stays drawn so that it can be fixed
// or cancelled.
func (d *DrawBar) doneHole() {
	w := d.w
	if len(d.Vertices) < 3 {
		d.hint(w.tr.T("draw.too_few", 3), true)
		return
	}
	r := orb.Ring(append(append(orb.LineString{}, d.Vertices...), d.Vertices[0]))
	if r.Orientation() != orb.CW { // holes wind against the shell
		r.Reverse()
	}
	poly := append(orb.Polygon{}, d.HoleOf.Geom.(orb.Polygon)...)
	poly = append(poly, r)
	if err := gis.CheckGeometry(poly); err != nil {
		d.hint(w.tr.T("draw.bad_shape", err.Error()), true)
		return
	}
	orig := d.HoleOf
	d.Cancel()
	w.Vertices.commit(orig, rings(poly))
}

// move saves the moved point (undoable) and ends the move.
func (d *DrawBar) move(p orb.Point) {
	w := d.w
	f := d.Moving
	old := clone(f)
	moved := clone(f)
	moved.Geom = p
	d.Cancel()
	label := w.tr.T("undo.move", f.Title(w.tr.Lang))
	if err := w.do(label, Change{Save: []*gis.Feature{clone(moved)}}, Change{Save: []*gis.Feature{old}}, Change{Save: []*gis.Feature{clone(moved)}}); err != nil {
		w.showError(err)
		return
	}
}

// snap returns the existing vertex nearest pixel (x, y), else the nearest
// point on a street, within snapTolerance pixels.
func (d *DrawBar) snap(x, y float64) (orb.Point, bool) {
	exclude := ""
	if d.Moving != nil {
		exclude = d.Moving.ID // a point does not snap onto itself
	}
	if d.HoleOf != nil {
		exclude = d.HoleOf.ID // nor a hole onto its shell
	}
	return d.w.snapPoint(x, y, exclude, d.Vertices)
}

// snapPoint returns the vertex nearest pixel (x, y) among extra and the
// visible records but the one with ID exclude (the one being edited),
// else the nearest point on a street, within snapTolerance pixels.
func (w *Window) snapPoint(x, y float64, exclude string, extra orb.LineString) (orb.Point, bool) {
	fs, err := w.featuresNear(x, y, snapTolerance)
	if err != nil {
		return orb.Point{}, false
	}
	if exclude != "" {
		kept := fs[:0]
		for _, f := range fs {
			if f.ID != exclude {
				kept = append(kept, f)
			}
		}
		fs = kept
	}
	pr := w.Map.View().Projector()
	best, bestD := orb.Point{}, float64(snapTolerance)
	found := false
	consider := func(p orb.Point) {
		px, py := pr.ToPixel(p)
		if dd := math.Hypot(px-x, py-y); dd <= bestD {
			best, bestD, found = p, dd, true
		}
	}
	for _, p := range extra {
		consider(p)
	}
	for _, f := range fs {
		switch g := f.Geom.(type) {
		case orb.Point:
			consider(g)
		case orb.LineString:
			for _, p := range g {
				consider(p)
			}
		case orb.Polygon:
			for _, r := range g {
				for _, p := range r {
					consider(p)
				}
			}
		}
	}
	if found {
		return best, true
	}
	// no vertex: the nearest point on a street segment
	for _, f := range fs {
		ls, ok := f.Geom.(orb.LineString)
		if !ok || f.Kind != gis.Street {
			continue
		}
		for i := 1; i < len(ls); i++ {
			ax, ay := pr.ToPixel(ls[i-1])
			bx, by := pr.ToPixel(ls[i])
			t := ((x-ax)*(bx-ax) + (y-ay)*(by-ay)) / math.Max((bx-ax)*(bx-ax)+(by-ay)*(by-ay), 1e-9)
			t = math.Max(0, math.Min(1, t))
			cx, cy := ax+t*(bx-ax), ay+t*(by-ay)
			if dd := math.Hypot(cx-x, cy-y); dd <= bestD {
				bestD, found = dd, true
				best = orb.Point{ls[i-1][0] + t*(ls[i][0]-ls[i-1][0]), ls[i-1][1] + t*(ls[i][1]-ls[i-1][1])}
			}
		}
	}
	return best, found
}

// defaults fills a new record's usual values: found today by me, status
// found for violations, the first status of an enumeration that needs one.
func (w *Window) defaults(f *gis.Feature) {
	s := gis.MustLookup(f.Kind)
	today := gis.LocalDate(w.deps.Now()) // the ward's day, as due lists count it
	for _, fd := range s.Fields {
		switch {
		case fd.Name == "found_on":
			f.Attrs[fd.Name] = today
		case fd.Name == "found_by":
			if u := w.person(); u != "" {
				f.Attrs[fd.Name] = u
			}
		case fd.Name == "received_at":
			f.Attrs[fd.Name] = w.deps.Now().UTC().Truncate(1e9)
		case fd.Type == gis.EnumType && fd.Required && fd.Name == "status":
			f.Attrs[fd.Name] = fd.Options[0].Value
		}
	}
	if f.Kind == gis.Violation {
		f.Attrs["deadline"] = casework.CorrectBy(f.Text("kind"), today)
	}
}
