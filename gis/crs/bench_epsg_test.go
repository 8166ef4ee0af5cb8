package crs_test

import (
	"bytes"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// ratePoints is a million points around (lon, lat), Hai Phong's spread.
func ratePoints(lon, lat float64) []orb.Point {
	pts := benchPoints(1_000_000)
	for i := range pts {
		pts[i] = orb.Point{pts[i][0] - 106.75 + lon, pts[i][1] - 20.85 + lat}
	}
	return pts
}

// cs2csRates caches cs2cs's rate per target: one run of a million points,
// start-up included, as in cs2csRate.
var cs2csRates sync.Map

func cs2csRateFor(to string, pts []orb.Point) (float64, error) {
	if r, ok := cs2csRates.Load(to); ok {
		return r.(float64), nil
	}
	path, err := exec.LookPath("cs2cs")
	if err != nil {
		return 0, err
	}
	var in bytes.Buffer
	for _, p := range pts {
		fmt.Fprintf(&in, "%.9f %.9f\n", p[1], p[0])
	}
	cmd := exec.Command(path, "-f", "%.4f", "EPSG:4326", to)
	cmd.Stdin = &in
	var out bytes.Buffer
	cmd.Stdout = &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, err
	}
	rate := float64(len(pts)) / time.Since(start).Seconds()
	cs2csRates.Store(to, rate)
	return rate, nil
}

// benchVersus converts a million points from WGS 84 to code with this
// package and with cs2cs (once per process), reporting both rates and the
// ratio; as BenchmarkVersusCs2cs, cs2cs also parses and prints text.
func benchVersus(b *testing.B, code string, lon, lat float64) {
	src := ratePoints(lon, lat)
	theirs, err := cs2csRateFor(code, src)
	if err != nil {
		b.Skipf("cs2cs: %v", err)
	}
	versus(b, mustTransform(b, "4326", code), src, theirs)
}

// California zone 5 in US feet: Lambert 2SP, no datum shift.
func BenchmarkVersusCs2cs2229(b *testing.B) { benchVersus(b, "EPSG:2229", -118.25, 34.05) }

// British National Grid: TM with a 7-parameter Helmert onto Airy 1830.
func BenchmarkVersusCs2cs27700(b *testing.B) { benchVersus(b, "EPSG:27700", -1.5, 52.5) }

// Australian Albers.
func BenchmarkVersusCs2cs3577(b *testing.B) { benchVersus(b, "EPSG:3577", 135, -25) }

// WGS 84 / UTM 48N: TM without a shift.
func BenchmarkVersusCs2cs32648(b *testing.B) { benchVersus(b, "EPSG:32648", 106.75, 20.85) }
