package gpkg_test

import (
	"context"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// ogrinfo runs GDAL's ogrinfo, the referee for "is this a valid
// GeoPackage". It fails the test when GDAL is missing: `make test`
// installs gdal-bin.
func ogrinfo(t *testing.T, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Fatal("ogrinfo (gdal-bin) is required: run `make test`, which installs it")
	}
	cmd := exec.Command(path, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	if bad := regexp.MustCompile(`(?m)^(ERROR|Warning).*$`).FindString(string(out)); bad != "" {
		t.Fatalf("ogrinfo complained: %s\n%s", bad, out)
	}
	return string(out)
}

func TestOgrinfoReadsStore(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	lamps := randomLamps(500, 3)
	fs := append([]*gis.Feature{}, lamps...)
	fs = append(fs, street("Trần Thành Ngọ", orb.Point{106.63, 20.82}, orb.Point{106.64, 20.821}))
	if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	// A few edits through the triggers too.
	if err := s.Insert(ctx, "an", lamp(106.631, 20.811, "broken")); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "an", gis.Lamp, lamps[0].ID); err != nil {
		t.Fatal(err)
	}
	out := ogrinfo(t, "-so", "-al", s.Path())
	for _, k := range gis.Kinds() {
		sc := gis.MustLookup(k)
		if !strings.Contains(out, "Layer name: "+sc.Table+"\n") {
			t.Errorf("ogrinfo does not list layer %s", sc.Table)
		}
	}
	lampLayer := out[strings.Index(out, "Layer name: lamp\n"):]
	lampLayer = lampLayer[:strings.Index(lampLayer[1:], "Layer name:")+1]
	if !strings.Contains(lampLayer, "Geometry: Point") || !strings.Contains(lampLayer, "Feature Count: 501") ||
		!strings.Contains(lampLayer, `ID["EPSG",4326]`) {
		t.Errorf("lamp layer as GDAL sees it:\n%s", lampLayer)
	}
	idx := ogrinfo(t, s.Path(), "-sql", "SELECT HasSpatialIndex('lamp', 'geom')")
	if !regexp.MustCompile(`HasSpatialIndex \(Integer\) = 1`).MatchString(idx) {
		t.Errorf("GDAL sees no spatial index:\n%s", idx)
	}
	// GDAL's own integrity checks of the R-tree against the table.
	chk := ogrinfo(t, s.Path(), "-sql", "SELECT count(*) AS n FROM rtree_lamp_geom r JOIN lamp l ON l.fid = r.id WHERE ST_MinX(l.geom) BETWEEN r.minx - 1e-5 AND r.minx + 1e-5")
	if !strings.Contains(chk, "n (Integer) = 501") {
		t.Errorf("R-tree rows do not match geometries:\n%s", chk)
	}
}

func TestOgrinfoBoundMatchesQuery(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if err := s.Load(ctx, randomLamps(5000, 11), gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, box := range []orb.Bound{
		{Min: orb.Point{106.63, 20.81}, Max: orb.Point{106.64, 20.82}},
		{Min: orb.Point{106.6201, 20.8001}, Max: orb.Point{106.6213, 20.8404}},
		{Min: orb.Point{106.0, 20.0}, Max: orb.Point{106.1, 20.1}},
	} {
		res, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Bound: &box})
		if err != nil {
			t.Fatal(err)
		}
		var ours []string
		for _, r := range res {
			ours = append(ours, r.ID)
		}
		out := ogrinfo(t, s.Path(), "-q", "-sql", "SELECT id, geom FROM lamp WHERE deleted = 0", "-spat",
			ff(box.Min[0]), ff(box.Min[1]), ff(box.Max[0]), ff(box.Max[1]))
		gdal := regexp.MustCompile(`id \(String\) = (\S+)`).FindAllStringSubmatch(out, -1)
		var theirs []string
		for _, m := range gdal {
			theirs = append(theirs, m[1])
		}
		sort.Strings(ours)
		sort.Strings(theirs)
		if strings.Join(ours, ",") != strings.Join(theirs, ",") {
			t.Fatalf("box %v: wardmap %d features, ogrinfo -spat %d", box, len(ours), len(theirs))
		}
	}
}

func ff(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
