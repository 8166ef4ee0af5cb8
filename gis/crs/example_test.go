package crs_test

import (
	"fmt"
	"os"
	"strings"

	"wardmap/gis/crs"
)

// A GPS fix at Kien An into the Hai Phong cadastral zone, VN-2000 / TM-3
// 105-45, and back.
func ExampleTransform_Forward() {
	wgs, _ := crs.Lookup("EPSG:4326")
	zone, _ := crs.Lookup("9210")
	t, _ := crs.NewTransform(wgs, zone)

	e, n, err := t.Forward(106.63, 20.82) // lon, lat
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: E %.4f N %.4f\n", zone, e, n)

	lon, lat, _ := t.Inverse().Forward(e, n)
	fmt.Printf("back: %.8f %.8f\n", lon, lat)
	// Output:
	// EPSG:9210 VN-2000 / TM-3 105-45: E 591400.6608 N 2303276.8718
	// back: 106.63000000 20.82000000
}

// The text filter behind `wardmap crs convert --from EPSG:4326 --to EPSG:3405`.
func ExampleConvertLines() {
	wgs, _ := crs.Lookup("EPSG:4326")
	utm, _ := crs.Lookup("EPSG:3405")
	t, _ := crs.NewTransform(wgs, utm)
	in := "# lon lat name\n106.63 20.82 ubnd-kien-an\n106.60 20.80\n"
	if err := crs.ConvertLines(strings.NewReader(in), os.Stdout, t); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 669426.8672 2303192.7279 ubnd-kien-an
	// 666326.3335 2300947.3893
}
