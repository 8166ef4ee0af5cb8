package render

import (
	"context"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/grid"
)

// Source gives the renderer the features of one kind that may be visible in
// a lon/lat box. The store answers it from its R-tree, so a frame reads only
// what is in view; returning a few extra features is fine.
type Source interface {
	Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error)
}

// Item is a feature with what drawing it needs read out beforehand: its
// geometry (and a point's position, unboxed) and its status (the value of
// its kind's StatusField). A frame at ward scale touches 100,000 items;
// reading these from each feature's map of attributes and boxed geometry
// costs several cache misses a feature, the items of a slice none.
type Item struct {
	F      *gis.Feature // nil for the items of a PointSource
	Geom   orb.Geometry
	Point  orb.Point // when Geom is an orb.Point
	Status string
	// Label is the point's title (Feature.Title("vi")) when F is nil, and
	// a street's name when NewItem made the item: a ward frame looks at
	// thousands of streets' names, and read from each feature's map of
	// attributes they cost a cache miss each.
	Label string
}

// PointSource is an optional fast path of a Source for point kinds: items
// with position, status and Label but no feature (F is nil), read without
// decoding each record's attributes. A store of a million trees and lamps
// hands a ward-scale frame its points in a fraction of the memory whole
// features take. Cache uses it for point kinds; the items must not include
// deleted features or ones without a geometry.
type PointSource interface {
	Source
	Points(ctx context.Context, k gis.Kind, b orb.Bound, dst []Item) ([]Item, error)
}

// ItemSource is a Source that can also hand out items, prepared when it
// indexed the features. dst is a buffer to append to (the renderer reuses
// it); the items must not include deleted features or ones without a
// geometry.
type ItemSource interface {
	Source
	Items(ctx context.Context, k gis.Kind, b orb.Bound, dst []Item) ([]Item, error)
}

// ItemRanger is an optional fast path of a Source: it calls fn with each
// item of kind k whose box meets b, in place, instead of copying them into
// a buffer. The renderer bins a ward-scale frame's points through it: a
// million points copied each frame would be a buffer of 70 MB kept live
// and a copy per frame. fn must not keep the pointer, and the items must
// not include deleted features or ones without a geometry.
type ItemRanger interface {
	RangeItems(ctx context.Context, k gis.Kind, b orb.Bound, fn func(*Item)) error
}

// NewItem reads out the item of f.
func NewItem(f *gis.Feature) Item {
	it := Item{F: f, Geom: f.Geom, Status: f.Text(StatusField[f.Kind])}
	switch g := f.Geom.(type) {
	case orb.Point:
		it.Point = g
	case orb.LineString:
		it.Label = f.Text("name")
	}
	return it
}

// packLines copies the points of the lines among items into one slab, in
// the items' order, and points each line item's Geom at its stretch of it
// (the features keep their own). A ward-scale frame projects 20,000
// streets: with each street's points where its feature was decoded,
// scattered over the heap, reading them was a cache miss or two a street
// and most of the projection's time; from the slab they stream in.
func packLines(items []Item) {
	n := 0
	for i := range items {
		if ls, ok := items[i].Geom.(orb.LineString); ok {
			n += len(ls)
		}
	}
	if n == 0 {
		return
	}
	slab := make([]orb.Point, 0, n)
	for i := range items {
		if ls, ok := items[i].Geom.(orb.LineString); ok {
			at := len(slab)
			slab = append(slab, ls...)
			items[i].Geom = orb.LineString(slab[at:len(slab):len(slab)])
		}
	}
}

// gridSide is the number of cells per axis of SliceSource's index: the
// ward's 100,000 assets then sit about 6 to a cell.
const gridSide = 128

// SliceSource is an in-memory Source over a slice of features, indexed by a
// uniform grid per kind. It is for tests, benchmarks and small imports; it
// is read-only once built and safe for concurrent reads.
type SliceSource struct {
	kinds map[gis.Kind]*kindIndex
}

var _ ItemSource = (*SliceSource)(nil)

// NewSliceSource indexes fs. Deleted features and features without a
// geometry are left out.
func NewSliceSource(fs []*gis.Feature) *SliceSource {
	byKind := map[gis.Kind][]*gis.Feature{}
	for _, f := range fs {
		if f.Geom != nil && !f.Deleted {
			byKind[f.Kind] = append(byKind[f.Kind], f)
		}
	}
	s := &SliceSource{kinds: map[gis.Kind]*kindIndex{}}
	for k, kfs := range byKind {
		s.kinds[k] = newKindIndex(kfs)
	}
	return s
}

// Features returns the features of kind k whose bounding box meets b.
func (s *SliceSource) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g := s.kinds[k]
	if g == nil {
		return nil, nil
	}
	fs, _ := g.query(b, nil, nil)
	return fs, nil
}

// Items returns the items of kind k whose bounding box meets b.
func (s *SliceSource) Items(ctx context.Context, k gis.Kind, b orb.Bound, dst []Item) ([]Item, error) {
	if err := ctx.Err(); err != nil {
		return dst, err
	}
	g := s.kinds[k]
	if g == nil {
		return dst, nil
	}
	if dst == nil {
		dst = make([]Item, 0, 64)
	}
	_, dst = g.query(b, nil, dst)
	return dst, nil
}

var _ ItemRanger = (*SliceSource)(nil)

// RangeItems implements ItemRanger.
func (s *SliceSource) RangeItems(ctx context.Context, k gis.Kind, b orb.Bound, fn func(*Item)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if g := s.kinds[k]; g != nil {
		g.rangeItems(b, fn)
	}
	return nil
}

// kindIndex is one kind's features on the grid index. Points sit in one
// cell; lines and polygons in every cell their box touches, so a query
// removes duplicates. Its queries are its own rather than grid.Index.Each:
// a frame asks for whole runs of cells, which it copies at once where a
// cell holds consecutive points inside the frame (see run), a shortcut
// that only holds for features stored in cell order.
type kindIndex struct {
	grid   grid.Index     // by value: a frame reads its cells thousands of times
	fs     []*gis.Feature // by the grid's numbers
	items  []Item         // beside fs, in the same order
	bounds []orb.Bound
	point  []bool // kept beside bounds so a query need not touch the features
	run    []bool // per cell: its features are consecutive points
	ext    orb.Bound
}

func newKindIndex(fs []*gis.Feature) *kindIndex {
	ext := fs[0].Geom.Bound()
	for _, f := range fs {
		ext = ext.Union(f.Geom.Bound())
	}
	g := &kindIndex{grid: *grid.NewN(ext, gridSide, gridSide), ext: ext,
		bounds: make([]orb.Bound, len(fs)), point: make([]bool, len(fs)), run: make([]bool, gridSide*gridSide)}
	// Store features in cell order, so that a query reads memory in
	// sequence and copies whole runs of points; a query holding the whole
	// grid reads them all in that order, which is the order going through
	// the cells gives (each feature first met in its first cell).
	g.fs = slices.Clone(fs)
	sort.SliceStable(g.fs, func(i, j int) bool { return g.firstCell(g.fs[i]) < g.firstCell(g.fs[j]) })
	g.items = make([]Item, len(g.fs))
	for i, f := range g.fs {
		g.items[i] = NewItem(f)
		g.bounds[i] = f.Geom.Bound()
		_, g.point[i] = f.Geom.(orb.Point)
		g.grid.Add(g.bounds[i])
	}
	packLines(g.items)
	for y := range gridSide {
		for x := range gridSide {
			idx := g.grid.Cell(x, y)
			g.run[y*gridSide+x] = len(idx) > 0 && int(idx[len(idx)-1]-idx[0]) == len(idx)-1 &&
				!slices.ContainsFunc(idx, func(i int32) bool { return !g.point[i] })
		}
	}
	return g
}

func (g *kindIndex) firstCell(f *gis.Feature) int {
	x, y, _, _ := g.grid.Span(f.Geom.Bound())
	return y*gridSide + x
}

// insideCells is which columns and rows of cells lie inside a query box,
// edge cells excluded (features are clamped into them from outside the
// grid's extent), worked out once per query rather than per cell: a
// ward-scale frame queries the whole grid once per point kind, 130,000
// cells.
type insideCells struct{ col, row [gridSide]bool }

func (in *insideCells) set(g *kindIndex, x0, y0, x1, y1 int, b orb.Bound) {
	cw, ch := g.grid.CellSize()
	for x := x0; x <= x1; x++ {
		lo := g.ext.Min[0] + float64(x)*cw
		in.col[x] = x != 0 && x != gridSide-1 && lo >= b.Min[0] && lo <= b.Max[0] && lo+cw >= b.Min[0] && lo+cw <= b.Max[0]
	}
	for y := y0; y <= y1; y++ {
		lo := g.ext.Min[1] + float64(y)*ch
		in.row[y] = y != 0 && y != gridSide-1 && lo >= b.Min[1] && lo <= b.Max[1] && lo+ch >= b.Min[1] && lo+ch <= b.Max[1]
	}
}

func (in *insideCells) at(x, y int) bool { return in.col[x] && in.row[y] }

// query appends the features meeting b to fs, or, when items is not nil,
// their items to items.
func (g *kindIndex) query(b orb.Bound, fs []*gis.Feature, items []Item) ([]*gis.Feature, []Item) {
	if !b.Intersects(g.ext) {
		return fs, items
	}
	wantItems := items != nil
	if contains(b, g.ext) { // every feature, in the order the cells give them
		if wantItems {
			return fs, append(items, g.items...)
		}
		return append(fs, g.fs...), items
	}
	x0, y0, x1, y1 := g.grid.Span(b)
	var in insideCells
	in.set(g, x0, y0, x1, y1, b)
	var seen []uint64 // a bitset by index: only lines and polygons can repeat
	n := 0
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			n += len(g.grid.Cell(x, y))
		}
	}
	if wantItems {
		items = slices.Grow(items, n)
	} else {
		fs = slices.Grow(fs, n)
	}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			inside := in.at(x, y) // no need to test each feature
			idx := g.grid.Cell(x, y)
			if inside && g.run[y*gridSide+x] {
				if wantItems {
					items = append(items, g.items[idx[0]:idx[0]+int32(len(idx))]...)
				} else {
					fs = append(fs, g.fs[idx[0]:idx[0]+int32(len(idx))]...)
				}
				continue
			}
			for _, i := range idx {
				if !inside && !b.Intersects(g.bounds[i]) {
					continue
				}
				if !g.point[i] {
					if seen == nil {
						seen = make([]uint64, (len(g.fs)+63)/64)
					}
					if seen[i/64]&(1<<(i%64)) != 0 {
						continue
					}
					seen[i/64] |= 1 << (i % 64)
				}
				if wantItems {
					items = append(items, g.items[i])
				} else {
					fs = append(fs, g.fs[i])
				}
			}
		}
	}
	return fs, items
}

// rangeItems calls fn with each item meeting b, once.
func (g *kindIndex) rangeItems(b orb.Bound, fn func(*Item)) {
	if !b.Intersects(g.ext) {
		return
	}
	if contains(b, g.ext) {
		for i := range g.items {
			fn(&g.items[i])
		}
		return
	}
	x0, y0, x1, y1 := g.grid.Span(b)
	var in insideCells
	in.set(g, x0, y0, x1, y1, b)
	var seen []uint64 // a bitset by index: only lines and polygons can repeat
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			inside := in.at(x, y)
			for _, i := range g.grid.Cell(x, y) {
				if !inside && !b.Intersects(g.bounds[i]) {
					continue
				}
				if !g.point[i] {
					if seen == nil {
						seen = make([]uint64, (len(g.fs)+63)/64)
					}
					if seen[i/64]&(1<<(i%64)) != 0 {
						continue
					}
					seen[i/64] |= 1 << (i % 64)
				}
				fn(&g.items[i])
			}
		}
	}
}
