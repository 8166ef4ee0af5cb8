package ward

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The report is the board the indicators compute for the period (per TDP
// too), the last eight quarters' trend and, for the PDF, the map of the
// period's violations; written whole or not at all.
func TestPeriodicReport(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	p, today := indicator.MustPeriod("2026"), gis.Date{Year: 2026, Month: 11, Day: 25}
	r, err := Bulletin(ctx, s, p, today, true)
	if err != nil {
		t.Fatal(err)
	}
	cat, in, err := s.IndicatorInput(ctx, p, today)
	if err != nil {
		t.Fatal(err)
	}
	want := indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})
	if len(r.Board.Ward) != len(want.Ward) || len(r.Board.Ward) == 0 || len(r.Board.TDPs) != len(want.TDPs) || len(want.TDPs) == 0 {
		t.Errorf("board of %d ward and %d TDP results, want %d and %d", len(r.Board.Ward), len(r.Board.TDPs), len(want.Ward), len(want.TDPs))
	}
	qs := indicator.Quarters(p, r.Board.AsOf)
	if len(r.Trend) != min(len(qs), TrendQuarters) || len(r.Trend) == 0 || r.Trend[len(r.Trend)-1].Name != qs[len(qs)-1].Name {
		t.Errorf("trend of %d quarters for %d in the period", len(r.Trend), len(qs))
	}
	if r.Map == nil || len(r.ViolationKinds) == 0 || r.Ward == "" {
		t.Errorf("map %v, %d violation kinds, ward %q", r.Map != nil, len(r.ViolationKinds), r.Ward)
	}
	if r, err := Bulletin(ctx, s, p, today, false); err != nil || r.Map != nil {
		t.Errorf("without the map: %v %v", r.Map != nil, err)
	}

	dir := t.TempDir()
	for ext, magic := range map[string]string{".xlsx": "PK", ".pdf": "%PDF"} {
		path := filepath.Join(dir, "bao-cao"+ext)
		_, size, err := WriteBulletin(ctx, s, p, today, "UBND phường", path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if len(b) != size || !strings.HasPrefix(string(b), magic) {
			t.Errorf("%s: %d bytes written, %d said, starts %q", ext, len(b), size, b[:min(8, len(b))])
		}
	}
	if _, _, err := WriteBulletin(ctx, s, p, today, "", filepath.Join(dir, "bao-cao.docx")); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf(".docx: %v", err)
	}
	if _, _, err := WriteBulletin(ctx, s, p, today, "", filepath.Join(dir, "missing", "q.pdf")); err == nil {
		t.Error("a report into a missing folder")
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 2 {
		t.Errorf("the folder holds %d files, want the two reports", len(left))
	}
}
