package indicator_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// A model loaded once follows the edits; each Compute works from memory.
func ExampleModel() {
	road := gis.NewFeature(gis.Street, orb.LineString{{106.6300, 20.8100}, {106.6307, 20.8100}}) // ~73 m: 2 lamps at 40 m
	road.ID = "street-1"
	road.Attrs["name"], road.Attrs["class"] = "Trần Thành Ngọ", "main"
	gis.Derive(road)
	lamp := func(id string, lon float64) *gis.Feature {
		f := gis.NewFeature(gis.Lamp, orb.Point{lon, 20.8101})
		f.ID, f.Attrs["status"] = id, "working"
		return f
	}
	m := indicator.NewModel(indicator.Source{Features: []*gis.Feature{road, lamp("lamp-1", 106.6301)}})
	q4, today := indicator.MustPeriod("2026-Q4"), gis.Date{Year: 2026, Month: 11, Day: 25}
	show := func(what string) {
		_, b := m.Compute(q4, today, indicator.Options{Codes: []string{indicator.OrdLit}, PerStreet: true})
		r, _ := b.Result(indicator.OrdLit)
		st := b.ByStreet(indicator.OrdLit)["Trần Thành Ngọ"]
		fmt.Printf("%s: ward %s, street %s (%s)\n", what, indicator.Format(r.Value, r.Unit), indicator.Format(st.Value, st.Unit), r.Status.Label().EN)
	}
	show("one lamp")
	m.Apply(indicator.Upserted(lamp("lamp-2", 106.6306)))
	show("a second lamp")
	fmt.Println("a drain changes nothing:", m.Apply(indicator.Upserted(gis.NewFeature(gis.Drain, orb.Point{106.63, 20.81}))))
	m.Apply(indicator.Deleted(gis.Lamp, "lamp-1"))
	show("the first one removed")
	// Output:
	// one lamp: ward 0 %, street 0 % (Missed)
	// a second lamp: ward 100 %, street 100 % (On track)
	// a drain changes nothing: false
	// the first one removed: ward 0 %, street 0 % (Missed)
}
