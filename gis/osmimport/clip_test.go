package osmimport_test

import (
	"context"
	"errors"
	"math"
	"os"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"wardmap/gis/gistest"
	"wardmap/gis/osmimport"
)

// TestClipMonacoSquare clips Monaco to a 650 m square and compares with
// GDAL's ogr2ogr -clipsrc on the same file: same ways kept, same length
// within 0.5%; pieces stay in the square and cuts lie on its edges.
func TestClipMonacoSquare(t *testing.T) {
	path := gistest.SharedData(t, "osm", "monaco.osm.gz")
	box := orb.Bound{Min: orb.Point{7.418, 43.732}, Max: orb.Point{7.426, 43.738}}
	opt := osmimport.Options{Boundary: box.ToPolygon(), Paths: true}
	var c osmimport.Collector
	st, err := osmimport.ReadFile(context.Background(), path, opt, &c)
	if err != nil {
		t.Fatal(err)
	}
	cuts, gotLen := 0, 0.0
	got := map[int64]bool{}
	for _, s := range c.Segments {
		got[s.WayID] = true
		gotLen += s.LengthM
		for _, p := range s.Line {
			if !box.Pad(1e-9).Contains(p) {
				t.Fatalf("way %d part %d: %v is outside the box", s.WayID, s.Index, p)
			}
		}
		for _, end := range []struct {
			id int64
			p  orb.Point
		}{{s.FromNode, s.Line[0]}, {s.ToNode, s.Line[len(s.Line)-1]}} {
			if end.id >= 0 {
				continue
			}
			cuts++
			if d := planar.DistanceFrom(orb.LineString(box.ToRing()), end.p); d > 1e-9 {
				t.Errorf("cut %d at %v is %.2g° off the box edge", end.id, end.p, d)
			}
			if -end.id>>16 != s.WayID {
				t.Errorf("cut id %d does not encode way %d", end.id, s.WayID)
			}
		}
	}
	if cuts == 0 || st.OutsideBoundary == 0 {
		t.Fatalf("nothing was cut (%d cuts, %d ways outside)", cuts, st.OutsideBoundary)
	}
	want, wantLen := map[int64]bool{}, 0.0
	for _, l := range gdalClipped(t, gdalSource(path), box, 32632) {
		if l.length > 0 {
			want[l.id] = true
			wantLen += l.length
		}
	}
	if !setsEqual(got, want) {
		t.Errorf("ways kept: %d, GDAL %d; only GDAL %v, only import %v", len(got), len(want), setDiff(want, got), setDiff(got, want))
	}
	if rel := gotLen/wantLen - 1; math.Abs(rel) > 0.005 {
		t.Errorf("clipped length %.0f m, GDAL %.0f m (%.3f%%)", gotLen, wantLen, 100*rel)
	}
	t.Logf("%d ways, %d segments, %d cuts, %.0f m (GDAL %d ways, %.0f m)", len(got), len(c.Segments), cuts, gotLen, len(want), wantLen)

	var again osmimport.Collector
	if _, err := osmimport.ReadFile(context.Background(), path, opt, &again); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Segments, again.Segments) {
		t.Error("two imports with the same boundary differ")
	}
}

// loadWard reads a ward polygon from shared/data/boundaries.
func loadWard(t *testing.T, name string) orb.MultiPolygon {
	t.Helper()
	data, err := os.ReadFile(gistest.SharedData(t, "boundaries", name))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatal(err)
	}
	mp, ok := fc.Features[0].Geometry.(orb.MultiPolygon)
	if !ok {
		t.Fatalf("%s: %T", name, fc.Features[0].Geometry)
	}
	return mp
}

// TestClipWardBoundaries lays synthetic east-west streets across the real
// Kien An and Phu Lien ward polygons and checks the clip against a plain
// sampling of the same lines (10,000 steps of about 0.6 m): same number of
// pieces per street, same length inside within 0.1% plus two steps a piece, cut points on the ward boundary.
func TestClipWardBoundaries(t *testing.T) {
	kienAn, phuLien := loadWard(t, "KienAn.geojson"), loadWard(t, "PhuLien.geojson")
	cases := []struct {
		name     string
		boundary orb.MultiPolygon
	}{
		{"Kien An", kienAn},
		{"Phu Lien", phuLien},
		{"both wards", append(append(orb.MultiPolygon{}, kienAn...), phuLien...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.boundary.Bound().Pad(0.005)
			nodes, ways := streetsAcross(b, 7, 40)
			c, _ := importXML(t, osmXML(nodes, ways), osmimport.Options{Boundary: tc.boundary})
			pieces := map[int64]int{}
			length := map[int64]float64{}
			for _, s := range c.Segments {
				pieces[s.WayID]++ // streets cross nothing, so one segment is one piece
				length[s.WayID] += s.LengthM
				checkCuts(t, s, tc.boundary)
			}
			several := 0
			for _, w := range ways {
				line := orb.LineString{nodeAt(nodes, w.refs[0]), nodeAt(nodes, w.refs[len(w.refs)-1])}
				wantPieces, wantLen, step := sampleInside(line, tc.boundary, 10000)
				if pieces[w.id] != wantPieces {
					t.Errorf("street %d: %d pieces, sampling finds %d", w.id, pieces[w.id], wantPieces)
				}
				if !gistest.Near(length[w.id], wantLen, 0.001*wantLen+2*step*float64(wantPieces)) {
					t.Errorf("street %d: %.1f m inside, sampling finds %.1f m", w.id, length[w.id], wantLen)
				}
				if wantPieces > 1 {
					several++
				}
			}
			if several == 0 {
				t.Error("no street leaves and re-enters the ward: the test does not test that")
			}
		})
	}
}

// streetsAcross makes n straight east-west residential streets across b,
// each with k nodes, so that they cross the boundary between nodes.
func streetsAcross(b orb.Bound, n, k int) ([]node, []way) {
	var nodes []node
	var ways []way
	id := int64(1)
	for i := range n {
		lat := b.Min[1] + (b.Max[1]-b.Min[1])*(float64(i)+0.5)/float64(n)
		w := way{id: int64(1000 + i), tags: map[string]string{"highway": "residential"}}
		for j := range k {
			lon := b.Min[0] + (b.Max[0]-b.Min[0])*float64(j)/float64(k-1)
			nodes = append(nodes, node{id: id, lon: lon, lat: lat})
			w.refs = append(w.refs, id)
			id++
		}
		ways = append(ways, w)
	}
	return nodes, ways
}

func nodeAt(nodes []node, id int64) orb.Point {
	n := nodes[id-1]
	return orb.Point{math.Round(n.lon*1e7) / 1e7, math.Round(n.lat*1e7) / 1e7}
}

// sampleInside walks a straight line in n steps and counts the stretches
// inside mp and their length: a slow, obvious referee for the clip.
func sampleInside(line orb.LineString, mp orb.MultiPolygon, n int) (pieces int, length, step float64) {
	a, b := line[0], line[1]
	at := func(i int) orb.Point {
		f := float64(i) / float64(n)
		return orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
	}
	step = geo.DistanceHaversine(a, b) / float64(n)
	was := false
	for i := range n {
		in := planar.MultiPolygonContains(mp, orb.Point{(at(i)[0] + at(i + 1)[0]) / 2, (at(i)[1] + at(i + 1)[1]) / 2})
		if in {
			length += step
			if !was {
				pieces++
			}
		}
		was = in
	}
	return pieces, length, step
}

// checkCuts asserts that a segment's negative-id ends lie on the boundary.
func checkCuts(t *testing.T, s osmimport.Segment, mp orb.MultiPolygon) {
	t.Helper()
	for _, end := range []struct {
		id int64
		p  orb.Point
	}{{s.FromNode, s.Line[0]}, {s.ToNode, s.Line[len(s.Line)-1]}} {
		if end.id >= 0 {
			continue
		}
		best := math.Inf(1)
		for _, poly := range mp {
			for _, ring := range poly {
				best = min(best, planar.DistanceFrom(orb.LineString(ring), end.p))
			}
		}
		if best > 1e-9 {
			t.Errorf("way %d: cut %d at %v is %.2g° from the boundary", s.WayID, end.id, end.p, best)
		}
	}
}

func TestBadBoundary(t *testing.T) {
	cases := []struct {
		name string
		g    orb.Geometry
	}{
		{"point", orb.Point{1, 2}},
		{"line", orb.LineString{{0, 0}, {1, 1}}},
		{"empty polygon", orb.Polygon{}},
		{"two-point ring", orb.Polygon{{{0, 0}, {1, 1}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c osmimport.Collector
			_, err := osmimport.Read(context.Background(), nil, osmimport.FormatXML, osmimport.Options{Boundary: tc.g}, &c)
			if !errors.Is(err, osmimport.ErrBoundary) {
				t.Fatalf("err %v", err)
			}
		})
	}
}
