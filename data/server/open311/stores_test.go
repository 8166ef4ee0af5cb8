package open311_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/open311"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Every path into the store holds the same limits on both stores (issue
// 15): a NUL or bytes that are not UTF-8 in an Open311 description are a
// 400 naming the field (a NUL was "general service error" on PostgreSQL),
// the same text through the queue's intake is stored cleaned, and a report longer than Open311's 4,000 characters is refused through
// sync as through Open311, so requests.json always fits the GeoReport
// schema.
func TestSameLimitsEveryPath(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			s := newStackOn(t, kind)
			base := s.ts.URL + open311.Prefix
			// The form refuses what a person cannot have typed (checkFields):
			// a 400 naming the field, on both stores, never a failed write.
			for _, d := range []string{"rác\x00 ở ngõ 12", "r\xe1c ở ngõ 7"} {
				code, body := post(t, base+"requests.json", form(map[string]string{"description": d}))
				if code != 400 || !strings.Contains(string(body), "description") || strings.Contains(string(body), "general service error") {
					t.Fatalf("%q: %d %s", d, code, body)
				}
			}
			// The same text through the queue's intake (any other channel):
			// stored with U+FFFD, never a 500 on PostgreSQL.
			f, _, err := s.q.Submit(context.Background(), open311.Intake{Channel: "hotline", By: "hotline", Category: "waste", Text: "rác\x00 ở ngõ 12",
				Point: orb.Point{106.6302, 20.8105}})
			if err != nil {
				t.Fatal(err)
			}
			if e, ok := s.q.Get(f.ID); !ok || e.F.Text("text") != "rác\uFFFD ở ngõ 12" {
				t.Fatalf("stored %v", e)
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
