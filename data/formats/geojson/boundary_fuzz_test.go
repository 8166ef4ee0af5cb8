package geojson_test

import (
	"context"
	"strings"
	"testing"

	"wardmap/data/formats/geojson"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

const tinyOSM = `<osm version="0.6"><node id="1" lat="20.82" lon="106.63"/><node id="2" lat="20.83" lon="106.64"/>` +
	`<way id="5"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way></osm>`

// FuzzReadBoundary: whatever a --boundary file holds, ReadBoundary returns
// an EINVALID error or an area the OSM import accepts and clips with,
// without panicking.
func FuzzReadBoundary(f *testing.F) {
	f.Add(`{"type":"Polygon","coordinates":[[[106.6,20.8],[106.7,20.8],[106.7,20.9],[106.6,20.8]]]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[106.6,20.8],[106.7,20.8],[106.7,20.9],[106.6,20.8]]],[[[0,0],[1,0],[1,1],[0,0]]]]}}]}`)
	f.Add(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[0,0],[0,0],[0,0]]]}}`)
	f.Add(`{"type":"Polygon","coordinates":[]}`)
	f.Add(`{"type":"Point","coordinates":[1,2]}`)
	f.Fuzz(func(t *testing.T, body string) {
		g, err := geojson.ReadBoundary(strings.NewReader(body))
		if err != nil {
			if gis.ErrorCode(err) != gis.EINVALID {
				t.Fatalf("error is not EINVALID: %v", err)
			}
			return
		}
		var c osmimport.Collector
		if _, err := osmimport.Read(context.Background(), strings.NewReader(tinyOSM), osmimport.FormatXML, osmimport.Options{Boundary: g}, &c); err != nil {
			t.Fatalf("an area ReadBoundary accepted was refused by the import: %v", err)
		}
	})
}
