package osmimport_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/gistest"
	"wardmap/gis/osmimport"
)

// grid is a small synthetic street net in Kien An: a main road along
// y=0 (nodes 1-2-3) crossed by an alley (4-2-5), plus a dead-end service
// road hanging off node 3 (3-6-7).
var grid = []node{
	{id: 1, lon: 106.600, lat: 20.800},
	{id: 2, lon: 106.601, lat: 20.800},
	{id: 3, lon: 106.602, lat: 20.800},
	{id: 4, lon: 106.601, lat: 20.799},
	{id: 5, lon: 106.601, lat: 20.801},
	{id: 6, lon: 106.603, lat: 20.800},
	{id: 7, lon: 106.603, lat: 20.801},
}

func TestSplitAtJunctions(t *testing.T) {
	ways := []way{
		{id: 10, refs: []int64{1, 2, 3}, tags: map[string]string{"highway": "primary", "name": "Trần Thành Ngọ", "name:en": "Tran Thanh Ngo"}},
		{id: 11, refs: []int64{4, 2, 5}, tags: map[string]string{"highway": "residential", "name:vi": "Ngõ 12"}},
		{id: 12, refs: []int64{3, 6, 7}, tags: map[string]string{"highway": "service"}},
	}
	c, st := importXML(t, osmXML(grid, ways), osmimport.Options{})
	type key struct {
		way      int64
		index    int
		from, to int64
		n        int
	}
	var got []key
	for _, s := range c.Segments {
		got = append(got, key{s.WayID, s.Index, s.FromNode, s.ToNode, len(s.Line)})
	}
	want := []key{
		{10, 0, 1, 2, 2}, {10, 1, 2, 3, 2}, // split at the alley
		{11, 0, 4, 2, 2}, {11, 1, 2, 5, 2},
		{12, 0, 3, 7, 3}, // node 6 is used once: interior
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("segments\n got %v\nwant %v", got, want)
	}
	if st.StreetWays != 3 || st.Segments != 5 {
		t.Errorf("stats %+v", st)
	}
	first := c.Segments[0]
	if first.Name != "Trần Thành Ngọ" || first.NameEN != "Tran Thanh Ngo" || first.Class != osmimport.ClassMain || first.Highway != "primary" {
		t.Errorf("tags not carried: %+v", first)
	}
	if c.Segments[2].NameVI != "Ngõ 12" || c.Segments[2].Class != osmimport.ClassAlley {
		t.Errorf("alley: %+v", c.Segments[2])
	}
	// 0.001° of longitude at 20.8°N on orb's sphere (R = 6378137 m).
	want1 := 6378137 * 0.001 * math.Pi / 180 * math.Cos(20.8*math.Pi/180)
	if !gistest.Near(first.LengthM, want1, 0.01) {
		t.Errorf("length %.3f m, want %.3f", first.LengthM, want1)
	}
}

func TestClassAndOneway(t *testing.T) {
	cases := []struct {
		name   string
		tags   map[string]string
		paths  bool
		class  osmimport.Class // "" means not imported
		oneway int
	}{
		{"trunk is main", map[string]string{"highway": "trunk"}, false, "main", 0},
		{"motorway implies oneway", map[string]string{"highway": "motorway"}, false, "main", 1},
		{"motorway oneway=no", map[string]string{"highway": "motorway", "oneway": "no"}, false, "main", 0},
		{"tertiary is secondary", map[string]string{"highway": "tertiary"}, false, "secondary", 0},
		{"living street is alley", map[string]string{"highway": "living_street"}, false, "alley", 0},
		{"oneway yes", map[string]string{"highway": "residential", "oneway": "yes"}, false, "alley", 1},
		{"oneway -1", map[string]string{"highway": "residential", "oneway": "-1"}, false, "alley", -1},
		{"roundabout implies oneway", map[string]string{"highway": "secondary", "junction": "roundabout"}, false, "secondary", 1},
		{"reversible is two-way", map[string]string{"highway": "primary", "oneway": "reversible"}, false, "main", 0},
		{"footway left out by default", map[string]string{"highway": "footway"}, false, "", 0},
		{"footway with Paths", map[string]string{"highway": "footway"}, true, "path", 0},
		{"construction never", map[string]string{"highway": "construction"}, true, "", 0},
		{"not a highway", map[string]string{"railway": "rail"}, true, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := osmXML(grid, []way{{id: 20, refs: []int64{1, 2, 3}, tags: tc.tags}})
			c, _ := importXML(t, doc, osmimport.Options{Paths: tc.paths})
			if tc.class == "" {
				if len(c.Segments) != 0 {
					t.Fatalf("imported %+v", c.Segments[0])
				}
				return
			}
			if len(c.Segments) != 1 {
				t.Fatalf("%d segments", len(c.Segments))
			}
			if s := c.Segments[0]; s.Class != tc.class || s.Oneway != tc.oneway {
				t.Errorf("class %q oneway %d, want %q %d", s.Class, s.Oneway, tc.class, tc.oneway)
			}
		})
	}
}

// A closed highway way is a street (a roundabout) unless tagged as an area,
// which is GDAL's rule too.
func TestClosedHighways(t *testing.T) {
	ring := []int64{1, 2, 5, 1}
	cases := []struct {
		name string
		tags map[string]string
		want int
	}{
		{"roundabout", map[string]string{"highway": "primary", "junction": "roundabout"}, 1},
		{"area=yes square", map[string]string{"highway": "pedestrian", "area": "yes"}, 0},
		{"marketplace", map[string]string{"highway": "pedestrian", "amenity": "marketplace"}, 0},
		{"area=no wins", map[string]string{"highway": "pedestrian", "amenity": "marketplace", "area": "no"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := importXML(t, osmXML(grid, []way{{id: 30, refs: ring, tags: tc.tags}}), osmimport.Options{})
			if len(c.Segments) != tc.want {
				t.Fatalf("%d segments, want %d", len(c.Segments), tc.want)
			}
			if tc.want == 1 && (c.Segments[0].FromNode != 1 || c.Segments[0].ToNode != 1 || len(c.Segments[0].Line) != 4) {
				t.Errorf("loop segment %+v", c.Segments[0])
			}
		})
	}
}

// Extracts cut at their edge reference nodes they do not contain: the parts
// around them are kept, the gap is counted.
func TestMissingNodes(t *testing.T) {
	ways := []way{{id: 40, refs: []int64{1, 2, 99, 3, 6, 7}, tags: map[string]string{"highway": "residential"}}}
	c, st := importXML(t, osmXML(grid, ways), osmimport.Options{})
	if st.MissingNodeRefs != 1 || st.IncompleteWays != 1 {
		t.Errorf("stats %+v", st)
	}
	if len(c.Segments) != 2 {
		t.Fatalf("%d segments, want 2", len(c.Segments))
	}
	a, b := c.Segments[0], c.Segments[1]
	if a.FromNode != 1 || a.ToNode != 2 || b.FromNode != 3 || b.ToNode != 7 || b.Index != 1 {
		t.Errorf("parts %d→%d, %d→%d (index %d)", a.FromNode, a.ToNode, b.FromNode, b.ToNode, b.Index)
	}
}

func TestAddressesAndPolygons(t *testing.T) {
	nodes := append(slicesClone(grid),
		node{id: 50, lon: 106.6105, lat: 20.8105, tags: map[string]string{"addr:housenumber": "15", "addr:street": "Trần Nhân Tông"}},
		node{id: 51, lon: 106.6106, lat: 20.8106, tags: map[string]string{"addr:housenumber": "17"}}, // no street
	)
	square := func(id int64, x, y float64) []node {
		return []node{
			{id: id, lon: x, lat: y}, {id: id + 1, lon: x + 0.001, lat: y},
			{id: id + 2, lon: x + 0.001, lat: y + 0.001}, {id: id + 3, lon: x, lat: y + 0.001},
		}
	}
	nodes = append(nodes, square(100, 106.62, 20.82)...)
	nodes = append(nodes, square(200, 106.63, 20.82)...)
	nodes = append(nodes, square(300, 106.64, 20.82)...)
	nodes = append(nodes, square(400, 106.65, 20.82)...)
	closed := func(id int64) []int64 { return []int64{id, id + 1, id + 2, id + 3, id} }
	ways := []way{
		{id: 60, refs: closed(100), tags: map[string]string{"building": "house", "addr:housenumber": "3A", "addr:street": "Phan Đăng Lưu"}},
		{id: 61, refs: closed(200), tags: map[string]string{"landuse": "reservoir"}},
		{id: 62, refs: closed(300), tags: map[string]string{"leisure": "park"}},
		{id: 63, refs: closed(400), tags: map[string]string{"natural": "water", "water": "pond"}},
		{id: 64, refs: []int64{100, 101, 102}, tags: map[string]string{"building": "yes"}}, // not closed
	}
	c, _ := importXML(t, osmXML(nodes, ways), osmimport.Options{})
	wantPolys := map[int64][2]string{60: {"building", "house"}, 61: {"water", "reservoir"}, 62: {"landuse", "park"}, 63: {"water", "pond"}}
	if len(c.Polygons) != len(wantPolys) {
		t.Fatalf("%d polygons, want %d", len(c.Polygons), len(wantPolys))
	}
	for _, p := range c.Polygons {
		if w := wantPolys[p.OSMID]; p.Kind != w[0] || p.Subkind != w[1] || len(p.Polygon[0]) != 5 {
			t.Errorf("polygon %d: %s/%s with %d points, want %v", p.OSMID, p.Kind, p.Subkind, len(p.Polygon[0]), w)
		}
	}
	if len(c.Addresses) != 2 {
		t.Fatalf("addresses %+v", c.Addresses)
	}
	n, w := c.Addresses[0], c.Addresses[1]
	if n.OSMType != "node" || n.OSMID != 50 || n.HouseNumber != "15" || n.Street != "Trần Nhân Tông" {
		t.Errorf("node address %+v", n)
	}
	if w.OSMType != "way" || w.OSMID != 60 || !pointsNear(w.Point, orb.Point{106.6205, 20.8205}, 1e-9) {
		t.Errorf("building address %+v, want centroid 106.6205 20.8205", w)
	}
}

func slicesClone(n []node) []node { return append([]node(nil), n...) }

func TestBrokenInput(t *testing.T) {
	pbf, err := os.ReadFile(gistest.SharedData(t, "osm", "andorra.osm.pbf"))
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(gistest.SharedData(t, "osm", "monaco.osm.gz"))
	if err != nil {
		t.Fatal(err)
	}
	doc := osmXML(grid, []way{{id: 1, refs: []int64{1, 2}, tags: map[string]string{"highway": "primary"}}})
	cases := []struct {
		name   string
		data   []byte
		format osmimport.Format
		want   error
	}{
		{"pbf cut at 60%", pbf[:len(pbf)*6/10], osmimport.FormatPBF, osmimport.ErrInput},
		{"pbf cut in its header", pbf[:10], osmimport.FormatPBF, osmimport.ErrInput},
		{"gzip cut at 60%", gz[:len(gz)*6/10], osmimport.FormatXMLGzip, osmimport.ErrInput},
		{"xml cut mid-element", []byte(doc[:len(doc)-30]), osmimport.FormatXML, osmimport.ErrInput},
		{"xml bad attribute", []byte(strings.Replace(doc, "lat='20.8000000'", "lat='north'", 1)), osmimport.FormatXML, osmimport.ErrInput},
		{"not gzip", []byte(doc), osmimport.FormatXMLGzip, osmimport.ErrInput},
		{"node after way", []byte(strings.Replace(doc, "</osm>", "<node id='9' lat='1' lon='1'/></osm>", 1)), osmimport.FormatXML, osmimport.ErrUnsorted},
		{"unknown format", []byte(doc), osmimport.FormatUnknown, osmimport.ErrFormat},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c osmimport.Collector
			_, err := osmimport.Read(context.Background(), bytes.NewReader(tc.data), tc.format, osmimport.Options{}, &c)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			// Broken input is found in pass 1, before anything is emitted.
			if errors.Is(err, osmimport.ErrInput) && len(c.Segments)+len(c.Polygons)+len(c.Addresses) > 0 {
				t.Errorf("%v after emitting %d segments", err, len(c.Segments))
			}
			if !strings.HasPrefix(err.Error(), "osmimport: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// A reader that cannot seek is spooled to a temporary file and gives the
// same result.
func TestUnseekableReader(t *testing.T) {
	path := gistest.SharedData(t, "osm", "berlin-siegessaeule.osm.gz")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var seek, stream osmimport.Collector
	st1, err := osmimport.Read(context.Background(), bytes.NewReader(data), osmimport.FormatXMLGzip, osmimport.Options{}, &seek)
	if err != nil {
		t.Fatal(err)
	}
	st2, err := osmimport.Read(context.Background(), struct{ io.Reader }{bytes.NewReader(data)}, osmimport.FormatXMLGzip, osmimport.Options{}, &stream)
	if err != nil {
		t.Fatal(err)
	}
	if st1 != st2 || !reflect.DeepEqual(seek, stream) || st1.Segments == 0 {
		t.Errorf("seekable %+v, stream %+v", st1, st2)
	}
}

type failingSink struct {
	osmimport.Collector
	after int
}

var errStore = errors.New("store full")

func (f *failingSink) Segment(s osmimport.Segment) error {
	if len(f.Segments) == f.after {
		return errStore
	}
	return f.Collector.Segment(s)
}

func TestSinkErrorStops(t *testing.T) {
	sink := &failingSink{after: 3}
	_, err := osmimport.ReadFile(context.Background(), gistest.SharedData(t, "osm", "andorra.osm.pbf"), osmimport.Options{}, sink)
	if !errors.Is(err, errStore) || len(sink.Segments) != 3 {
		t.Fatalf("err %v after %d segments", err, len(sink.Segments))
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var c osmimport.Collector
	_, err := osmimport.ReadFile(ctx, gistest.SharedData(t, "osm", "andorra.osm.pbf"), osmimport.Options{}, &c)
	if !errors.Is(err, context.Canceled) || len(c.Segments) != 0 {
		t.Fatalf("err %v, %d segments", err, len(c.Segments))
	}
}

func TestDetectFormat(t *testing.T) {
	pbf, err := os.ReadFile(gistest.SharedData(t, "osm", "andorra.osm.pbf"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		file string
		head []byte
		want osmimport.Format
	}{
		{"pbf by magic", "x.bin", pbf[:64], osmimport.FormatPBF},
		{"gzip by magic", "x.bin", []byte{0x1f, 0x8b, 8, 0}, osmimport.FormatXMLGzip},
		{"xml by magic", "x.bin", []byte("\xef\xbb\xbf  <?xml version='1.0'?>"), osmimport.FormatXML},
		{"magic beats name", "x.osm.pbf", []byte("<osm>"), osmimport.FormatXML},
		{"pbf by name", "HaiPhong.OSM.PBF", nil, osmimport.FormatPBF},
		{"gz by name", "ward.osm.gz", nil, osmimport.FormatXMLGzip},
		{"osm by name", "ward.osm", nil, osmimport.FormatXML},
		{"unknown", "ward.shp", []byte("\x00\x00\x27\x0a"), osmimport.FormatUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := osmimport.DetectFormat(tc.file, tc.head)
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if (tc.want == osmimport.FormatUnknown) != errors.Is(err, osmimport.ErrFormat) {
				t.Errorf("err %v", err)
			}
		})
	}
}
