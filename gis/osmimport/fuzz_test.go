package osmimport_test

import (
	"bytes"
	"context"
	"strings"
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
	// Multipolygon relations: an outer ring of two ways with a hole, one
	// without roles, an old-style one, one with a member missing.
	ring := osmXML(grid, []way{
		{id: 20, refs: []int64{1, 2, 3, 6}},
		{id: 21, refs: []int64{6, 5, 4, 1}},
		{id: 22, refs: []int64{2, 5, 6, 2}, tags: map[string]string{"building": "yes"}},
	})
	rels := []string{
		"<relation id='1'><member type='way' ref='20' role='outer'/><member type='way' ref='21' role='outer'/><member type='way' ref='22' role='inner'/><tag k='type' v='multipolygon'/><tag k='natural' v='water'/></relation>",
		"<relation id='2'><member type='way' ref='22' role=''/><member type='way' ref='21' role=''/><member type='way' ref='20' role=''/><tag k='type' v='multipolygon'/><tag k='landuse' v='grass'/></relation>",
		"<relation id='3'><member type='way' ref='22' role='outer'/><member type='way' ref='20' role='inner'/><tag k='type' v='multipolygon'/></relation>",
		"<relation id='4'><member type='way' ref='20' role='outer'/><member type='way' ref='99' role='outer'/><member type='node' ref='1' role='label'/><tag k='type' v='multipolygon'/><tag k='building' v='yes'/></relation>",
	}
	for _, r := range rels {
		f.Add(strings.Replace(ring, "</osm>", r+"</osm>", 1))
	}
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
				for _, r := range p.Polygon {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("open ring %+v", p)
					}
				}
				if p.OSMType != "way" && p.OSMType != "relation" {
					t.Fatalf("polygon without an OSM type %+v", p)
				}
			}
			if st.BrokenMultipolygons != st.MultipolygonsMissingMembers+st.MultipolygonsOpenRings {
				t.Fatalf("broken multipolygons %+v do not add up", st)
			}
		}
	})
}
