package gpx_test

import (
	"fmt"
	"os"
	"strings"

	"wardmap/gis/gpx"
)

func ExampleFoldASCII() {
	fmt.Println(gpx.FoldASCII("Đường Trần Thành Ngọ"))
	// Output: Duong Tran Thanh Ngo
}

func ExampleWrite() {
	f := &gpx.File{Waypoints: []gpx.Waypoint{{
		TrackPoint: gpx.TrackPoint{Lat: 20.8129, Lon: 106.6273},
		Name:       "Ngõ 135 Trữ Khê", Desc: "Hộ số 7, cổng xanh",
	}}}
	gpx.Write(os.Stdout, f, gpx.WriteOptions{Profile: gpx.ProfileGarminLegacy})
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="wardmap">
	//  <wpt lat="20.8129" lon="106.6273">
	//   <name>N 135 TRU KHE</name>
	//   <desc>Hộ số 7, cổng xanh</desc>
	//  </wpt>
	// </gpx>
}

func ExampleRead() {
	doc := `<gpx version="1.1"><trk><trkseg>
<trkpt lat="20.81" lon="106.62"><time>2025-06-30T07:15:42+07:00</time></trkpt>
<trkpt lat="95" lon="106.62"/></trkseg></trk></gpx>`
	_, err := gpx.Read(strings.NewReader(doc), gpx.ReadOptions{})
	fmt.Println(err)
	// Output: gpx: trk[0]/trkseg[0]/trkpt[1] (line 3): invalid coordinate: latitude 95 outside [-90, 90]
}
