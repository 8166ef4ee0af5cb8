package section_test

import (
	"slices"
	"testing"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/inspect"
	"wardmap/gis/section"
)

func demoInput(b *testing.B) (inspect.Input, *demo.Ward) {
	b.Helper()
	w := demo.Generate()
	in := inspect.Input{Date: gis.Date{Year: 2026, Month: 12, Day: 7}, Cycles: inspect.Defaults()}
	for _, f := range w.Features {
		if slices.Contains(inspect.DueKinds, f.Kind) {
			in.Features = append(in.Features, f)
		}
	}
	return in, w
}

// BenchmarkDue is the peer: the flat due list of the demo ward (every
// record due, no start set: the heaviest case for grouping).
func BenchmarkDue(b *testing.B) {
	in, _ := demoInput(b)
	for b.Loop() {
		inspect.Due(in)
	}
}

// BenchmarkDueList is the same list grouped by kind and section,
// sections built from scratch each time.
func BenchmarkDueList(b *testing.B) {
	in, w := demoInput(b)
	tdps := w.ByKind(gis.TDP)
	for b.Loop() {
		section.DueList(in, tdps, w.Office)
	}
}
