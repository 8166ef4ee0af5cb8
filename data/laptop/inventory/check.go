package inventory

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/crs"
)

// ---- the mapping against the file ----

// check makes sure every source field the mapping names is in the file,
// and finds the coordinate columns of a CSV file when the mapping does not
// name them. Anything missing is fatal: importing with it would lose a
// whole column silently.
func (m *Mapping) check(t *table) error {
	if t.tabular() && m.Geometry.primaryZero() {
		g, ok := guessGeometry(t)
		if !ok {
			return gis.Errorf(gis.EINVALID, "không tìm thấy cột tọa độ (no coordinate columns: name them in the mapping, \"geometry\": {\"x\": …, \"y\": …} or {\"wkt\": …}); các cột (columns): %s%s", quoteList(t.cols), delimiterHint(t))
		}
		g.Fallback = m.Geometry.Fallback
		m.Geometry = g
	}
	if !t.tabular() && len(t.recs) == 0 {
		return nil
	}
	var missing []string
	need := func(name string) {
		if _, ok := t.col(name); !ok {
			missing = append(missing, name)
		}
	}
	for _, name := range sortedKeys(m.Fields) {
		for _, s := range m.Fields[name].sources() {
			need(s)
		}
	}
	for _, s := range m.Skip {
		need(s.Field)
	}
	for _, s := range m.Geometry.columns() {
		need(s)
	}
	if len(missing) == 0 {
		return nil
	}
	var hints []string
	for _, name := range missing {
		for _, c := range t.cols {
			if strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(name)) {
				hints = append(hints, fmt.Sprintf("%q → %q?", name, c))
			}
		}
	}
	hint := ""
	if len(hints) > 0 {
		hint = "; có phải (did you mean) " + strings.Join(hints, ", ")
	}
	return gis.Errorf(gis.EINVALID, "ánh xạ nêu trường không có trong tệp (the mapping names fields the file does not have): %s%s; các trường của tệp (the file's fields): %s%s",
		quoteList(missing), hint, quoteList(t.cols), delimiterHint(t))
}

// columns lists the source fields the geometry (and its fallback) reads.
func (g GeometrySource) columns() []string {
	var out []string
	for _, s := range []string{g.X, g.Y, g.WKT} {
		if s != "" {
			out = append(out, s)
		}
	}
	if g.Fallback != nil {
		out = append(out, g.Fallback.columns()...)
	}
	return out
}

// delimiterHint explains a CSV header that did not split.
func delimiterHint(t *table) string {
	if t.format != "csv" || len(t.cols) != 1 {
		return ""
	}
	for _, c := range []rune{',', ';', '\t', '|'} {
		if c != t.comma && strings.ContainsRune(t.cols[0], c) {
			return fmt.Sprintf(". Tiêu đề chỉ có một cột chứa %q: sai dấu phân cách? (the header is one column containing %q: wrong delimiter? the mapping says %q)", delimiterName(c), delimiterName(c), delimiterName(t.comma))
		}
	}
	return ""
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) > 40 {
		q = append(q[:40], fmt.Sprintf("… (%d)", len(ss)))
	}
	return strings.Join(q, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// coordinate column names, folded, in order of preference.
var coordPairs = [][2]string{
	{"lon", "lat"}, {"longitude", "latitude"}, {"lng", "lat"}, {"long", "lat"},
	{"x", "y"}, {"kinh do", "vi do"}, {"easting", "northing"}, {"east", "north"}, {"e", "n"}, {"point x", "point y"},
}

var wktNames = []string{"wkt", "geometry", "geom", "the geom", "wkt geom", "shape"}

func guessGeometry(t *table) (GeometrySource, bool) {
	folded := map[string]string{}
	for _, c := range t.cols {
		k := gis.FoldSearch(strings.ReplaceAll(c, "_", " "))
		if _, dup := folded[k]; !dup {
			folded[k] = c
		}
	}
	for _, p := range coordPairs {
		x, okx := folded[p[0]]
		y, oky := folded[p[1]]
		if okx && oky {
			return GeometrySource{X: x, Y: y}, true
		}
	}
	for _, n := range wktNames {
		if c, ok := folded[n]; ok {
			return GeometrySource{WKT: c}, true
		}
	}
	return GeometrySource{}, false
}

// guess fills an automatic mapping: every attribute whose name (or label)
// is a source field's name, ignoring case, spaces and diacritics.
func (m *Mapping) guess(t *table, sc *gis.Schema) error {
	folded := map[string]string{}
	for _, c := range t.cols {
		k := gis.FoldSearch(strings.ReplaceAll(c, "_", " "))
		if _, dup := folded[k]; !dup {
			folded[k] = c
		}
	}
	m.Fields = map[string]*FieldMap{}
	for i := range sc.Fields {
		fd := &sc.Fields[i]
		if fd.Computed {
			continue
		}
		for _, n := range []string{fd.Name, fd.Label.EN, fd.Label.VI} {
			if c, ok := folded[gis.FoldSearch(strings.ReplaceAll(n, "_", " "))]; ok {
				fm := &FieldMap{From: c}
				if err := fm.prepare(fd); err != nil {
					return err
				}
				m.Fields[fd.Name] = fm
				break
			}
		}
	}
	return nil
}

// describe says which source feeds each attribute.
func (m *Mapping) describe() map[string]string {
	out := map[string]string{}
	for name, fm := range m.Fields {
		switch {
		case fm.From != "":
			out[name] = fm.From
		case fm.Template != "":
			out[name] = fm.Template
		case fm.Value != nil:
			out[name] = "= " + *fm.Value
		}
	}
	out["geometry"] = m.Geometry.describe()
	return out
}

func (g GeometrySource) describe() string {
	var s string
	switch {
	case g.X != "":
		s = g.X + ", " + g.Y
	case g.WKT != "":
		s = g.WKT + " (WKT)"
	default:
		s = "geometry (GeoJSON)"
	}
	if g.Fallback != nil {
		s += "; fallback " + g.Fallback.describe()
	}
	return s
}

// unused lists the file's fields the mapping does not read.
func (m *Mapping) unused(t *table) []string {
	used := map[string]bool{}
	for _, s := range m.Geometry.columns() {
		used[s] = true
	}
	if m.Duplicates != nil {
		for _, k := range m.Duplicates.Key {
			used[k] = true
		}
	}
	for _, fm := range m.Fields {
		for _, s := range fm.sources() {
			used[s] = true
		}
	}
	for _, s := range m.Skip {
		used[s.Field] = true
	}
	var out []string
	for _, c := range t.cols {
		if !used[c] {
			out = append(out, c)
		}
	}
	return out
}

// geographicAliases are geographic CRSs whose datum lies within about 2 m
// of WGS 84 (NAD83, ETRS89, GDA94, ITRF-based systems): for an inventory of
// street furniture they are read as WGS 84 longitude/latitude.
var geographicAliases = map[int]bool{4269: true, 4258: true, 4283: true, 4617: true, 4619: true, 4167: true, 4979: true, 4326: true}

// lookupCRS reads a CRS as --crs, a mapping's "crs", a GeoJSON crs member
// or a .prj / GeoPackage definition gives it: an EPSG code in any of its
// spellings, or WKT (gis/crs.Parse).
func lookupCRS(name string) (*crs.CRS, error) {
	norm := normaliseCRSName(name)
	if strings.HasPrefix(norm, "EPSG:") {
		var code int
		fmt.Sscan(norm[5:], &code)
		if geographicAliases[code] {
			return crs.ByCode(4326)
		}
	}
	c, err := crs.Parse(name)
	if err != nil && norm != name {
		if c2, err2 := crs.Parse(norm); err2 == nil {
			return c2, nil
		}
	}
	if err != nil {
		shown := strings.TrimSpace(name)
		if len(shown) > 80 {
			shown = shown[:80] + "…"
		}
		return nil, gis.Errorf(gis.EINVALID, "hệ tọa độ %q không được hỗ trợ (unsupported CRS): %v; dùng mã EPSG của hệ Transverse Mercator, Lambert, Mercator hoặc Albers, hay WKT của tệp .prj (use the EPSG code of a TM, LCC, Mercator or Albers CRS, or a .prj's WKT), hoặc kinh độ/vĩ độ gần WGS 84 (or a geographic CRS within 2 m of WGS 84: 4269, 4258, 4283…)", shown, err)
	}
	return c, nil
}

// sourceCRS is the CRS of the coordinates read: --crs, the mapping's, the
// GeoJSON file's (for its own geometry) or WGS 84.
func (m *Mapping) sourceCRS(t *table, override string) (*crs.CRS, error) {
	name, from := override, "--crs"
	if name == "" {
		name, from = m.CRS, "ánh xạ (mapping)"
	}
	if name == "" && !t.tabular() && m.Geometry.primaryZero() && t.crs != "" {
		name, from = t.crs, "hệ tọa độ của tệp (the file's own CRS)"
	}
	if name == "" {
		return crs.ByCode(4326)
	}
	c, err := lookupCRS(name)
	if err != nil {
		hint := ""
		if t.format == "geojson" && m.Geometry.primaryZero() {
			hint = " Nếu tệp có trường kinh độ/vĩ độ, dùng chúng (if the features carry lon/lat properties, map them: \"geometry\": {\"x\": \"lon\", \"y\": \"lat\"})."
		}
		return nil, gis.Errorf(gis.EINVALID, "%s: %v.%s", from, err, hint)
	}
	return c, nil
}

// ---- positions ----

const (
	// stackCell is the grid cell, in metres, of the stacked-rows check: a
	// pile is the rows of 3×3 neighbouring cells.
	stackCell = 0.25
	// minOutlierKm is the least distance from the median that counts as
	// far, whatever the file's spread.
	minOutlierKm = 20
)

// checkPositions rejects the rows placed where no record can be: (0, 0),
// outside the extent, piled on one point, far from the rest of the file
// (naming a flipped sign or swapped lon/lat when that is what happened).
func (b *builder) checkPositions(cands []candidate, extent *orb.Bound) []candidate {
	ck := b.m.Checks
	if extent == nil && ck.Extent != nil {
		e := ck.Extent
		extent = &orb.Bound{Min: orb.Point{e[0], e[1]}, Max: orb.Point{e[2], e[3]}}
	}
	keep := cands[:0]
	for _, c := range cands {
		p := c.at
		switch {
		case math.Abs(p[0]) < 1e-9 && math.Abs(p[1]) < 1e-9:
			b.reject(c.rec, ReasonZero, "tọa độ (0, 0): thiếu vị trí thật (at (0, 0): the position is missing)")
		case extent != nil && !extent.Contains(p):
			if why := flipInside(p, func(q orb.Point) bool { return extent.Contains(q) }); why != "" {
				b.reject(c.rec, ReasonFlipped, why)
			} else {
				b.reject(c.rec, ReasonExtent, fmt.Sprintf("(%.6f, %.6f) nằm ngoài vùng --extent (outside the extent)", p[0], p[1]))
			}
		default:
			keep = append(keep, c)
		}
	}
	cands = keep
	limit := ck.Stack
	if limit == 0 {
		limit = 10
	}
	if limit > 0 {
		cands = b.rejectStacks(cands, limit)
	}
	if len(cands) < 3 {
		return cands
	}
	lons := make([]float64, len(cands))
	lats := make([]float64, len(cands))
	for i, c := range cands {
		lons[i], lats[i] = c.at[0], c.at[1]
	}
	med := orb.Point{median(lons), median(lats)}
	dist := make([]float64, len(cands))
	for i, c := range cands {
		dist[i] = geo.Distance(med, c.at)
	}
	limitM := ck.MaxDistanceKm * 1000
	if limitM == 0 {
		sorted := append([]float64(nil), dist...)
		sort.Float64s(sorted)
		p95 := sorted[int(0.95*float64(len(sorted)-1))]
		limitM = max(minOutlierKm*1000, 3*p95)
	}
	keep = cands[:0]
	for i, c := range cands {
		if dist[i] <= limitM {
			keep = append(keep, c)
			continue
		}
		near := func(q orb.Point) bool { return geo.Distance(med, q) <= limitM }
		if why := flipInside(c.at, near); why != "" {
			b.reject(c.rec, ReasonFlipped, why)
			continue
		}
		b.reject(c.rec, ReasonOutlier, fmt.Sprintf("(%.6f, %.6f) cách điểm giữa của tệp %.0f km, giới hạn %.0f km (%.0f km from the file's median point (%.5f, %.5f); limit %.0f km)",
			c.at[0], c.at[1], dist[i]/1000, limitM/1000, dist[i]/1000, med[0], med[1], limitM/1000))
	}
	return keep
}

// flipInside names the slip that put p where it is, if undoing it brings
// the point inside.
func flipInside(p orb.Point, inside func(orb.Point) bool) string {
	switch {
	case inside(orb.Point{-p[0], p[1]}):
		return fmt.Sprintf("kinh độ đổi dấu? (longitude sign flipped? (%.6f, %.6f) would be (%.6f, %.6f), where the other rows are)", p[0], p[1], -p[0], p[1])
	case inside(orb.Point{p[0], -p[1]}):
		return fmt.Sprintf("vĩ độ đổi dấu? (latitude sign flipped? (%.6f, %.6f) would be (%.6f, %.6f), where the other rows are)", p[0], p[1], p[0], -p[1])
	case inside(orb.Point{p[1], p[0]}):
		return fmt.Sprintf("kinh độ và vĩ độ đổi chỗ? (longitude and latitude swapped? (%.6f, %.6f) would be (%.6f, %.6f), where the other rows are)", p[0], p[1], p[1], p[0])
	}
	return ""
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

type cell struct{ x, y int64 }

// cellOf is p's cell in a grid of side size metres.
func cellOf(p orb.Point, size float64) cell {
	// The scale at the latitude rounded to 0.1°: the points of one 11 km
	// band share one kx, so their cells are one grid.
	kx, ky := gis.MetresPerDegree(math.Round(p[1]*10) / 10)
	return cell{int64(math.Floor(p[0] * kx / size)), int64(math.Floor(p[1] * ky / size))}
}

// rejectStacks rejects every row of a pile: limit rows or more whose points
// fall within neighbouring cells of stackCell metres, given one placeholder
// position. A pile of rows that all name the same address (or two) is the
// distinct trees of an address-level point instead: they are kept, flagged
// position_approximate (the duplicate rule still applies to them).
func (b *builder) rejectStacks(cands []candidate, limit int) []candidate {
	// Each row's cell is found once (cellOf takes a cosine).
	cells := make([]cell, len(cands))
	grid := stackGrid{}
	for i, c := range cands {
		k := cellOf(c.at, stackCell)
		cells[i] = k
		grid[k] = append(grid[k], i)
	}
	hot := grid.hot(limit)
	if len(hot) == 0 {
		return cands
	}
	ps := grid.piles(hot, cands, cells)
	_, canFlag := b.sc.Field(approximateField)
	msgs := make([]string, len(ps.sizes))
	keep := cands[:0]
	for i, c := range cands {
		id, ok := ps.of[cells[i]]
		if !ok || 2*len(ps.points[id]) >= ps.sizes[id] {
			// Most rows at points of their own: a surveyed clump (Downey's
			// ten palms on a 10 cm grid), not a pile on one point.
			keep = append(keep, c)
			continue
		}
		if canFlag && addressStack(ps.sizes[id], ps.addrs[id]) {
			c.f.Attrs[approximateField] = true
			b.res.Approximate++
			keep = append(keep, c)
			continue
		}
		if msgs[id] == "" {
			// One message a pile: Glendora's pile in Kansas is 12,610 rows.
			p, n := ps.centre[id], ps.sizes[id]
			msgs[id] = fmt.Sprintf("%d dòng chồng lên cùng một điểm (%.6f, %.6f) với %s: vị trí giả, không phải vị trí thật (%d rows stacked on one point, %s: a placeholder position, not a real one)",
				n, p[0], p[1], pileAddressesVI(ps.addrs[id]), n, pileAddressesEN(ps.addrs[id]))
		}
		b.reject(c.rec, ReasonStacked, msgs[id])
	}
	return keep
}

// stackGrid holds the candidates (by index) in each cell of stackCell
// metres.
type stackGrid map[cell][]int

// around is how many candidates are in k and its eight neighbours.
func (g stackGrid) around(k cell) int {
	n := 0
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			n += len(g[cell{k.x + dx, k.y + dy}])
		}
	}
	return n
}

// hot are the cells whose neighbourhood of nine holds limit candidates
// or more.
func (g stackGrid) hot(limit int) map[cell]bool {
	// A neighbourhood of nine cells holding limit rows has a cell holding
	// at least limit/9 of them: only the neighbourhoods of such dense
	// cells are counted. In a city of trees metres apart there are none,
	// and nine lookups in a map of a million cells for every cell were 5%
	// of a million-tree import.
	need := max(1, (limit+8)/9)
	hot := map[cell]bool{}
	counted := map[cell]bool{}
	for k, rows := range g {
		if len(rows) < need {
			continue
		}
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				n := cell{k.x + dx, k.y + dy}
				if counted[n] || len(g[n]) == 0 {
					continue
				}
				counted[n] = true
				if g.around(n) >= limit {
					hot[n] = true
				}
			}
		}
	}
	return hot
}

// pileSet are the piles of a grid, numbered from 0: of gives the pile of
// each cell in one; sizes, centre (a row's point), the addresses (folded)
// and the distinct points (cells of pointCell metres) of each pile.
type pileSet struct {
	of     map[cell]int
	sizes  []int
	centre []orb.Point
	addrs  []map[string]bool
	points []map[cell]bool
}

// piles gathers the hot cells with their neighbours into piles;
// neighbouring piles join. cells are the candidates' cells.
func (g stackGrid) piles(hot map[cell]bool, cands []candidate, cells []cell) *pileSet {
	member := map[cell]bool{}
	for k := range hot {
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				if n := (cell{k.x + dx, k.y + dy}); len(g[n]) > 0 {
					member[n] = true
				}
			}
		}
	}
	ps := &pileSet{of: map[cell]int{}}
	for k := range member {
		if _, done := ps.of[k]; done {
			continue
		}
		id := len(ps.sizes)
		ps.sizes = append(ps.sizes, 0)
		ps.centre = append(ps.centre, cands[g[k][0]].at)
		queue := []cell{k}
		ps.of[k] = id
		for len(queue) > 0 {
			q := queue[0]
			queue = queue[1:]
			ps.sizes[id] += len(g[q])
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					n := cell{q.x + dx, q.y + dy}
					if _, seen := ps.of[n]; !seen && member[n] {
						ps.of[n] = id
						queue = append(queue, n)
					}
				}
			}
		}
	}
	ps.addrs = make([]map[string]bool, len(ps.sizes))
	ps.points = make([]map[cell]bool, len(ps.sizes))
	for i := range ps.addrs {
		ps.addrs[i], ps.points[i] = map[string]bool{}, map[cell]bool{}
	}
	// A placeholder pile repeats few addresses over thousands of rows
	// (Glendora's 12,610): each is folded into one reused buffer and kept
	// only the first time.
	var key []byte
	for i, c := range cands {
		if id, ok := ps.of[cells[i]]; ok {
			a, _ := c.f.Attrs["address"].(string)
			key = gis.AppendFoldSearch(key[:0], a)
			if !ps.addrs[id][string(key)] {
				ps.addrs[id][string(key)] = true
			}
			ps.points[id][cellOf(c.at, pointCell)] = true
		}
	}
	return ps
}

// pointCell is the grid cell, in metres, within which two rows of a pile
// are on the same point: a placeholder repeats one point to the millimetre
// (Glendora's differ by 0.07 mm).
const pointCell = 0.02

// approximateField flags a record kept at an address-level point.
const approximateField = "position_approximate"

const (
	// maxStackAddresses is how many addresses a pile kept as an
	// address-level point may name: a property's trees geocoded to its
	// address (or a corner lot's two). A placeholder pile (Glendora's
	// 12,610 rows in Kansas) names hundreds.
	maxStackAddresses = 2
	// maxAddressStack bounds the rows such a point may hold: Artesia's
	// 72 palms at 12000 Artesia Bl are the most in the LA files.
	maxAddressStack = 200
)

// addressStack reports whether a pile is the distinct trees of one
// address-level point rather than a placeholder: every row has an
// address, and they name at most maxStackAddresses.
func addressStack(size int, addrs map[string]bool) bool {
	return size <= maxAddressStack && len(addrs) <= maxStackAddresses && !addrs[""]
}

func pileAddressesVI(addrs map[string]bool) string {
	if addrs[""] {
		return "dòng không có địa chỉ"
	}
	return fmt.Sprintf("%d địa chỉ", len(addrs))
}

func pileAddressesEN(addrs map[string]bool) string {
	if addrs[""] {
		return "rows without an address"
	}
	return fmt.Sprintf("%d addresses", len(addrs))
}

// ---- duplicates ----

// dupRule is the duplicate rule resolved against the file: what is
// compared within the file and with stored records.
type dupRule struct {
	d          float64 // metres; 0: the same point
	withinFile bool
	identity   bool     // attrs and srcCols name the records' identity
	attrs      []string // identity attributes
	srcCols    []int    // identity source fields (not stored)
	srcNames   []string
	all        []string // every mapped attribute: the key without identity
}

// identityFields are the attributes that identify a record of a kind when
// a mapping maps them all.
func identityFields(sc *gis.Schema) []string {
	switch sc.Kind {
	case gis.Lamp:
		return []string{"pole_code"}
	case gis.Plate:
		return []string{"number", "street"}
	}
	if _, ok := sc.Field("code"); ok {
		return []string{"code"}
	}
	return nil
}

// dupRule resolves the mapping's duplicate rule: an explicit key (schema
// attributes first, else the file's fields), else the kind's identity
// when mapped, else every mapped attribute.
func (m *Mapping) dupRule(sc *gis.Schema, t *table) (*dupRule, error) {
	r := &dupRule{d: 1, withinFile: true, all: sortedKeys(m.Fields)}
	if d := m.Duplicates; d != nil {
		if d.DistanceM != nil {
			r.d = *d.DistanceM
		}
		if d.WithinFile != nil {
			r.withinFile = *d.WithinFile
		}
	}
	var key []string
	if m.Duplicates != nil && m.Duplicates.Key != nil {
		key = m.Duplicates.Key
	} else if id := identityFields(sc); len(id) > 0 {
		key = id
		for _, k := range id {
			if m.Fields[k] == nil {
				key = nil
			}
		}
	}
	for _, k := range key {
		if _, ok := sc.Field(k); ok {
			r.attrs = append(r.attrs, k)
			continue
		}
		i, ok := t.col(k)
		if !ok {
			return nil, gis.Errorf(gis.EINVALID, "duplicates.key: %q không phải trường của loại %s hay của tệp (is neither a field of kind %s nor of the file); các trường của tệp (the file's fields): %s", k, sc.Kind, sc.Kind, quoteList(t.cols))
		}
		r.srcCols = append(r.srcCols, i)
		r.srcNames = append(r.srcNames, k)
	}
	r.identity = len(key) > 0
	return r, nil
}

// noIdentity reports whether a row has no value in any identity field.
func (r *dupRule) noIdentity(c *candidate) bool {
	for _, k := range r.attrs {
		if c.f.Attrs[k] != nil {
			return false
		}
	}
	for _, i := range r.srcCols {
		if strings.TrimSpace(c.rec.val(i)) != "" {
			return false
		}
	}
	return true
}

// keys gives a row's key within the file and the attributes (and their
// key) it is compared on with stored records: the identity, or for a row
// without one, every mapped attribute. Source fields are not stored, so
// a key with them compares stored records on every mapped attribute.
// Without stored records (withStored false: a first import) only the
// file's key is made.
func (r *dupRule) keys(c *candidate, sc *gis.Schema, fc *foldCache, withStored bool) (file, stored string, storedAttrs []string) {
	if !r.identity || r.noIdentity(c) {
		k := "\x01" + keyOf(c.f, sc, r.all, fc)
		return k, k, r.all
	}
	b := appendKey(nil, c.f, sc, r.attrs, fc)
	for _, i := range r.srcCols {
		b = append(b, fc.tmp(collapseSpace(c.rec.val(i)))...)
		b = append(b, 0)
	}
	k := string(b)
	if len(r.srcCols) > 0 {
		if !withStored {
			return k, "", r.all
		}
		return k, "\x01" + keyOf(c.f, sc, r.all, fc), r.all
	}
	return k, k, r.attrs
}

// describe names what a row was compared on.
func (r *dupRule) describe(c *candidate, sc *gis.Schema, attrs []string, withSource bool) string {
	var parts []string
	for _, k := range attrs {
		fd, _ := sc.Field(k)
		parts = append(parts, fmt.Sprintf("%s = %q", k, fd.Format(c.f.Attrs[k])))
	}
	if withSource {
		for j, i := range r.srcCols {
			parts = append(parts, fmt.Sprintf("%s = %q", r.srcNames[j], collapseSpace(c.rec.val(i))))
		}
	}
	return strings.Join(parts, ", ")
}

func keyOf(f *gis.Feature, sc *gis.Schema, key []string, fc *foldCache) string {
	return string(appendKey(nil, f, sc, key, fc))
}

// appendKey appends the folded values of key's attributes, each ended by
// a 0 byte.
func appendKey(b []byte, f *gis.Feature, sc *gis.Schema, key []string, fc *foldCache) []byte {
	for _, k := range key {
		fd, _ := sc.Field(k)
		if v := f.Attrs[k]; v != nil {
			b = append(b, fc.tmp(fd.Format(v))...)
		}
		b = append(b, 0)
	}
	return b
}

// dupCell is the grid cell of the duplicate search: at least d, and not 0
// for a rule of "the same point".
func dupCell(d float64) float64 { return max(d, 0.01) }

// checkDuplicates rejects rows that repeat a record of the same kind within
// the rule's distance and with the same identity: one already in the
// database (found through the store's R-tree) or an earlier row of the
// same file.
func (b *builder) checkDuplicates(ctx context.Context, st *gpkg.Store, cands []candidate) ([]candidate, error) {
	rule := b.dup
	d := rule.d
	existing := false
	if st != nil {
		one, err := st.Find(ctx, gpkg.Query{Kind: b.sc.Kind, Limit: 1})
		if err != nil {
			return nil, err
		}
		existing = len(one) > 0
	}
	keys := make([]string, len(cands))
	skeys := make([]string, len(cands))
	sattrs := make([][]string, len(cands))
	fc := newFoldCache() // species repeat
	for i := range cands {
		keys[i], skeys[i], sattrs[i] = rule.keys(&cands[i], b.sc, fc, existing)
	}
	var stored map[cell][]*gis.Feature
	if existing {
		var err error
		if stored, err = b.storedNear(ctx, st, cands, d); err != nil {
			return nil, err
		}
	}
	grid := map[cell][]int{}
	keep := make([]candidate, 0, len(cands))
	for i, c := range cands {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			report(b.progress, "trùng (duplicates)", i, len(cands))
		}
		if stored != nil {
			if f, dist := nearestSame(stored, c.at, d, skeys[i], b.sc, sattrs[i], fc); f != nil {
				what := rule.describe(&c, b.sc, sattrs[i], false)
				b.reject(c.rec, ReasonDuplicate, fmt.Sprintf("trùng với bản ghi có sẵn %s, cách %.2f m, cùng (duplicate of existing record %s, %.2f m away, same) %s",
					f.ID, dist, f.ID, dist, what))
				continue
			}
		}
		if rule.withinFile {
			k := cellOf(c.at, dupCell(d))
			dup := false
		search:
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					for _, j := range grid[cell{k.x + dx, k.y + dy}] {
						o := cands[j]
						if keys[j] != keys[i] {
							continue
						}
						if dist := gis.DistanceM(o.at, c.at); dist <= d {
							var what string
							if !rule.identity || rule.noIdentity(&c) {
								what = rule.describe(&c, b.sc, rule.all, false)
							} else {
								what = rule.describe(&c, b.sc, rule.attrs, true)
							}
							b.reject(c.rec, ReasonDuplicate, fmt.Sprintf("trùng với %s của tệp, cách %.2f m, cùng (duplicate of %s of this file, %.2f m away, same) %s",
								where(o.rec, true), dist, where(o.rec, false), dist, what))
							dup = true
							break search
						}
					}
				}
			}
			if dup {
				continue
			}
			grid[k] = append(grid[k], i)
		}
		keep = append(keep, c)
	}
	report(b.progress, "trùng (duplicates)", len(cands), len(cands))
	return keep, nil
}

// where names a record as a person finds it: its record number and, for
// CSV, the line it starts on (the numbers stderr and the report give).
func where(r *record, vi bool) string {
	switch {
	case vi && r.line > 0:
		return fmt.Sprintf("bản ghi %d (dòng %d)", r.n, r.line)
	case vi:
		return fmt.Sprintf("bản ghi %d", r.n)
	case r.line > 0:
		return fmt.Sprintf("record %d (line %d)", r.n, r.line)
	}
	return fmt.Sprintf("record %d", r.n)
}

// dupTile is the side, in metres, of the tiles in which stored records are
// fetched: one query per tile holding rows, so a file of 20,000 trees over
// a city costs a few dozen queries, and memory stays bounded by what lies
// near the file's rows.
const dupTile = 500

// storedNear fetches the stored records of the kind near the candidates,
// through the store's R-tree, tile by tile, into a grid of cells of d metres.
func (b *builder) storedNear(ctx context.Context, st *gpkg.Store, cands []candidate, d float64) (map[cell][]*gis.Feature, error) {
	tiles := map[cell]orb.Bound{}
	for _, c := range cands {
		k := cellOf(c.at, dupTile)
		if tb, ok := tiles[k]; ok {
			tiles[k] = tb.Extend(c.at)
		} else {
			tiles[k] = c.at.Bound()
		}
	}
	grid := map[cell][]*gis.Feature{}
	seen := map[string]bool{}
	n := 0
	for _, tb := range tiles {
		if n%16 == 0 {
			report(b.progress, "trùng (duplicates)", n, len(tiles))
		}
		n++
		// The R-tree holds float32 boxes rounded outwards: a margin of at
		// least 1 cm finds a record at exactly the same point.
		dLon, dLat := gis.MetresToDegrees(dupCell(d)*1.01, tb.Center()[1])
		q := orb.Bound{Min: orb.Point{tb.Min[0] - dLon, tb.Min[1] - dLat}, Max: orb.Point{tb.Max[0] + dLon, tb.Max[1] + dLat}}
		res, err := st.Find(ctx, gpkg.Query{Kind: b.sc.Kind, Bound: &q})
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			k := cellOf(representative(r.Geom), dupCell(d))
			grid[k] = append(grid[k], r.Feature)
		}
	}
	return grid, nil
}

// nearestSame finds the nearest stored record within d metres of p with the
// same key on attrs.
func nearestSame(grid map[cell][]*gis.Feature, p orb.Point, d float64, k string, sc *gis.Schema, attrs []string, fc *foldCache) (*gis.Feature, float64) {
	var best *gis.Feature
	bestD := math.Inf(1)
	c := cellOf(p, dupCell(d))
	prefix := strings.HasPrefix(k, "\x01")
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for _, f := range grid[cell{c.x + dx, c.y + dy}] {
				if dist := gis.DistanceM(f.Geom, p); dist <= d && dist < bestD {
					fk := keyOf(f, sc, attrs, fc)
					if prefix {
						fk = "\x01" + fk
					}
					if fk == k {
						best, bestD = f, dist
					}
				}
			}
		}
	}
	return best, bestD
}
