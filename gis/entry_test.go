package gis_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

func TestParseDay(t *testing.T) {
	want := gis.Date{Year: 2026, Month: time.December, Day: 6}
	for _, s := range []string{"06/12/2026", "6/12/2026", " 06/12/2026 ", "06-12-2026", "06.12.2026", "2026-12-06"} {
		d, err := gis.ParseDay(s)
		if err != nil || d != want {
			t.Errorf("ParseDay(%q) = %v, %v; want %v", s, d, err, want)
		}
	}
	for _, s := range []string{"", "31/02/2026", "00/12/2026", "06/13/2026", "12/6/26", "2026/12/06", "6 tháng 12", "06/12/2026x", "2026-02-30", "-1/12/2026"} {
		if d, err := gis.ParseDay(s); err == nil {
			t.Errorf("ParseDay(%q) = %v, want an error", s, d)
		}
	}
	if got := want.VN(); got != "06/12/2026" {
		t.Errorf("VN() = %q", got)
	}
}

// FuzzParseDay: whatever it accepts is a real day that shows and reads back
// as itself.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"06/12/2026", "2026-12-06", "31/02/2026", "1.1.1900", "9/28/2014"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := gis.ParseDay(s)
		if err != nil {
			return
		}
		if gis.DateOf(d.Time()) != d {
			t.Fatalf("ParseDay(%q) = %v, not a real day", s, d)
		}
		back, err := gis.ParseDay(d.VN())
		if err != nil || back != d {
			t.Fatalf("ParseDay(%q) = %v; its VN form %q reads %v, %v", s, d, d.VN(), back, err)
		}
	})
}

func TestFieldParseAndDisplay(t *testing.T) {
	s := gis.MustLookup(gis.Violation)
	fd, _ := s.Field("deadline")
	v, err := fd.Parse("06/12/2026")
	if err != nil || v != (gis.Date{Year: 2026, Month: time.December, Day: 6}) {
		t.Fatalf("Parse(06/12/2026) = %v, %v", v, err)
	}
	if got := fd.Display(v, "vi"); got != "06/12/2026" {
		t.Errorf("Display = %q", got)
	}
	if _, err := fd.Parse("2026-31-12"); err == nil || !strings.Contains(err.Error(), "dd/mm/yyyy") {
		t.Errorf("a bad date's error %v does not say the form wanted", err)
	}
	// an instant is shown on Hà Nội's clock and read back from it
	r := gis.MustLookup(gis.Report)
	at, _ := r.Field("received_at")
	utc := time.Date(2026, 11, 10, 0, 14, 0, 0, time.UTC)
	shown := at.Display(utc, "vi")
	if shown != "10/11/2026 07:14" {
		t.Errorf("Display(%v) = %q, want local time 10/11/2026 07:14", utc, shown)
	}
	back, err := at.Parse(shown)
	if err != nil || !back.(time.Time).Equal(utc) {
		t.Errorf("Parse(%q) = %v, %v; want %v", shown, back, err, utc)
	}
	st, _ := gis.MustLookup(gis.Lamp).Field("status")
	if got := st.Display("broken", "vi"); got != "Hỏng" {
		t.Errorf("enum Display = %q", got)
	}
}

func TestCheckEntryMinimum(t *testing.T) {
	empty := gis.NewFeature(gis.Tree, orb.Point{106.63, 20.82})
	if gis.Validate(empty) != nil {
		t.Fatal("an empty tree is valid for the schema (imports may be thin); the minimum is CheckEntry's")
	}
	err := gis.CheckEntry(empty)
	var ve gis.ValidationErrors
	if !errors.As(err, &ve) {
		t.Fatalf("CheckEntry(empty tree) = %v, want ValidationErrors", err)
	}
	if e := ve.For("species_vi"); e == nil || !strings.Contains(e.VI, "Tên khoa học") {
		t.Errorf("species error = %v, want it to name both species fields", e)
	}
	if ve.For("condition") == nil {
		t.Errorf("no error for the missing condition: %v", ve)
	}
	if err := gis.CheckEntry(validTree()); err != nil {
		t.Errorf("a complete tree is refused: %v", err)
	}
}

func TestCheckEntryDeadlineBeforeFound(t *testing.T) {
	v := gis.NewFeature(gis.Violation, orb.Point{106.63, 20.82})
	v.Attrs["kind"] = "parking"
	v.Attrs["status"] = "found"
	v.Attrs["found_by"] = "Nguyễn Văn An"
	v.Attrs["found_on"] = gis.Date{Year: 2026, Month: 12, Day: 6}
	v.Attrs["deadline"] = gis.Date{Year: 2026, Month: 12, Day: 5}
	var ve gis.ValidationErrors
	if err := gis.CheckEntry(v); !errors.As(err, &ve) || ve.For("deadline") == nil || !strings.Contains(ve.For("deadline").VI, "06/12/2026") {
		t.Fatalf("deadline before discovery: %v, want a deadline error naming 06/12/2026", err)
	}
	v.Attrs["deadline"] = gis.Date{Year: 2026, Month: 12, Day: 6}
	if err := gis.CheckEntry(v); err != nil {
		t.Errorf("a deadline on the day found is refused: %v", err)
	}
}
