package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/indicator"
)

// TestIndicatorsStreet: `indicators --scope street` on the demo ward. Each
// street's lit and inspected counts are over exactly its main segments (as
// the generator made them), the streets add up to the ward, key routes
// alone carry the encroachment, and the drill-down of a street lists only
// its own segments.
func TestIndicatorsStreet(t *testing.T) {
	db := demoDB(t)
	args := []string{"indicators", "--db", db, "--period", "2026-Q4", "--date", "2026-11-25", "--scope", "street"}
	out, errs, code := wardmap(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var b struct {
		Ward    []indicator.Result      `json:"ward"`
		Streets []indicator.StreetBoard `json:"streets"`
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatal(err)
	}
	mains, keys := map[string]int{}, map[string]bool{}
	segs := map[string]string{}
	for _, f := range demo.Generate().ByKind(gis.Street) {
		name := strings.TrimSpace(f.Text("name"))
		segs[f.ID] = name
		if f.Text("class") == "main" {
			mains[name]++
		}
		if f.Bool("key_route") {
			keys[name] = true
		}
	}
	if len(b.Streets) == 0 || len(mains) == 0 {
		t.Fatalf("%d streets measured, %d main streets in the demo", len(b.Streets), len(mains))
	}
	ward := map[string]indicator.Result{}
	for _, r := range b.Ward {
		ward[r.Code] = r
	}
	sum := map[string]float64{}
	var names []string
	for _, sb := range b.Streets {
		names = append(names, sb.Street.Name)
		codes := []string{}
		for _, r := range sb.Results {
			codes = append(codes, r.Code)
			if r.Scope != indicator.Street || r.ScopeID != sb.Street.Name {
				t.Fatalf("%s: scope %s %q", sb.Street.Name, r.Scope, r.ScopeID)
			}
			sum[r.Code] += r.Num
			if r.Code == indicator.OrdLit || r.Code == indicator.OrdInspected {
				if int(r.Den) != mains[sb.Street.Name] {
					t.Errorf("%s %s over %v segments, the street has %d main ones", sb.Street.Name, r.Code, r.Den, mains[sb.Street.Name])
				}
				for _, it := range r.Items {
					if segs[it.ID] != sb.Street.Name {
						t.Errorf("%s %s lists segment %s of %q", sb.Street.Name, r.Code, it.ID, segs[it.ID])
					}
				}
			}
		}
		if slices.Contains(codes, indicator.OrdEncroach) != keys[sb.Street.Name] {
			t.Errorf("%s: encroachment measured %v, key route %v", sb.Street.Name, slices.Contains(codes, indicator.OrdEncroach), keys[sb.Street.Name])
		}
		if slices.Contains(codes, indicator.OrdLit) != (mains[sb.Street.Name] > 0) {
			t.Errorf("%s: lighting measured %v with %d main segments", sb.Street.Name, slices.Contains(codes, indicator.OrdLit), mains[sb.Street.Name])
		}
	}
	for _, code := range []string{indicator.OrdLit, indicator.OrdInspected, indicator.EnvClean, indicator.EnvTidy} {
		if sum[code] != ward[code].Num {
			t.Errorf("%s: streets add up to %v, the ward has %v", code, sum[code], ward[code].Num)
		}
	}
	if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(gis.FoldSearch(a), gis.FoldSearch(b)) }) {
		t.Errorf("streets not in name order: %q", names)
	}
	// The drill-down of the first unlit street's lighting.
	out, _, code = wardmap(t, append(args, "--drill", "TT-04", "--json")...)
	var rs []indicator.Result
	if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != len(mains) {
		t.Fatalf("drill: exit %d, %d results for %d main streets", code, len(rs), len(mains))
	}
	out, _, code = wardmap(t, args...)
	if code != 0 || !strings.Contains(out, b.Streets[0].Street.Name) || !strings.Contains(out, "Tỷ lệ tuyến đường chính được chiếu sáng") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
}
