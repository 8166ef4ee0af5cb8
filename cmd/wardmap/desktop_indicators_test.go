package main

import (
	"encoding/json"
	"testing"

	"wardmap/app"
	"wardmap/cmd/internal/desktop"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/indicator"
)

// cliBoard is what `wardmap indicators --scope tdp --json` prints.
type cliBoard struct {
	Period string          `json:"period"`
	AsOf   string          `json:"as_of"`
	Ward   json.RawMessage `json:"ward"`
	TDPs   json.RawMessage `json:"tdps"`
}

// The window's dashboard store (desktop.Wire) gives the numbers `wardmap
// indicators --json` prints, for the ward, every TDP and every street,
// down to the features behind them; its trend ends with the same
// quarter's ward results.
func TestAppStoreDashboardMatchesIndicatorsJSON(t *testing.T) {
	db := demoDB(t)
	for _, c := range []struct{ period, date string }{{"2026-Q2", "2026-08-15"}, {"2026", "2026-11-28"}, {"2026-H1", "2026-07-01"}} {
		t.Run(c.period, func(t *testing.T) {
			out, errs, code := wardmap(t, "indicators", "--db", db, "--period", c.period, "--date", c.date, "--scope", "tdp", "--json")
			if code != 0 {
				t.Fatalf("wardmap indicators: %d %s", code, errs)
			}
			var cli cliBoard
			if err := json.Unmarshal([]byte(out), &cli); err != nil {
				t.Fatal(err)
			}
			s, err := gpkg.Open(t.Context(), db, gpkg.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			today, _ := gis.ParseDate(c.date)
			d, err := desktop.Wire(s, app.Deps{}).Indicators.Dashboard(t.Context(), indicator.MustPeriod(c.period), today)
			if err != nil {
				t.Fatal(err)
			}
			b := d.Board
			if b.Period.Name != cli.Period || b.AsOf.String() != cli.AsOf {
				t.Errorf("board %s as of %s, cli %s as of %s", b.Period.Name, b.AsOf, cli.Period, cli.AsOf)
			}
			gistest.SameJSON(t, "the window's ward results against `indicators --json`", b.Ward, cli.Ward)
			gistest.SameJSON(t, "the window's TDP results against `indicators --json`", b.TDPs, cli.TDPs)
			out, errs, code = wardmap(t, "indicators", "--db", db, "--period", c.period, "--date", c.date, "--scope", "street", "--json")
			if code != 0 {
				t.Fatalf("wardmap indicators --scope street: %d %s", code, errs)
			}
			var streets struct {
				Streets json.RawMessage `json:"streets"`
			}
			if err := json.Unmarshal([]byte(out), &streets); err != nil {
				t.Fatal(err)
			}
			if len(b.Streets) < 5 {
				t.Errorf("%d streets on the board", len(b.Streets))
			}
			gistest.SameJSON(t, "the window's street results against `indicators --scope street --json`", b.Streets, streets.Streets)
			// not a vacuous comparison: values, statuses and items
			values, items := 0, 0
			for _, r := range b.Ward {
				if r.Value != nil {
					values++
				}
				items += len(r.Items)
			}
			if values < 8 || items == 0 || len(b.TDPs) < 5 {
				t.Errorf("%d values, %d items, %d TDPs: the demo ward should give more", values, items, len(b.TDPs))
			}
			if len(d.Catalogue) != len(b.Ward) {
				t.Errorf("catalogue of %d, %d results", len(d.Catalogue), len(b.Ward))
			}
			if len(d.Trend) == 0 {
				t.Fatal("no trend")
			}
			if last := d.Trend[len(d.Trend)-1]; c.period == "2026-Q2" {
				if last.Name != "2026-Q2" {
					t.Errorf("trend ends with %s", last.Name)
				}
				gistest.SameJSON(t, "the window's trend's last quarter against `indicators --json`", last.Results, cli.Ward)
			}
		})
	}
}
