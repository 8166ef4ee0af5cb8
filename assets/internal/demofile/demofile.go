// Package demofile encodes gis/demo's ward the way assets embeds it.
package demofile

import (
	"compress/gzip"
	"io"

	"wardmap/data/formats/geojson"
	"wardmap/gis/demo"
)

// Write writes the demo ward as gzipped GeoJSON. gzip's header carries no
// time or name here, so the output is byte-for-byte reproducible.
func Write(w io.Writer) error {
	ward := demo.Generate()
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := geojson.Write(zw, ward.Features, geojson.Options{WithKind: true, Name: ward.Name}); err != nil {
		return err
	}
	return zw.Close()
}
