package inspect

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

func TestRecord(t *testing.T) {
	street := func(last string) *gis.Feature {
		f := gis.NewFeature(gis.Street, orb.LineString{{106.63, 20.82}, {106.64, 20.82}})
		if last != "" {
			d, err := gis.ParseDate(last)
			if err != nil {
				t.Fatal(err)
			}
			f.Attrs["last_inspected"] = d
		}
		return f
	}
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.63, 20.82})
	// 18:30 UTC on 24 Nov is 01:30 on 25 Nov in Hà Nội: the ward's day.
	late := time.Date(2026, 11, 24, 18, 30, 0, 500, time.UTC)
	cases := []struct {
		name     string
		target   *gis.Feature
		wantDay  string // the street's new last_inspected; "" none
		issue    bool
		inspects string
	}{
		{name: "never inspected street", target: street(""), wantDay: "2026-11-25"},
		{name: "earlier day moves", target: street("2026-11-20"), wantDay: "2026-11-25"},
		{name: "same day unchanged", target: street("2026-11-25")},
		{name: "later day kept", target: street("2026-11-30")},
		{name: "an asset has no day", target: lamp, issue: true, inspects: "tổ 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.target.Attrs["last_inspected"]
			in, st := Record(Visit{Target: tc.target, At: late, Inspector: tc.inspects, Issue: tc.issue, Notes: "n"})
			if err := gis.Validate(in); err != nil {
				t.Fatal(err)
			}
			if in.Text("target_id") != tc.target.ID || in.Text("target_kind") != string(tc.target.Kind) || in.Text("notes") != "n" {
				t.Errorf("inspection %v", in.Attrs)
			}
			if at, _ := in.Time("inspected_at"); !at.Equal(late.Truncate(time.Second)) {
				t.Errorf("inspected_at %v", at)
			}
			if want := map[bool]string{false: "ok", true: "issue"}[tc.issue]; in.Text("result") != want {
				t.Errorf("result %q, want %q", in.Text("result"), want)
			}
			if in.Text("inspector") != tc.inspects {
				t.Errorf("inspector %q", in.Text("inspector"))
			}
			if tc.wantDay == "" {
				if st != nil {
					t.Errorf("street changed: %v", st.Attrs)
				}
				return
			}
			if st == nil {
				t.Fatalf("street not moved to %s", tc.wantDay)
			}
			if d, _ := st.Date("last_inspected"); d.String() != tc.wantDay {
				t.Errorf("last_inspected %v, want %s", st, tc.wantDay)
			}
			if tc.target.Attrs["last_inspected"] != before {
				t.Error("the target itself was changed")
			}
		})
	}
}
