package wardtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/gpx"
)

// CheckGPX validates a GPX file the program wrote against the GPX 1.1
// schema (xmllint), has gpsbabel read it, and returns it as our reader
// sees it.
func CheckGPX(tb testing.TB, path string) *gpx.File {
	tb.Helper()
	xsd := gistest.SharedData(tb, "gpx", "schema", "gpx11.xsd")
	run(tb, gistest.Referee(tb, "xmllint", "libxml2-utils"), "--noout", "--schema", xsd, path)
	csv := run(tb, gistest.Referee(tb, "gpsbabel", "gpsbabel"), "-i", "gpx", "-f", path, "-o", "unicsv", "-F", "-")
	if !strings.Contains(csv, "Latitude") {
		tb.Errorf("gpsbabel read nothing from %s", path)
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	g, err := gpx.Read(f, gpx.ReadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// run runs a referee and returns what it printed; a failure fails tb.
func run(tb testing.TB, tool string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}
