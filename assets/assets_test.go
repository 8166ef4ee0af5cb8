package assets_test

import (
	"bytes"
	"testing"

	"wardmap/assets"
	"wardmap/assets/internal/demofile"
)

// The embedded demo ward must be exactly what gis/demo generates: a change
// to the generator without `make demo` fails here.
func TestDemoWardIsGenerated(t *testing.T) {
	var buf bytes.Buffer
	if err := demofile.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), assets.DemoWardGz()) {
		t.Fatal("assets/demo/kienan-demo.geojson.gz is stale: run `make demo`")
	}
}
