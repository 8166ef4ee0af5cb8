package kml

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// TestReadWhatWriteWrites reads back a document Write made, and the
// shapes other tools write: SchemaData, MultiGeometry, altitude, folders.
func TestReadWhatWriteWrites(t *testing.T) {
	f := &gis.Feature{ID: "0190d5a0-0000-7000-8000-000000000001", Kind: gis.Tree, Geom: orb.Point{106.68, 20.86},
		Attrs: map[string]any{"code": "CX-1", "species_vi": "Sấu <già> & \"đẹp\""}}
	var buf bytes.Buffer
	if err := Write(&buf, []*gis.Feature{f}, Options{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	pms, err := Read(&buf)
	if err != nil || len(pms) != 1 {
		t.Fatal(err, pms)
	}
	got := map[string]string{}
	for _, nv := range pms[0].Fields {
		got[nv.Name] = nv.Value
	}
	if got["species_vi"] != "Sấu <già> & \"đẹp\"" || got["code"] != "CX-1" || pms[0].Geom != (orb.Point{106.68, 20.86}) {
		t.Errorf("%+v", pms[0])
	}
	other := `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><Folder>
<Placemark><name>A</name><ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="loai">Xà cừ</SimpleData></SchemaData></ExtendedData>
<MultiGeometry><Point><coordinates>1,2,30</coordinates></Point><Point><coordinates>3,4</coordinates></Point></MultiGeometry></Placemark>
<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><Point><coordinates>x,y</coordinates></Point></Placemark>
</Folder></Folder></Document></kml>`
	pms, err = Read(strings.NewReader(other))
	if err != nil || len(pms) != 3 {
		t.Fatal(err, len(pms))
	}
	if pms[0].Name != "A" || pms[0].Fields[0] != (NameValue{"loai", "Xà cừ"}) || !orb.Equal(pms[0].Geom, orb.MultiPoint{{1, 2}, {3, 4}}) {
		t.Errorf("%+v", pms[0])
	}
	if _, ok := pms[1].Geom.(orb.Polygon); !ok {
		t.Errorf("%+v", pms[1])
	}
	if pms[2].GeomErr == nil {
		t.Errorf("bad coordinates read: %+v", pms[2])
	}
	if _, err := Read(strings.NewReader("<html></html>")); err == nil {
		t.Error("not KML read")
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`<kml><Placemark><name>a</name><ExtendedData><Data name="x"><value>1</value></Data></ExtendedData><Point><coordinates>1,2</coordinates></Point></Placemark></kml>`))
	f.Add([]byte(`<kml><Placemark><MultiGeometry><LineString><coordinates>0,0 1,1</coordinates></LineString><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></MultiGeometry></Placemark></kml>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pms, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, p := range pms {
			if p.GeomErr == nil && p.Geom != nil {
				_ = p.Geom.Bound()
			}
		}
	})
}
