package inspect_test

import (
	"slices"
	"testing"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/inspect"
)

// BenchmarkDueDemo is the demo ward's due list with no start set (every
// record due): the cost the Plan tab and planner pay per date.
func BenchmarkDueDemo(b *testing.B) {
	in := inspect.Input{Date: gis.Date{Year: 2026, Month: 12, Day: 7}, Cycles: inspect.Defaults()}
	for _, f := range demo.Generate().Features {
		if slices.Contains(inspect.DueKinds, f.Kind) {
			in.Features = append(in.Features, f)
		}
	}
	for b.Loop() {
		inspect.Due(in)
	}
}
