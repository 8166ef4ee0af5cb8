package gis

import (
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis/gistest"
)

// The measure tool's distances against PROJ's geod (GeographicLib inside),
// over a ward's distances and a long one.
func TestGeodesicDistanceAgainstGeod(t *testing.T) {
	geod := gistest.Referee(t, "geod", "proj-bin")
	pairs := [][2]orb.Point{
		{{106.6265, 20.8085}, {106.6270, 20.8090}},
		{{106.6200, 20.8000}, {106.6700, 20.8400}},
		{{106.6265, 20.8085}, {106.6265, 20.8086}},
		{{105.8, 21.0}, {106.7, 10.8}}, // Hà Nội to Sài Gòn
	}
	var in strings.Builder
	for _, p := range pairs {
		fmt.Fprintf(&in, "%.9f %.9f %.9f %.9f\n", p[0][1], p[0][0], p[1][1], p[1][0])
	}
	cmd := exec.Command(geod, "+ellps=WGS84", "-I", "-f", "%.6f")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, p := range pairs {
		f := strings.Fields(lines[i])
		want, _ := strconv.ParseFloat(f[len(f)-1], 64)
		if got := GeodesicDistance(p[0], p[1]); math.Abs(got-want) > 1e-3 {
			t.Errorf("%v: %.6f m, geod says %.6f m", p, got, want)
		}
	}
}

// Areas against the same ring projected by cs2cs onto an equal-area
// cylinder of the WGS 84 ellipsoid, where planar area is true area.
func TestGeodesicAreaAgainstEqualAreaProjection(t *testing.T) {
	cs2cs := gistest.Referee(t, "cs2cs", "proj-bin")
	ring := orb.Ring{{106.6265, 20.8085}, {106.6285, 20.8085}, {106.6290, 20.8101}, {106.6262, 20.8110}, {106.6265, 20.8085}}
	var in strings.Builder
	for _, p := range ring {
		fmt.Fprintf(&in, "%.9f %.9f\n", p[0], p[1])
	}
	cmd := exec.Command(cs2cs, "+proj=longlat", "+ellps=WGS84", "+to", "+proj=cea", "+lat_ts=30", "+ellps=WGS84", "-f", "%.6f")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var pr orb.Ring
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		pr = append(pr, orb.Point{x, y})
	}
	want := math.Abs(planar.Area(pr))
	if got := GeodesicArea(ring); math.Abs(got-want)/want > 1e-5 {
		t.Errorf("area %.3f m², the equal-area projection gives %.3f m²", got, want)
	}
	if GeodesicArea(ring[:3]) <= 0 || GeodesicArea(ring[:2]) != 0 {
		t.Error("a triangle has no area or a segment has one")
	}
}
