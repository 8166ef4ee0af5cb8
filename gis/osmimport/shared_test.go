package osmimport_test

import (
	"context"
	"encoding/csv"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"wardmap/gis/gistest"
	"wardmap/gis/osmimport"
)

// sharedFiles are the real extracts, with the UTM zone GDAL measures in.
var sharedFiles = []struct {
	name string
	utm  int // EPSG code
}{
	{"andorra.osm.pbf", 32631},
	{"monaco.osm.gz", 32632},
	{"krems.osm.gz", 32633},
	{"berlin-siegessaeule.osm.gz", 32633},
}

// highwayValues lists every highway value the importer takes with Paths on.
var highwayValues = map[string]osmimport.Class{
	"motorway": "main", "motorway_link": "main", "trunk": "main", "trunk_link": "main",
	"primary": "main", "primary_link": "main",
	"secondary": "secondary", "secondary_link": "secondary", "tertiary": "secondary", "tertiary_link": "secondary",
	"residential": "alley", "unclassified": "alley", "living_street": "alley", "service": "alley",
	"pedestrian": "alley", "track": "alley", "road": "alley",
	"footway": "path", "path": "path", "cycleway": "path", "bridleway": "path", "steps": "path",
}

// TestGraph imports each real extract and walks the street graph: the
// segments of a way, in Index order, must chain node to node and rebuild
// the way exactly; a way is split at every node another street shares and
// nowhere else; and end node ids carry the coordinates of their OSM nodes.
func TestGraph(t *testing.T) {
	for _, f := range sharedFiles {
		t.Run(f.name, func(t *testing.T) {
			path := gistest.SharedData(t, "osm", f.name)
			var c osmimport.Collector
			st, err := osmimport.ReadFile(context.Background(), path, osmimport.Options{Paths: true}, &c)
			if err != nil {
				t.Fatal(err)
			}
			if st.Segments == 0 || int(st.Segments) != len(c.Segments) {
				t.Fatalf("stats say %d segments, sink got %d", st.Segments, len(c.Segments))
			}
			coords := rawNodes(t, path)
			ways := rawStreetWays(t, path, c.Segments)
			refs := map[int64]int{} // how often street ways visit each node
			for _, w := range ways {
				for i, n := range w {
					refs[n]++
					if i == 0 || i == len(w)-1 {
						refs[n]++ // ends are graph nodes too
					}
				}
			}
			byWay := map[int64][]osmimport.Segment{}
			degree := map[int64]int{}
			for _, s := range c.Segments {
				byWay[s.WayID] = append(byWay[s.WayID], s)
				degree[s.FromNode]++
				degree[s.ToNode]++
				for _, end := range []struct {
					id int64
					p  orb.Point
				}{{s.FromNode, s.Line[0]}, {s.ToNode, s.Line[len(s.Line)-1]}} {
					if !pointsNear(coords[end.id], end.p, 1e-9) {
						t.Fatalf("way %d part %d: node %d is at %v, line ends at %v", s.WayID, s.Index, end.id, coords[end.id], end.p)
					}
				}
			}
			for id, segs := range byWay {
				checkWay(t, id, segs, ways[id], refs, coords)
			}
			junctions := 0
			for id, n := range refs {
				if n >= 2 && degree[id] == 0 {
					t.Errorf("node %d is shared by streets but ends no segment", id)
				}
				if degree[id] >= 3 {
					junctions++
				}
			}
			if junctions == 0 {
				t.Error("no node joins three or more segments: the graph is not connected at junctions")
			}
			t.Logf("%d street ways, %d segments, %d junctions of degree >= 3", len(byWay), len(c.Segments), junctions)
		})
	}
}

// checkWay asserts that the segments of one way rebuild it and are split
// exactly at shared nodes.
func checkWay(t *testing.T, id int64, segs []osmimport.Segment, nodes []int64, refs map[int64]int, coords map[int64]orb.Point) {
	t.Helper()
	slices.SortFunc(segs, func(a, b osmimport.Segment) int { return a.Index - b.Index })
	var rebuilt []orb.Point
	for k, s := range segs {
		if s.Index != k {
			t.Fatalf("way %d: part numbers %d at position %d", id, s.Index, k)
		}
		if k > 0 && segs[k-1].ToNode != s.FromNode {
			t.Fatalf("way %d: part %d ends at %d, part %d starts at %d", id, k-1, segs[k-1].ToNode, k, s.FromNode)
		}
		if refs[s.FromNode] < 2 || refs[s.ToNode] < 2 {
			t.Fatalf("way %d part %d: split at a node no other street uses", id, k)
		}
		start := 0
		if k > 0 {
			start = 1 // the shared node is already there
		}
		rebuilt = append(rebuilt, s.Line[start:]...)
	}
	if len(rebuilt) != len(nodes) {
		t.Fatalf("way %d: %d vertices rebuilt, way has %d nodes", id, len(rebuilt), len(nodes))
	}
	for i, n := range nodes {
		if !pointsNear(rebuilt[i], coords[n], 1e-9) {
			t.Fatalf("way %d vertex %d: %v, node %d is at %v", id, i, rebuilt[i], n, coords[n])
		}
	}
	// Interior vertices: nodes between two split points must be used once.
	ends := map[int64]bool{}
	for _, s := range segs {
		ends[s.FromNode], ends[s.ToNode] = true, true
	}
	for _, n := range nodes {
		if !ends[n] && refs[n] >= 2 {
			t.Fatalf("way %d: node %d is shared with another street but lies inside a segment", id, n)
		}
	}
}

// rawStreetWays reads, straight from the file, the node lists of the ways
// that produced segments (repeated consecutive nodes removed).
func rawStreetWays(t *testing.T, path string, segs []osmimport.Segment) map[int64][]int64 {
	t.Helper()
	want := map[int64]bool{}
	for _, s := range segs {
		want[s.WayID] = true
	}
	out := map[int64][]int64{}
	rawScan(t, path, false, func(o osm.Object) {
		w, ok := o.(*osm.Way)
		if !ok || !want[int64(w.ID)] {
			return
		}
		var ids []int64
		for _, n := range w.Nodes {
			if len(ids) == 0 || ids[len(ids)-1] != int64(n.ID) {
				ids = append(ids, int64(n.ID))
			}
		}
		out[int64(w.ID)] = ids
	})
	return out
}

// gdalLine is one feature of GDAL's lines layer.
type gdalLine struct {
	id      int64
	highway string
	length  float64
}

// gdalLines asks ogr2ogr for the street lines of src (osmconf.ini defaults)
// with their length in the given projected CRS.
func gdalLines(t *testing.T, src string, epsg int) []gdalLine {
	t.Helper()
	ogr := gistest.Referee(t, "ogr2ogr", "gdal-bin")
	var in []string
	for h := range highwayValues {
		in = append(in, "'"+h+"'")
	}
	sql := "SELECT osm_id, highway, ST_Length(ST_Transform(geometry, " + strconv.Itoa(epsg) + ")) AS len " +
		"FROM lines WHERE highway IN (" + strings.Join(in, ",") + ")"
	cmd := exec.Command(ogr, "-f", "CSV", "/vsistdout/", src, "-dialect", "sqlite", "-sql", sql)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogr2ogr: %v", err)
	}
	return parseGDALCSV(t, out)
}

func parseGDALCSV(t *testing.T, out []byte) []gdalLine {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(string(out))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("ogr2ogr output: %v\n%s", err, out)
	}
	var lines []gdalLine
	for _, r := range rows[1:] {
		id, err1 := strconv.ParseInt(r[0], 10, 64)
		l, err2 := strconv.ParseFloat(r[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("ogr2ogr row %q", r)
		}
		lines = append(lines, gdalLine{id, r[1], l})
	}
	return lines
}

// TestMatchesGDAL compares the import with GDAL's OSM driver on the same
// file: the set of way ids in each class must be the same (the importer
// follows osmconf.ini's rule that closed ways with area tags are areas), and
// the total length must agree within 0.5% (GDAL measures in UTM, we on a
// sphere; both errors are under 0.3% at these latitudes).
func TestMatchesGDAL(t *testing.T) {
	for _, f := range sharedFiles {
		t.Run(f.name, func(t *testing.T) {
			path := gistest.SharedData(t, "osm", f.name)
			lines := gdalLines(t, gdalSource(path), f.utm)
			var c osmimport.Collector
			if _, err := osmimport.ReadFile(context.Background(), path, osmimport.Options{Paths: true}, &c); err != nil {
				t.Fatal(err)
			}
			want := map[osmimport.Class]map[int64]bool{}
			var wantLen, gotLen float64
			for _, l := range lines {
				cl := highwayValues[l.highway]
				if want[cl] == nil {
					want[cl] = map[int64]bool{}
				}
				want[cl][l.id] = true
				wantLen += l.length
			}
			got := map[osmimport.Class]map[int64]bool{}
			for _, s := range c.Segments {
				if got[s.Class] == nil {
					got[s.Class] = map[int64]bool{}
				}
				got[s.Class][s.WayID] = true
				gotLen += s.LengthM
			}
			for _, cl := range []osmimport.Class{"main", "secondary", "alley", "path"} {
				if !setsEqual(want[cl], got[cl]) {
					t.Errorf("class %s: GDAL has %d ways, import has %d; only GDAL: %v; only import: %v",
						cl, len(want[cl]), len(got[cl]), setDiff(want[cl], got[cl]), setDiff(got[cl], want[cl]))
				}
				t.Logf("class %-9s %4d ways (GDAL %4d)", cl, len(got[cl]), len(want[cl]))
			}
			if rel := gotLen/wantLen - 1; rel > 0.005 || rel < -0.005 {
				t.Errorf("total length %.0f m, GDAL %.0f m (%.3f%%)", gotLen, wantLen, 100*rel)
			} else {
				t.Logf("total length %.0f m, GDAL %.0f m (%+.3f%%)", gotLen, wantLen, 100*rel)
			}
		})
	}
}

func setsEqual(a, b map[int64]bool) bool {
	return len(setDiff(a, b)) == 0 && len(setDiff(b, a)) == 0
}

// setDiff returns up to 10 ids of a missing from b.
func setDiff(a, b map[int64]bool) []int64 {
	var d []int64
	for id := range a {
		if !b[id] && len(d) < 10 {
			d = append(d, id)
		}
	}
	slices.Sort(d)
	return d
}

// gdalClipped clips src's street lines to a lon/lat box with ogr2ogr
// -clipsrc and returns them with lengths in the given CRS.
func gdalClipped(t *testing.T, src string, box orb.Bound, epsg int) []gdalLine {
	t.Helper()
	ogr := gistest.Referee(t, "ogr2ogr", "gdal-bin")
	var in []string
	for h := range highwayValues {
		in = append(in, "'"+h+"'")
	}
	gpkg := filepath.Join(t.TempDir(), "clip.gpkg")
	ff := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	clip := exec.Command(ogr, "-f", "GPKG", gpkg, src, "lines", "-nln", "lines",
		"-where", "highway IN ("+strings.Join(in, ",")+")",
		"-clipsrc", ff(box.Min[0]), ff(box.Min[1]), ff(box.Max[0]), ff(box.Max[1]))
	if out, err := clip.CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr clip: %v\n%s", err, out)
	}
	sql := "SELECT osm_id, highway, ST_Length(ST_Transform(geom, " + strconv.Itoa(epsg) + ")) AS len FROM lines"
	out, err := exec.Command(ogr, "-f", "CSV", "/vsistdout/", gpkg, "-dialect", "sqlite", "-sql", sql).Output()
	if err != nil {
		t.Fatalf("ogr2ogr length: %v", err)
	}
	return parseGDALCSV(t, out)
}
