package osmimport_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/osmimport"
)

// FuzzReadXML feeds arbitrary bytes to the XML path: Read must return an
// error or a consistent result, never panic, and what it emits must hold
// the graph's invariants.
func FuzzReadXML(f *testing.F) {
	f.Add(osmXML(grid, []way{
		{id: 10, refs: []int64{1, 2, 3}, tags: map[string]string{"highway": "primary"}},
		{id: 11, refs: []int64{4, 2, 5, 99}, tags: map[string]string{"highway": "residential", "oneway": "-1"}},
		{id: 12, refs: []int64{3, 6, 7, 3}, tags: map[string]string{"highway": "service", "junction": "roundabout"}},
	}))
	f.Add(osmXML(grid, []way{{id: 1, refs: []int64{1, 2, 5, 1}, tags: map[string]string{"building": "yes", "addr:housenumber": "1", "addr:street": "A"}}}))
	f.Add("<osm><node id='1' lat='91' lon='181'/><way id='2'><nd ref='1'/><nd ref='1'/><tag k='highway' v='primary'/></way></osm>")
	f.Add("<osm><way id='-2'><nd ref='-1'/></way><node id='-1' lat='0' lon='0'/></osm>")
	box := orb.Bound{Min: orb.Point{106.6005, 20.7995}, Max: orb.Point{106.6025, 20.8005}}.ToPolygon()
	f.Fuzz(func(t *testing.T, doc string) {
		for _, opt := range []osmimport.Options{{Paths: true}, {Boundary: box}} {
			var c osmimport.Collector
			st, err := osmimport.Read(context.Background(), bytes.NewReader([]byte(doc)), osmimport.FormatXML, opt, &c)
			if err != nil {
				continue
			}
			if int(st.Segments) != len(c.Segments) || int(st.Addresses) != len(c.Addresses) || int(st.Polygons) != len(c.Polygons) {
				t.Fatalf("stats %+v disagree with the sink", st)
			}
			for _, s := range c.Segments {
				if len(s.Line) < 2 || s.LengthM < 0 || s.Oneway < -1 || s.Oneway > 1 {
					t.Fatalf("bad segment %+v", s)
				}
			}
			for _, p := range c.Polygons {
				if r := p.Polygon[0]; len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("open ring %+v", p)
				}
			}
		}
	})
}
