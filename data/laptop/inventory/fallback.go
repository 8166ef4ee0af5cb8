package inventory

import (
	"fmt"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/crs"
)

// fallbackCRS is the reference system of the geometry fallback's columns:
// its own crs, else the mapping's, else WGS 84. Never the GeoJSON file's
// crs member, which is its geometry's (Downey: geometry in EPSG:2229 feet,
// lat/lon properties in degrees).
func (m *Mapping) fallbackCRS() (*crs.CRS, error) {
	name := m.Geometry.Fallback.CRS
	if name == "" {
		name = m.CRS
	}
	if name == "" {
		return crs.ByCode(4326)
	}
	return lookupCRS(name)
}

// positions runs the position checks; with a geometry fallback, the rows
// they reject (at (0, 0), in a placeholder pile, far away, outside the
// extent) are placed again from the fallback and the checks run again on
// everything, so a pile or the file's median is judged on where rows
// really are.
func (b *builder) positions(cands []candidate, extent *orb.Bound) []candidate {
	if b.fallback == nil {
		return b.checkPositions(cands, extent)
	}
	orig := make(map[int]candidate, len(cands))
	for _, c := range cands {
		if !c.fallback {
			orig[c.rec.n] = c
		}
	}
	mark := len(b.res.Rejected)
	// Most rows this pass rejects are placed again from the fallback
	// (Glendora: all 12,610 of its placeholder pile): the source id and
	// coordinates of a rejection are written only for those that stand.
	b.quick = true
	kept := b.checkPositions(cands, extent)
	b.quick = false
	rejected := append([]Rejection(nil), b.res.Rejected[mark:]...)
	b.res.Rejected = b.res.Rejected[:mark]
	var retry []candidate
	for _, x := range rejected {
		if c, ok := orig[x.Record]; ok {
			if g, reason, _ := b.fallback.position(c.rec); reason == "" {
				c.f.Geom, c.at, c.fallback = g, representative(g), true
				c.rec.fallback = true
				retry = append(retry, c)
				continue
			}
		}
		b.res.Rejected = append(b.res.Rejected, b.rejection(x.rec, x.Reason, x.Message))
	}
	if len(retry) == 0 {
		return kept
	}
	all := append(kept, retry...)
	sort.Slice(all, func(i, j int) bool { return all[i].rec.n < all[j].rec.n })
	for _, c := range all {
		delete(c.f.Attrs, approximateField)
	}
	b.res.Approximate = 0
	return b.checkPositions(all, extent)
}

// positionReasons are the rejections that say a row's position is wrong,
// not the row.
var positionReasons = map[string]bool{ReasonZero: true, ReasonStacked: true, ReasonOutlier: true, ReasonFlipped: true, ReasonExtent: true, ReasonCRS: true, ReasonPosition: true}

// warnPlaceholder says so when the file's own geometry put rows where no
// record can be while the file has coordinate columns that place them
// (Glendora: every geometry on one point in Kansas, its lat/lon columns
// right), naming the columns and the mapping that reads them.
func (b *builder) warnPlaceholder() {
	if b.fallback != nil || !b.primary.src.primaryZero() || b.t.format != "geojson" {
		return
	}
	g, ok := guessGeometry(b.t)
	if !ok || g.X == "" {
		return
	}
	xi, _ := b.t.col(g.X)
	yi, _ := b.t.col(g.Y)
	bad, good := map[string]int{}, 0
	for _, x := range b.res.Rejected {
		if !positionReasons[x.Reason] {
			continue
		}
		bad[x.Reason]++
		r := &b.t.recs[x.Record-1]
		lon, okx := parseCoord(strings.TrimSpace(r.val(xi)))
		lat, oky := parseCoord(strings.TrimSpace(r.val(yi)))
		if okx && oky && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 && (lon != 0 || lat != 0) {
			good++
		}
	}
	if good == 0 || good < len(b.t.recs)/100 {
		return
	}
	var parts []string
	for _, r := range sortedKeys(bad) {
		parts = append(parts, fmt.Sprintf("%s %d", r, bad[r]))
	}
	b.res.Warnings = append(b.res.Warnings, fmt.Sprintf("hình học của tệp đặt %d dòng sai chỗ (%s) trong khi cột %q/%q có kinh độ/vĩ độ hợp lệ cho %d dòng trong số đó: dùng \"geometry\": {\"x\": %q, \"y\": %q} hoặc {\"fallback\": {\"x\": %q, \"y\": %q}} (the file's geometry misplaces %d rows (%s) while its columns %q/%q hold valid lon/lat for %d of them: map them, or use them as a fallback)",
		sum(bad), strings.Join(parts, ", "), g.X, g.Y, good, g.X, g.Y, g.X, g.Y, sum(bad), strings.Join(parts, ", "), g.X, g.Y, good))
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// idNames are column names (folded) that usually hold a row's own id.
var idNames = []string{"id", "objectid", "fid", "gid", "inventoryid", "inventoryi", "tree id", "treeid", "asset id", "assetid", "ma cay", "ma"}

// idColumns are the columns that name a row in the report: the mapped
// code's sources, else the duplicate identity's, else a column named like
// an id.
func (m *Mapping) idColumns(t *table, dup *dupRule) []int {
	var names []string
	if fm := m.Fields["code"]; fm != nil {
		names = fm.sources()
	} else if dup.identity {
		for _, a := range dup.attrs {
			if fm := m.Fields[a]; fm != nil {
				names = append(names, fm.sources()...)
			}
		}
		names = append(names, dup.srcNames...)
	}
	var out []int
	for _, n := range names {
		if i, ok := t.col(n); ok {
			out = append(out, i)
		}
	}
	if len(out) > 0 {
		return out
	}
	folded := map[string]int{}
	for i, c := range t.cols {
		k := gis.FoldSearch(strings.ReplaceAll(c, "_", " "))
		if _, dup := folded[k]; !dup {
			folded[k] = i
		}
	}
	for _, n := range idNames {
		if i, ok := folded[n]; ok {
			return []int{i}
		}
	}
	return nil
}

// checkGuessedUnits refuses an automatic mapping that would read a number
// with a unit from a column whose name does not say the unit: "height"
// may be feet (LA's "15-30" classes) and would be stored as metres. A
// column named like the field itself ("height_m") says it.
func (m *Mapping) checkGuessedUnits(sc *gis.Schema) error {
	var bad []string
	first := ""
	for _, name := range sortedKeys(m.Fields) {
		fm := m.Fields[name]
		fd, _ := sc.Field(name)
		if fd == nil || fd.Unit == "" || fm.Unit != "" || fm.From == "" {
			continue
		}
		if gis.FoldSearch(strings.ReplaceAll(fm.From, "_", " ")) == gis.FoldSearch(strings.ReplaceAll(fd.Name, "_", " ")) {
			continue
		}
		if first == "" {
			first = fm.From
		}
		bad = append(bad, fmt.Sprintf("%s ← %q (%s)", name, fm.From, fd.Unit))
	}
	if len(bad) == 0 {
		return nil
	}
	return gis.Errorf(gis.EINVALID, "ánh xạ tự động không đoán đơn vị: các trường này cần \"unit\" (the automatic mapping does not guess units: these fields need \"unit\"): %s. Lưu ánh xạ đã in ra, thêm \"unit\" rồi chạy lại với --map (save the mapping printed, add e.g. {\"from\": %q, \"unit\": \"ft\"}, and pass it with --map)",
		strings.Join(bad, ", "), first)
}
