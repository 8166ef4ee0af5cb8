package open311_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wardmap/data/open311"
	"wardmap/data/remote"
	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
	"wardmap/data/wire"
	"wardmap/gis"
)

// newStackOn is newStack over a store of either kind (PostgreSQL in a
// private cluster, so that this package needs no TestMain).
func newStackOn(t *testing.T, kind string) *stack {
	t.Helper()
	dsn := t.TempDir() + "/ward.db"
	if kind == "postgres" {
		dsn = pgtest.Own(t).DSN(t)
	}
	st, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	svc := server.NewService(st)
	q := open311.NewQueue(open311.ServiceBackend(svc), ward)
	q.MaxStale = 0
	mux := http.NewServeMux()
	mux.Handle("/open311/", open311.NewHandler(q, map[string]open311.Partner{apiKey: {Name: "zalo-oa", Channel: "zalo"}}))
	mux.Handle("/", remote.NewHandler(svc, nil))
	ts := httptest.NewServer(mux)
	t.Cleanup(func() { ts.Close(); st.Close() })
	return &stack{svc: svc, st: st, ts: ts, q: q}
}

// Every path into the store holds the same limits on both stores (issue
// 15): a NUL or bytes that are not UTF-8 in an Open311 description are
// replaced by U+FFFD and the report is taken (a NUL was a 400 "general
// service error" on PostgreSQL), and a report longer than Open311's 4,000 characters is refused through
// sync as through Open311, so requests.json always fits the GeoReport
// schema.
func TestSameLimitsEveryPath(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			s := newStackOn(t, kind)
			base := s.ts.URL + open311.Prefix
			for d, want := range map[string]string{"rác\x00 ở ngõ 12": "rác\uFFFD ở ngõ 12", "r\xe1c ở ngõ 7": "r\uFFFDc ở ngõ 7"} {
				code, body := post(t, base+"requests.json", form(map[string]string{"description": d}))
				var ans []struct {
					ID string `json:"service_request_id"`
				}
				if json.Unmarshal(body, &ans); code != 201 || len(ans) != 1 {
					t.Fatalf("%q: %d %s", d, code, body)
				}
				e, ok := s.q.Get(ans[0].ID)
				if !ok || !strings.HasPrefix(e.F.Text("text"), want+"\n") {
					t.Fatalf("%q stored as %q", d, e.F.Text("text"))
				}
			}
			code, body := post(t, base+"requests.json", form(map[string]string{"description": strings.Repeat("ạ", gis.ReportTextMax+1)}))
			if code != 400 {
				t.Fatalf("4001 characters: %d %s", code, body)
			}
			unit, err := s.svc.AddUser(context.Background(), ward, "unit", server.UnitOfficer, "", "mật-khẩu-unit")
			if err != nil {
				t.Fatal(err)
			}
			long := storetest.ReportOp(106.6302, 20.8105, strings.Repeat("a", 5005))
			full := storetest.ReportOp(106.6302, 20.8105, strings.Repeat("ạ", gis.ReportTextMax))
			res, err := s.svc.Push(context.Background(), unit, []wire.Op{long, full})
			if err != nil || res[0].Status != wire.Rejected || !strings.Contains(res[0].Error, "at most 4000") || res[1].Status != wire.Applied {
				t.Fatalf("sync push: %+v %v", res, err)
			}
			code, body = get(t, base+"requests.json")
			if code != 200 || !strings.Contains(string(body), full.ID) {
				t.Fatalf("requests.json: %d %.300s", code, body)
			}
			validate(t, schema(t, "requests.json"), body)
		})
	}
}
