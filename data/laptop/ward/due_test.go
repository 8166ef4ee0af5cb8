package ward

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
)

// The due list groups exactly its items; a limit keeps the most overdue
// and the total; a first-cycle start spreads the never inspected.
func TestDue(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	day := gis.Date{Year: 2026, Month: 12, Day: 7}
	office := orb.Point{106.6256, 20.8082}
	all, err := Due(ctx, s, day, DueOptions{Office: office})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != len(all.Items) || all.Total == 0 {
		t.Fatalf("%d items, total %d", len(all.Items), all.Total)
	}
	grouped := 0
	for _, g := range all.Groups {
		grouped += g.Count
	}
	if grouped != all.Total {
		t.Errorf("groups hold %d items of %d", grouped, all.Total)
	}
	top, err := Due(ctx, s, day, DueOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(top.Items) != 10 || top.Total != all.Total || top.Items[0].ID != all.Items[0].ID {
		t.Errorf("limit 10: %d items of %d, first %s (want %s)", len(top.Items), top.Total, top.Items[0].ID, all.Items[0].ID)
	}
	start := gis.Date{Year: 2026, Month: 12, Day: 1}
	spread, err := Due(ctx, s, day, DueOptions{Start: &start})
	if err != nil {
		t.Fatal(err)
	}
	if spread.Input.Start != start {
		t.Errorf("start %v", spread.Input.Start)
	}
	if want := len(inspect.Due(spread.Input)); spread.Total != want {
		t.Errorf("with a start: %d items, inspect.Due gives %d", spread.Total, want)
	}
}

// The JSON names the day and the start, and lists nothing as [].
func TestDueJSON(t *testing.T) {
	day, start := gis.Date{Year: 2026, Month: 12, Day: 7}, gis.Date{Year: 2026, Month: 12, Day: 1}
	b, err := json.Marshal(DueList{Input: inspect.Input{Date: day}})
	if want := `{"date":"2026-12-07","total":0,"items":[],"groups":[]}`; err != nil || string(b) != want {
		t.Errorf("empty list: %s, %v; want %s", b, err, want)
	}
	s := open(t, copyDemo(t))
	d, err := Due(t.Context(), s, day, DueOptions{Start: &start, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Date   string `json:"date"`
		Start  string `json:"first_cycle_start"`
		Total  int    `json:"total"`
		Items  []inspect.Item
		Groups []json.RawMessage
	}
	b, _ = json.Marshal(d)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Date != "2026-12-07" || got.Start != "2026-12-01" || got.Total != d.Total || len(got.Items) != 2 || got.Items[0].ID != d.Items[0].ID || len(got.Groups) != len(d.Groups) {
		t.Errorf("%s", b)
	}
}
