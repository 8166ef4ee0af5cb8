package gpx_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/gpx"
)

// writeTemp writes f with opt into a temporary file and returns its path.
func writeTemp(t *testing.T, f *gpx.File, opt gpx.WriteOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := gpx.Write(&b, f, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	p := filepath.Join(t.TempDir(), "out.gpx")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// schemaValid runs xmllint against the official GPX 1.1 schema.
func schemaValid(t *testing.T, path string) {
	t.Helper()
	xsd := gistest.SharedData(t, "gpx", "schema", "gpx11.xsd")
	out, err := exec.Command(gistest.Referee(t, "xmllint", "libxml2-utils"), "--noout", "--schema", xsd, path).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint rejects %s: %v\n%s", path, err, out)
	}
}

// viaGPSBabel has GPSBabel read path and write back what it understood;
// that is then read with Read so counts and names can be compared.
func viaGPSBabel(t *testing.T, path string) *gpx.File {
	t.Helper()
	out := path + ".babel.gpx"
	cmd := exec.Command(gistest.Referee(t, "gpsbabel", "gpsbabel"), "-i", "gpx", "-f", path, "-o", "gpx,gpxver=1.1", "-F", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gpsbabel cannot read %s: %v\n%s", path, err, msg)
	}
	fh, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := gpx.Read(fh, gpx.ReadOptions{})
	if err != nil {
		t.Fatalf("reading gpsbabel's output: %v", err)
	}
	return f
}
