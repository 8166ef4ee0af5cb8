package cli

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

func isUsage(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue)
}

// TestDateFlag: the default stands until the flag is given; a malformed
// day names the flag and the form.
func TestDateFlag(t *testing.T) {
	def := gis.Date{Year: 2026, Month: 12, Day: 1}
	fs := NewFlags("due")
	d := DateFlag(fs, "date", def, "day")
	if err := ParseNoArgs(fs, nil); err != nil || *d != def {
		t.Fatalf("unset: %v %v", *d, err)
	}
	if err := ParseNoArgs(fs, []string{"--date", "2027-01-31"}); err != nil || *d != (gis.Date{Year: 2027, Month: 1, Day: 31}) {
		t.Fatalf("set: %v %v", *d, err)
	}
	fs = NewFlags("due")
	DateFlag(fs, "start", gis.Date{}, "first-cycle start")
	err := ParseNoArgs(fs, []string{"--start", "31/01/2027"})
	if !isUsage(err) || !strings.Contains(err.Error(), `--start cần dạng YYYY-MM-DD (needs YYYY-MM-DD): "31/01/2027"`) {
		t.Errorf("bad day: %v", err)
	}
}

func TestDateOrToday(t *testing.T) {
	today := gis.LocalDate(time.Now())
	if d, err := DateOrToday(""); err != nil || d != today && d != gis.LocalDate(time.Now()) {
		t.Errorf("empty: %v %v, want today %v", d, err, today)
	}
	if d, err := DateOrToday("2026-02-28"); err != nil || d != (gis.Date{Year: 2026, Month: 2, Day: 28}) {
		t.Errorf("a day: %v %v", d, err)
	}
	if _, err := DateOrToday("2026-02-30"); !isUsage(err) || err.Error() != `--date cần dạng YYYY-MM-DD (needs YYYY-MM-DD): "2026-02-30"` {
		t.Errorf("no such day: %v", err)
	}
}

func TestParseNum(t *testing.T) {
	for in, want := range map[string]float64{"12,5": 12.5, "12.5": 12.5, " 92 ": 92, "-0,25": -0.25} {
		if x, err := ParseNum("--value", in); err != nil || x != want {
			t.Errorf("ParseNum(%q) = %v %v, want %v", in, x, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1,2,3", "NaN", "Inf"} {
		if _, err := ParseNum("VALUE", in); !isUsage(err) || !strings.HasPrefix(err.Error(), "VALUE: ") {
			t.Errorf("ParseNum(%q): %v, want a usage error naming VALUE", in, err)
		}
	}
	if FmtNum(92) != "92" || FmtNum(0.5) != "0.5" || FmtCoord(106.6) != "106.6000000" {
		t.Error(FmtNum(92), FmtNum(0.5), FmtCoord(106.6))
	}
}

func TestParseBBoxAndPoint(t *testing.T) {
	b, err := ParseBBox("bbox", "106.6, 20.8,106.7,20.9")
	if err != nil || *b != (orb.Bound{Min: orb.Point{106.6, 20.8}, Max: orb.Point{106.7, 20.9}}) {
		t.Errorf("bbox: %v %v", b, err)
	}
	for in, want := range map[string]string{
		"1,2,3":               "--bbox cần 4 số cách nhau bởi dấu phẩy (needs 4 comma-separated numbers)",
		"1,2,x,4":             `--bbox: "x" không phải số (not a number)`,
		"106,20,107,95":       "--bbox: ",
		"106.7,20.8,106.6,21": "min before max",
	} {
		if _, err := ParseBBox("bbox", in); !isUsage(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBBox(%q): %v, want %q", in, err, want)
		}
	}
	p, err := ParsePoint("near", "106.63,20.82")
	if err != nil || *p != (orb.Point{106.63, 20.82}) {
		t.Errorf("point: %v %v", p, err)
	}
	for _, in := range []string{"106.63", "200,20", "106,x"} {
		if _, err := ParsePoint("start", in); !isUsage(err) || !strings.HasPrefix(err.Error(), "--start") {
			t.Errorf("ParsePoint(%q): %v", in, err)
		}
	}
}
