// Package render draws the ward's map features into an *image.RGBA: the
// basemap, residential groups, planting plots, streets and every kind of
// point asset, with labels and OSM attribution. It is pure Go (anti-aliased
// with golang.org/x/image/vector) so that the Fyne map widget, tests and
// benchmarks share one renderer, and it reads features through the Source
// interface so that a frame only loads what is in view.
package render

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// Layer says whether and how one kind is drawn.
type Layer struct {
	Kind    gis.Kind
	Visible bool
	Labels  bool
	// Status, when not empty, keeps only features whose status field (see
	// StatusField) has one of these values: "broken lamps only".
	Status []string
}

// DefaultLayers shows every map kind, with labels on streets, residential
// groups and flood points.
func DefaultLayers() []Layer {
	var ls []Layer
	for _, k := range drawOrder {
		ls = append(ls, Layer{Kind: k, Visible: true, Labels: k == gis.Street || k == gis.TDP || k == gis.FloodPoint})
	}
	return ls
}

// drawOrder is bottom to top; the order of a []Layer does not matter.
var drawOrder = []gis.Kind{
	gis.TDP, gis.Plot, gis.Street, gis.Drain, gis.FloodPoint, gis.Tree,
	gis.Lamp, gis.Plate, gis.AlleySign, gis.Violation, gis.Report,
}

// Stats says what a frame drew.
type Stats struct {
	Drawn     map[gis.Kind]int // features drawn one by one
	Clusters  int              // count bubbles drawn
	Clustered int              // features shown inside bubbles
	// Bubbles are the count bubbles drawn, for a click on one to zoom to
	// it rather than pick a feature hidden inside.
	Bubbles []Bubble
	Basemap int // basemap polygons drawn
	Labels  []image.Rectangle
	// OSMAttribution is set when OSM-derived data was drawn and with it
	// "© OpenStreetMap contributors".
	OSMAttribution bool
}

// Bubble is a cluster bubble drawn: its centre and radius in pixels, the
// grid cell it stands for and how many features it holds.
type Bubble struct {
	X, Y, R float64
	Cell    image.Rectangle
	N       int
}

// Hit reports whether pixel (x, y) falls on the bubble.
func (b Bubble) Hit(x, y float64) bool { return math.Hypot(x-b.X, y-b.Y) <= b.R }

// BubbleAt returns the bubble under pixel (x, y), if any.
func (s Stats) BubbleAt(x, y float64) (Bubble, bool) {
	for _, b := range s.Bubbles {
		if b.Hit(x, y) {
			return b, true
		}
	}
	return Bubble{}, false
}

// InBubble reports whether pixel (x, y) lies in a cell drawn as a bubble:
// a point there is hidden in the bubble, not drawn as a marker.
func (s Stats) InBubble(x, y float64) bool {
	for _, b := range s.Bubbles {
		if image.Pt(int(x), int(y)).In(b.Cell) {
			return true
		}
	}
	return false
}

// Default level-of-detail settings.
const (
	DefaultClusterBelow = 16
	DefaultClusterCell  = 48
)

// Renderer draws frames. It keeps caches (glyph outlines, marker sprites,
// scratch buffers) between frames, so reuse one; it is not safe for
// concurrent use.
type Renderer struct {
	Source  Source
	Basemap Basemap // optional
	Theme   *Theme  // nil means Light
	// ClusterBelow is the zoom under which point features are clustered on
	// a grid of ClusterCell pixels; zero values mean the defaults.
	ClusterBelow float64
	ClusterCell  int

	theme      *Theme
	face       *face
	sprites    map[Style]*sprite
	bubbles    map[bubbleKey]*sprite
	scratch    pass
	raster     raster
	p          pass        // the frame's pass; scratch is for sprites
	streetP    [2 * 3]pass // casing and fill of each street class
	byClass    [3][]projected
	placed     [2]placer              // placeLabels' grids, reused
	chains     chainer                // street names' chains, tables reused
	streetMemo streetMemo             // the last chained frame's street names
	thin       coverMask              // coverage of the thin streets of one paint
	arena      arena                  // pixel geometry of the frame, reused
	items      map[gis.Kind][]Item    // each layer's items, reused
	cells      []clusterCell          // the cluster grid, reused
	cellOf     []int32                // frame.colOf and rowOf, reused
	labelMasks map[labelKey]labelMask // rasterized labels of recent frames
}

// New returns a Renderer reading features from src.
func New(src Source) *Renderer { return &Renderer{Source: src} }

func (r *Renderer) init() error {
	if r.face == nil {
		fc, err := newFace()
		if err != nil {
			return err
		}
		r.face = fc
	}
	t := r.Theme
	if t == nil {
		t = Light
	}
	if t != r.theme || r.sprites == nil {
		r.theme = t
		r.sprites = map[Style]*sprite{}
		r.bubbles = map[bubbleKey]*sprite{}
	}
	return nil
}

// Render draws view v of the visible layers into dst, which must have its
// origin at (0,0); the view's Width and Height should match dst.
func (r *Renderer) Render(ctx context.Context, dst *image.RGBA, v tile.View, layers []Layer) (Stats, error) {
	st := Stats{Drawn: map[gis.Kind]int{}}
	if err := r.init(); err != nil {
		return st, err
	}
	if dst.Rect.Min != (image.Point{}) {
		return st, fmt.Errorf("render: destination must start at 0,0, not %v", dst.Rect.Min)
	}
	r.arena.reset()
	f := r.newFrame(dst, v, &st)
	draw.Draw(dst, dst.Rect, image.NewUniform(r.theme.Background), image.Point{}, draw.Src)
	if err := f.basemap(ctx); err != nil {
		return st, err
	}
	for _, k := range drawOrder {
		l, ok := findLayer(layers, k)
		if !ok {
			continue
		}
		if ok, err := f.rangePoints(ctx, l); ok || err != nil {
			if err != nil {
				return st, err
			}
			continue
		}
		its, err := r.layerItems(ctx, f.query, l)
		if err != nil {
			return st, err
		}
		f.layer(l, its)
	}
	if len(f.pending) > 0 {
		f.cluster()
	}
	f.placeLabels()
	if st.OSMAttribution {
		f.attribution()
	}
	return st, nil
}

// rangePoints bins a point layer at a clustering zoom straight from an
// ItemRanger source, without copying its items; false when the layer is
// drawn otherwise.
func (f *frame) rangePoints(ctx context.Context, l Layer) (bool, error) {
	rg, ok := f.r.Source.(ItemRanger)
	if !ok || !f.clustering() || gis.MustLookup(l.Kind).Geom != gis.Point || len(f.pending) >= 32 {
		return false, nil
	}
	if err := ctx.Err(); err != nil {
		return true, err
	}
	f.initCells()
	li := len(f.pending)
	f.pending = append(f.pending, pointLayer{l: l})
	err := rg.RangeItems(ctx, l.Kind, f.query, func(it *Item) {
		if len(l.Status) == 0 || slices.Contains(l.Status, it.Status) {
			f.binPoint(li, it)
		}
	})
	if err != nil {
		return true, fmt.Errorf("render: read %s: %w", l.Kind, err)
	}
	return true, nil
}

func findLayer(ls []Layer, k gis.Kind) (Layer, bool) {
	for _, l := range ls {
		if l.Kind == k && l.Visible {
			return l, true
		}
	}
	return Layer{}, false
}

// layerItems reads a layer's items in the query box and applies its status
// filter. The slice is the Renderer's until the next frame.
func (r *Renderer) layerItems(ctx context.Context, b orb.Bound, l Layer) ([]Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.items == nil {
		r.items = map[gis.Kind][]Item{}
	}
	buf := r.items[l.Kind][:0]
	var err error
	if is, ok := r.Source.(ItemSource); ok {
		buf, err = is.Items(ctx, l.Kind, b, buf)
	} else {
		var fs []*gis.Feature
		fs, err = r.Source.Features(ctx, l.Kind, b)
		for _, f := range fs {
			if !f.Deleted && f.Geom != nil {
				buf = append(buf, NewItem(f))
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("render: read %s: %w", l.Kind, err)
	}
	if len(l.Status) > 0 {
		buf = slices.DeleteFunc(buf, func(it Item) bool { return !slices.Contains(l.Status, it.Status) })
	}
	r.items[l.Kind] = buf
	return buf, nil
}
