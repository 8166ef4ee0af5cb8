// Command gendemo writes the demo ward that assets embeds: gis/demo's
// deterministic ward as gzipped GeoJSON. The bytes depend only on the code,
// so a test can regenerate them and compare.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"wardmap/assets/internal/demofile"
)

func main() {
	out := flag.String("out", "demo/kienan-demo.geojson.gz", "output file")
	flag.Parse()
	var buf bytes.Buffer
	if err := demofile.Write(&buf); err != nil {
		fmt.Fprintln(os.Stderr, "gendemo:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendemo:", err)
		os.Exit(1)
	}
}
