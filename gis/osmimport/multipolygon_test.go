package osmimport

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis/gistest"
)

// mpNodes is a 4×4 grid of nodes 1..16 (id = 1 + x + 4y), 0.001° apart.
func mpNodes() string {
	var b strings.Builder
	for y := range 4 {
		for x := range 4 {
			b.WriteString("<node id='" + strconv.Itoa(1+x+4*y) + "' lat='" + strconv.FormatFloat(20.8+0.001*float64(y), 'f', 7, 64) +
				"' lon='" + strconv.FormatFloat(106.6+0.001*float64(x), 'f', 7, 64) + "'/>\n")
		}
	}
	return b.String()
}

func mpWay(id int, tags string, refs ...int) string {
	var b strings.Builder
	b.WriteString("<way id='" + strconv.Itoa(id) + "'>")
	for _, r := range refs {
		b.WriteString("<nd ref='" + strconv.Itoa(r) + "'/>")
	}
	return b.String() + tags + "</way>\n"
}

func mpRel(id int, tags string, members ...string) string {
	var b strings.Builder
	b.WriteString("<relation id='" + strconv.Itoa(id) + "'>")
	for _, m := range members {
		role, ref, _ := strings.Cut(m, ":")
		b.WriteString("<member type='way' ref='" + ref + "' role='" + role + "'/>")
	}
	return b.String() + tags + "</relation>\n"
}

const waterTags = "<tag k='type' v='multipolygon'/><tag k='natural' v='water'/>"

// readBoth imports an XML document once in a single pass and once in three
// passes; the two must agree.
func readBoth(t *testing.T, doc string) (*Collector, Stats) {
	t.Helper()
	var out [2]*Collector
	var sts [2]Stats
	for i, max := range []int64{1 << 62, -1} {
		old := singlePassMax
		singlePassMax = max
		var c Collector
		st, err := Read(context.Background(), strings.NewReader(doc), FormatXML, Options{}, &c)
		singlePassMax = old
		if err != nil {
			t.Fatal(err)
		}
		out[i], sts[i] = &c, st
	}
	if sts[0] != sts[1] || len(out[0].Polygons) != len(out[1].Polygons) {
		t.Fatalf("single pass %+v, three passes %+v", sts[0], sts[1])
	}
	return out[0], sts[0]
}

func TestMultipolygonAssembly(t *testing.T) {
	// Outer ring 1-4-16-13 made of two open ways (one reversed), inner
	// ring 6-7-11-10 one closed way.
	ways := mpWay(100, "", 1, 2, 3, 4, 8, 12, 16) + mpWay(101, "", 1, 5, 9, 13, 14, 15, 16) + mpWay(102, "", 6, 7, 11, 10, 6) +
		mpWay(103, "", 1, 5, 9, 13, 14, 15, 16, 12, 8, 4, 3, 2, 1)
	full := 0.003 * 0.003
	hole := 0.001 * 0.001
	cases := []struct {
		name    string
		rel     string
		polys   int
		area    float64
		holes   int
		broken  Stats
		kindSub string
	}{
		{"roles", mpRel(1, waterTags, "outer:100", "outer:101", "inner:102"), 1, full - hole, 1, Stats{}, "water/water"},
		{"no roles: containment", mpRel(1, waterTags, ":102", ":100", ":101"), 1, full - hole, 1, Stats{}, "water/water"},
		{"member listed twice", mpRel(1, waterTags, "outer:100", "outer:101", "inner:102", "inner:102", "outer:100"), 1, full - hole, 1, Stats{}, "water/water"},
		{"clockwise outer", mpRel(1, waterTags, "outer:103", "inner:102"), 1, full - hole, 1, Stats{}, "water/water"},
		{"missing member", mpRel(1, waterTags, "outer:100", "outer:101", "inner:999"), 0, 0, 0,
			Stats{BrokenMultipolygons: 1, MultipolygonsMissingMembers: 1}, ""},
		{"open ring", mpRel(1, waterTags, "outer:100", "inner:102"), 0, 0, 0,
			Stats{BrokenMultipolygons: 1, MultipolygonsOpenRings: 1}, ""},
		{"land use", mpRel(1, "<tag k='type' v='multipolygon'/><tag k='landuse' v='residential'/>", "outer:100", "outer:101"), 1, full, 0, Stats{}, "landuse/residential"},
		{"not an area", mpRel(1, "<tag k='type' v='multipolygon'/><tag k='amenity' v='school'/>", "outer:100", "outer:101"), 0, 0, 0, Stats{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, st := readBoth(t, "<osm>"+mpNodes()+ways+tc.rel+"</osm>")
			if st.BrokenMultipolygons != tc.broken.BrokenMultipolygons || st.MultipolygonsMissingMembers != tc.broken.MultipolygonsMissingMembers ||
				st.MultipolygonsOpenRings != tc.broken.MultipolygonsOpenRings {
				t.Errorf("stats %+v", st)
			}
			var got []BasemapPolygon
			for _, p := range c.Polygons {
				if p.OSMType == "relation" {
					got = append(got, p)
				}
			}
			if len(got) != tc.polys {
				t.Fatalf("%d relation polygons, want %d: %+v", len(got), tc.polys, got)
			}
			if tc.polys == 0 {
				return
			}
			p := got[0]
			if p.OSMID != 1 || p.Kind+"/"+p.Subkind != tc.kindSub || len(p.Polygon)-1 != tc.holes {
				t.Errorf("polygon %d %s/%s with %d holes", p.OSMID, p.Kind, p.Subkind, len(p.Polygon)-1)
			}
			if a := planar.Area(p.Polygon); math.Abs(a-tc.area) > 1e-12 {
				t.Errorf("area %g, want %g", a, tc.area)
			}
			for i, r := range p.Polygon {
				if r[0] != r[len(r)-1] || (i == 0) != (r.Orientation() == orb.CCW) {
					t.Errorf("ring %d open or wound wrong", i)
				}
			}
		})
	}
}

func TestMultipolygonTwoOutersAndOldStyle(t *testing.T) {
	doc := "<osm>" + mpNodes() +
		mpWay(100, "<tag k='building' v='yes'/>", 1, 4, 16, 13, 1) + mpWay(101, "", 6, 7, 11, 10, 6) +
		mpWay(102, "", 2, 3, 7, 6, 2) + mpWay(103, "", 11, 12, 16, 15, 11) +
		mpRel(1, "<tag k='type' v='multipolygon'/>", "outer:100", "inner:101") +
		mpRel(2, "<tag k='type' v='multipolygon'/><tag k='landuse' v='grass'/>", "outer:102", "outer:103") +
		"</osm>"
	c, st := readBoth(t, doc)
	if st.Multipolygons != 2 || st.BrokenMultipolygons != 0 {
		t.Errorf("stats %+v", st)
	}
	var ways, rel1, rel2 int
	for _, p := range c.Polygons {
		switch {
		case p.OSMType == "way":
			ways++
		case p.OSMID == 1:
			rel1++
			if p.Kind != KindBuilding || len(p.Polygon) != 2 {
				t.Errorf("old-style relation: %s with %d rings", p.Kind, len(p.Polygon))
			}
		case p.OSMID == 2:
			if p.Part != rel2 || p.Kind != KindLanduse {
				t.Errorf("relation 2 part %d kind %s", p.Part, p.Kind)
			}
			rel2++
		}
	}
	// The old-style relation's outer way is drawn as the relation, with its hole.
	if ways != 0 || rel1 != 1 || rel2 != 2 {
		t.Errorf("%d way polygons, %d of relation 1, %d of relation 2", ways, rel1, rel2)
	}
}

// TestMultipolygonsMatchGDAL compares the relations built from each sample
// file with GDAL's OSM driver (multipolygons layer, rows with an osm_id):
// the same relation ids of each kind, and the same area for each.
func TestMultipolygonsMatchGDAL(t *testing.T) {
	ogr := gistest.Referee(t, "ogr2ogr", "gdal-bin")
	total := 0
	for _, file := range []string{"andorra.osm.pbf", "monaco.osm.gz", "krems.osm.gz", "berlin-siegessaeule.osm.gz"} {
		t.Run(file, func(t *testing.T) {
			path := gistest.SharedData(t, "osm", file)
			src := path
			if strings.HasSuffix(path, ".gz") {
				src = "/vsigzip/" + path
			}
			sql := `SELECT osm_id, building, landuse, "natural", leisure, other_tags, ST_Area(geometry) AS a FROM multipolygons WHERE osm_id IS NOT NULL`
			out, err := exec.Command(ogr, "-f", "CSV", "/vsistdout/", src, "-dialect", "sqlite", "-sql", sql).Output()
			if err != nil {
				t.Fatalf("ogr2ogr: %v", err)
			}
			rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := map[int64]string{}
			wantArea := map[int64]float64{}
			for _, r := range rows[1:] {
				id, _ := strconv.ParseInt(r[0], 10, 64)
				var kind string
				switch {
				case r[1] != "" && r[1] != "no":
					kind = KindBuilding
				case r[3] == "water" || strings.Contains(r[5], `"waterway"=>"riverbank"`) || r[2] == "reservoir":
					kind = KindWater
				case r[2] != "" || r[4] == "park":
					kind = KindLanduse
				default:
					continue
				}
				want[id] = kind
				wantArea[id], _ = strconv.ParseFloat(r[6], 64)
			}
			var c Collector
			st, err := ReadFile(context.Background(), path, Options{}, &c)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]string{}
			area := map[int64]float64{}
			for _, p := range c.Polygons {
				if p.OSMType == "relation" {
					got[p.OSMID] = p.Kind
					area[p.OSMID] += planar.Area(p.Polygon)
				}
			}
			for id, k := range want {
				if got[id] != k {
					t.Errorf("relation %d: GDAL %q, we %q", id, k, got[id])
				}
				if a := area[id]; math.Abs(a-wantArea[id]) > 1e-6*wantArea[id] {
					t.Errorf("relation %d: area %g, GDAL %g", id, a, wantArea[id])
				}
			}
			for id, k := range got {
				if _, ok := want[id]; !ok {
					t.Errorf("relation %d (%s) built, GDAL has none", id, k)
				}
			}
			if int(st.Multipolygons) != len(got) {
				t.Errorf("Stats.Multipolygons %d, %d relations emitted", st.Multipolygons, len(got))
			}
			t.Logf("%s: %d multipolygon relations (GDAL %d), %d broken", file, len(got), len(want), st.BrokenMultipolygons)
			total += len(got)
		})
	}
	if total < 20 {
		t.Errorf("only %d relations in the sample files: the comparison proves little", total)
	}
}

// Without roles, nesting decides: a lake (outer) with an island (inner) on
// which there is a pond's shore again (outer) gives two polygons, the
// lake with one hole and the inner-most square alone. An inner ring made of
// two ways is joined like an outer one.
func TestMultipolygonNestingAndBoundary(t *testing.T) {
	var b strings.Builder
	b.WriteString("<osm>")
	// A 6×6 grid, 0.001° apart: ids 1 + x + 6y.
	for y := range 6 {
		for x := range 6 {
			b.WriteString("<node id='" + strconv.Itoa(1+x+6*y) + "' lat='" + strconv.FormatFloat(20.8+0.001*float64(y), 'f', 7, 64) +
				"' lon='" + strconv.FormatFloat(106.6+0.001*float64(x), 'f', 7, 64) + "'/>\n")
		}
	}
	id := func(x, y int) int { return 1 + x + 6*y }
	b.WriteString(mpWay(100, "", id(0, 0), id(5, 0), id(5, 5), id(0, 5), id(0, 0))) // lake shore
	b.WriteString(mpWay(101, "", id(1, 1), id(4, 1), id(4, 4)))                     // island, first half
	b.WriteString(mpWay(102, "", id(4, 4), id(1, 4), id(1, 1)))                     // island, second half
	b.WriteString(mpWay(103, "", id(2, 2), id(3, 2), id(3, 3), id(2, 3), id(2, 2))) // pond on the island
	b.WriteString(mpRel(1, waterTags, ":103", ":101", ":100", ":102"))
	b.WriteString("</osm>")
	doc := b.String()
	c, st := readBoth(t, doc)
	if st.Multipolygons != 1 || len(c.Polygons) != 2 {
		t.Fatalf("stats %+v, %d polygons", st, len(c.Polygons))
	}
	ps := c.Polygons
	if planar.Area(ps[0].Polygon) < planar.Area(ps[1].Polygon) {
		ps[0], ps[1] = ps[1], ps[0]
	}
	want := []float64{25e-6 - 9e-6, 1e-6}
	for i, p := range ps {
		if a := planar.Area(p.Polygon); math.Abs(a-want[i]) > 1e-12 || len(p.Polygon) != 2-i || p.Part == ps[1-i].Part {
			t.Errorf("polygon %d: area %g (want %g), %d rings, part %d", i, a, want[i], len(p.Polygon), p.Part)
		}
	}

	// Clipped like a closed way, part by part: a part is kept whole when it
	// touches the boundary (the lake's corner), dropped when it lies outside
	// (the pond); a relation with no part left is counted outside.
	for _, tc := range []struct {
		box   orb.Bound
		polys int
	}{
		{orb.Bound{Min: orb.Point{106.6045, 20.8045}, Max: orb.Point{106.7, 20.9}}, 1},
		{orb.Bound{Min: orb.Point{106.6025, 20.8025}, Max: orb.Point{106.7, 20.9}}, 2},
		{orb.Bound{Min: orb.Point{106.7, 20.9}, Max: orb.Point{106.8, 21}}, 0},
	} {
		var c Collector
		st, err := Read(context.Background(), strings.NewReader(doc), FormatXML, Options{Boundary: tc.box.ToPolygon()}, &c)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Polygons) != tc.polys || (tc.polys == 0) != (st.OutsideBoundary == 1) {
			t.Errorf("boundary %v: %d polygons, %d outside", tc.box, len(c.Polygons), st.OutsideBoundary)
		}
	}
}
