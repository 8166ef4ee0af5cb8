package ward

import (
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// firstWith is the first live record of kind k whose status is status.
func firstWith(t *testing.T, s *gpkg.Store, k gis.Kind, status string, skip ...string) *gis.Feature {
	t.Helper()
	rs, err := s.Find(t.Context(), gpkg.Query{Kind: k})
	if err != nil {
		t.Fatal(err)
	}
next:
	for _, r := range rs {
		for _, id := range skip {
			if r.ID == id {
				continue next
			}
		}
		if r.Text("status") == status && !r.Deleted {
			return r.Feature
		}
	}
	t.Fatalf("no %s %s in the demo ward", status, k)
	return nil
}

// A duplicate merged into a report gets the report's answer with it.
func TestMoveReport(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	at := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	orig := firstWith(t, s, gis.Report, casework.Received)
	dup := firstWith(t, s, gis.Report, casework.Received, orig.ID)
	if _, _, err := MoveReport(ctx, s, "lan", dup.ID, casework.Step{To: casework.Duplicate, At: at}); gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("a duplicate of nothing: %v", err)
	}
	d, _, err := MoveReport(ctx, s, "lan", dup.ID, casework.Step{To: casework.Duplicate, At: at, DuplicateOf: orig.ID})
	if err != nil || d.Text("status") != casework.Duplicate || d.Text("duplicate_of") != orig.ID || d.Text("reason") == "" {
		t.Fatalf("merge: %v %v", d, err)
	}
	r, _, err := MoveReport(ctx, s, "lan", orig.ID, casework.Step{To: casework.Assigned, At: at, Unit: "Đội trật tự đô thị phường"})
	if err != nil || r.Text("status") != casework.Assigned {
		t.Fatalf("assign: %v %v", r, err)
	}
	const answer = "Phường đã xử lý ngày 26/11."
	r, followers, err := MoveReport(ctx, s, "lan", orig.ID, casework.Step{To: casework.Answered, At: at, Answer: answer})
	if err != nil || r.Text("public_answer") != answer || len(followers) != 1 || followers[0].ID != dup.ID {
		t.Fatalf("answer: %v, %d followers, %v", r, len(followers), err)
	}
	if got, _ := s.Get(ctx, gis.Report, dup.ID); got.Text("public_answer") != answer {
		t.Errorf("the duplicate's answer %q", got.Text("public_answer"))
	}
	// A step the lifecycle forbids changes nothing.
	before, _ := s.Get(ctx, gis.Report, orig.ID)
	if _, _, err := MoveReport(ctx, s, "lan", orig.ID, casework.Step{To: casework.Received, At: at}); err == nil {
		t.Error("answered → received was allowed")
	}
	if after, _ := s.Get(ctx, gis.Report, orig.ID); after.Text("status") != before.Text("status") {
		t.Error("a refused step changed the report")
	}
}

// A record sets the kind's deadline; a re-inspection moves the status and
// records its inspection in the same transaction.
func TestViolationRecordAndReinspect(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	v := firstWith(t, s, gis.Violation, casework.Found)
	on := gis.Date{Year: 2026, Month: 11, Day: 25}
	if fo, ok := v.Date("found_on"); ok && on.Before(fo) {
		on = fo
	}
	got, err := RecordViolation(ctx, s, "lan", v.ID, "12/BB-UBND", on, 0, "")
	if err != nil || got.Text("status") != casework.Recorded {
		t.Fatalf("record: %v %v", got, err)
	}
	if dl, _ := got.Date("deadline"); dl != casework.CorrectBy(v.Text("kind"), on) {
		t.Errorf("deadline %v for %s on %v", dl, v.Text("kind"), on)
	}
	var n0 int
	if err := s.QueryRow(ctx, "SELECT count(*) FROM inspection WHERE violation_id = '"+v.ID+"'", &n0); err != nil {
		t.Fatal(err)
	}
	got, err = ReinspectViolation(ctx, s, "lan", v.ID, on, casework.Fixed, "đã dọn")
	if err != nil || got.Text("status") != casework.Resolved {
		t.Fatalf("reinspect: %v %v", got, err)
	}
	var n int
	var result, who, at string
	if err := s.QueryRow(ctx, "SELECT count(*), max(result), max(inspector), max(inspected_at) FROM inspection WHERE violation_id = '"+v.ID+"'", &n, &result, &who, &at); err != nil {
		t.Fatal(err)
	}
	if n != n0+1 || result != "ok" || who != "lan" || at[:10] != on.String() {
		t.Errorf("%d inspections (had %d), result %q by %q at %s", n, n0, result, who, at)
	}
	if _, err := ReinspectViolation(ctx, s, "lan", gis.NewID(), on, casework.Fixed, ""); gis.ErrorCode(err) != gis.ENOTFOUND {
		t.Errorf("an unknown violation: %v", err)
	}
}
