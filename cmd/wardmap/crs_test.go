package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"wardmap/gis/gistest"
)

// wardmapIn is wardmap with stdin.
func wardmapIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

// vector is one line of shared/data/vn2000/test-vectors.txt: WGS 84 lat lon
// and what PROJ gives in EPSG:9210 and EPSG:3405.
type vector struct{ lat, lon, e9210, n9210, e3405, n3405 float64 }

func readVectors(t *testing.T) []vector {
	t.Helper()
	f, err := os.Open(gistest.SharedData(t, "vn2000", "test-vectors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []vector
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "|")
		if len(parts) != 5 || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		var v [6]float64
		var fs []string
		for _, p := range parts[:3] {
			fs = append(fs, strings.Fields(p)...)
		}
		for i := range v {
			if v[i], err = strconv.ParseFloat(fs[i], 64); err != nil {
				t.Fatalf("vector %q: %v", sc.Text(), err)
			}
		}
		vs = append(vs, vector{v[0], v[1], v[2], v[3], v[4], v[5]})
	}
	if len(vs) < 5 {
		t.Fatalf("only %d test vectors", len(vs))
	}
	return vs
}

func parsePairs(t *testing.T, out string) [][2]float64 {
	t.Helper()
	var ps [][2]float64
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("output line %q", line)
		}
		ps = append(ps, [2]float64{x, y})
	}
	return ps
}

// The PROJ-made vectors pass through `wardmap crs convert` to 1 mm, both
// ways, with 4 decimals for metres and 8 for degrees.
func TestCRSConvertVectors(t *testing.T) {
	vs := readVectors(t)
	var in strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&in, "%.10f %.10f\n", v.lon, v.lat)
	}
	for _, c := range []struct {
		to  string
		get func(vector) (float64, float64)
	}{
		{"EPSG:9210", func(v vector) (float64, float64) { return v.e9210, v.n9210 }},
		{"3405", func(v vector) (float64, float64) { return v.e3405, v.n3405 }},
	} {
		out, errOut, code := wardmapIn(t, in.String(), "crs", "convert", "--from", "EPSG:4326", "--to", c.to)
		if code != 0 {
			t.Fatalf("convert to %s: %s", c.to, errOut)
		}
		if !regexp.MustCompile(`^\d+\.\d{4} \d+\.\d{4}\n`).MatchString(out) {
			t.Errorf("metres not with 4 decimals: %q", out)
		}
		ps := parsePairs(t, out)
		if len(ps) != len(vs) {
			t.Fatalf("%d lines out for %d in", len(ps), len(vs))
		}
		for i, v := range vs {
			e, n := c.get(v)
			if math.Hypot(ps[i][0]-e, ps[i][1]-n) > 0.001 {
				t.Errorf("%s: (%v, %v) → %v, PROJ says %.4f %.4f", c.to, v.lon, v.lat, ps[i], e, n)
			}
		}
		// And back: the inverse returns the WGS 84 point within 1 mm.
		back, errOut, code := wardmapIn(t, out, "crs", "convert", "--from", c.to, "--to", "epsg:4326")
		if code != 0 {
			t.Fatalf("convert back: %s", errOut)
		}
		if !regexp.MustCompile(`^\d+\.\d{8} \d+\.\d{8}\n`).MatchString(back) {
			t.Errorf("degrees not with 8 decimals: %q", back)
		}
		for i, p := range parsePairs(t, back) {
			dx := (p[0] - vs[i].lon) * 111320 * math.Cos(vs[i].lat*math.Pi/180)
			dy := (p[1] - vs[i].lat) * 110574
			if math.Hypot(dx, dy) > 0.001 {
				t.Errorf("back from %s: %v, want %v %v (%.2f mm)", c.to, p, vs[i].lon, vs[i].lat, 1000*math.Hypot(dx, dy))
			}
		}
	}
	// The file's inverse check and VN-2000 geographic point.
	out, _, _ := wardmapIn(t, "591400.6608 2303276.8718\n", "crs", "convert", "--from", "EPSG:9210", "--to", "EPSG:4326")
	if p := parsePairs(t, out)[0]; math.Abs(p[0]-106.63000001) > 2e-8 || math.Abs(p[1]-20.82) > 2e-8 {
		t.Errorf("inverse check: %v", p)
	}
	out, _, _ = wardmapIn(t, "106.63 20.82\n", "crs", "convert", "--from", "EPSG:4326", "--to", "EPSG:4756")
	if p := parsePairs(t, out)[0]; math.Abs(p[0]-106.62812204) > 2e-8 || math.Abs(p[1]-20.82099544) > 2e-8 {
		t.Errorf("VN-2000 geographic: %v", p)
	}
}

func TestCRSListAndErrors(t *testing.T) {
	out, _, code := wardmap(t, "crs", "list")
	if code != 0 {
		t.Fatal(out)
	}
	for _, want := range []string{"EPSG:4326\tWGS 84\t", "EPSG:4756\tVN-2000\t", "EPSG:3405\t", "EPSG:3406\t",
		"EPSG:9205\t", "EPSG:9210\tVN-2000 / TM-3 105-45\tE N (m)\tTransverse Mercator", "EPSG:9218\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("crs list lacks %q:\n%s", want, out)
		}
	}
	cases := []struct {
		name, stdin string
		args        []string
		code        int
		msg         string
	}{
		{"no subcommand", "", []string{"crs"}, 2, "needs a subcommand"},
		{"unknown code", "", []string{"crs", "convert", "--from", "EPSG:4326", "--to", "EPSG:1234"}, 2, "unsupported CRS"},
		{"unsupported method", "", []string{"crs", "convert", "--from", "EPSG:4326", "--to", "EPSG:3031"}, 2, "Polar Stereographic"},
		{"missing --to", "", []string{"crs", "convert", "--from", "EPSG:4326"}, 2, "--to is required"},
		{"bad line", "106.63 20.82\nabc 20\n", []string{"crs", "convert", "--from", "4326", "--to", "9210"}, 1, "line 2"},
		{"out of range", "200 20\n", []string{"crs", "convert", "--from", "4326", "--to", "9210"}, 1, "out of range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := wardmapIn(t, c.stdin, c.args...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, %q; want %d and %q", code, errOut, c.code, c.msg)
			}
			if c.name == "bad line" && strings.Count(out, "\n") != 1 {
				t.Errorf("lines before the bad one should be written: %q", out)
			}
		})
	}
}

// TestCRSConvertStatePlane: `crs convert` takes any supported EPSG code or
// a .prj's WKT; California zone 5 in US survey feet agrees with cs2cs to
// 1 mm (printed to 0.1 mm, 4 decimals of a foot).
func TestCRSConvertStatePlane(t *testing.T) {
	cs2cs, err := exec.LookPath("cs2cs")
	if err != nil {
		t.Skip("cs2cs (proj-bin) not installed")
	}
	prj, err := exec.Command("projinfo", "EPSG:2229", "-o", "WKT1_ESRI", "--single-line", "-q").Output()
	if err != nil {
		t.Fatal(err)
	}
	var in, inLatLon strings.Builder
	for i := range 5 {
		lon, lat := -118.6+0.2*float64(i), 33.8+0.1*float64(i)
		fmt.Fprintf(&in, "%.8f %.8f\n", lon, lat)
		fmt.Fprintf(&inLatLon, "%.8f %.8f\n", lat, lon)
	}
	cmd := exec.Command(cs2cs, "-f", "%.6f", "EPSG:4326", "EPSG:2229")
	cmd.Stdin = strings.NewReader(inLatLon.String())
	ref, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := parsePairs(t, string(ref))
	for _, to := range []string{"EPSG:2229", "urn:ogc:def:crs:EPSG::2229", strings.TrimSpace(string(prj))} {
		out, errOut, code := wardmapIn(t, in.String(), "crs", "convert", "--from", "EPSG:4326", "--to", to)
		if code != 0 {
			t.Fatalf("%.30s: %s", to, errOut)
		}
		for i, p := range parsePairs(t, out) {
			if d := math.Hypot(p[0]-want[i][0], p[1]-want[i][1]) * 1200 / 3937; d > 0.001 {
				t.Errorf("%.30s: %v, cs2cs %v (%.2f mm)", to, p, want[i], d*1000)
			}
		}
	}
}

// TestCRSListAll: --all lists the EPSG table with units and methods.
func TestCRSListAll(t *testing.T) {
	out, errOut, code := wardmap(t, "crs", "list", "--all")
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{"EPSG:2229\tNAD83 / California zone 5 (ftUS)\tE N (ftUS)\tLambert Conic Conformal (2SP)",
		"EPSG:32601\tWGS 84 / UTM zone 1N\tE N (m)\tTransverse Mercator", "EPSG:32760\t", "EPSG:5897\tVN-2000 / TM-3 zone 482",
		"EPSG:3577\tGDA94 / Australian Albers\tE N (m)\tAlbers Equal Area", "EPSG:4269\tNAD83\tlon lat"} {
		if !strings.Contains(out, want) {
			t.Errorf("crs list --all lacks %q", want)
		}
	}
	if n := strings.Count(out, "\n"); n < 5000 {
		t.Errorf("only %d codes", n)
	}
}
