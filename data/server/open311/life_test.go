package open311_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/open311"
	"wardmap/data/sync/remote"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// A report's life: posted by a partner through Open311 with a photo,
// pulled to an officer's laptop, assigned, answered and closed there, pushed
// back, and read by the public through Open311 at each step.
func TestReportLifeThroughSync(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	base := s.ts.URL + open311.Prefix

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range form(map[string]string{"service_code": "lighting", "attribute[waste_type]": "", "attribute[pole_code]": "KA-0123",
		"description": "Đèn trước số 8 Trần Nhân Tông tắt"}) {
		mw.WriteField(k, v[0])
	}
	fw, _ := mw.CreateFormFile("media", "den.jpg")
	fw.Write(photoWithExif(t))
	mw.Close()
	resp, err := http.Post(base+"requests.json", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	var ans []struct {
		ID string `json:"service_request_id"`
	}
	json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if resp.StatusCode != 201 || len(ans) != 1 {
		t.Fatalf("post: %d", resp.StatusCode)
	}
	id := ans[0].ID

	public := func() open311.Request {
		t.Helper()
		code, b := get(t, base+"requests/"+id+".json")
		validate(t, schema(t, "requests.json"), b)
		var rs []open311.Request
		if err := json.Unmarshal(b, &rs); err != nil || code != 200 || len(rs) != 1 {
			t.Fatalf("get: %d %s", code, b)
		}
		return rs[0]
	}
	r := public()
	if r.Status != "open" || r.Extended.Status != "received" || r.MediaURL == "" || !strings.Contains(r.Description, "KA-0123") {
		t.Fatalf("received: %+v", r)
	}

	// The officer's laptop.
	if _, err := s.svc.AddUser(ctx, ward, "ha", server.UnitOfficer, "", "mật-khẩu-của-hà"); err != nil {
		t.Fatal(err)
	}
	c := remote.NewClient(s.ts.URL, "")
	if _, err := c.Login(ctx, "ha", "mật-khẩu-của-hà"); err != nil {
		t.Fatal(err)
	}
	lap, err := gpkg.Open(ctx, filepath.Join(t.TempDir(), "laptop.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lap.Close()
	sum, err := remote.Sync(ctx, lap, c, remote.Options{})
	if err != nil || sum.PhotosDown != 1 {
		t.Fatalf("first sync: %v %+v", err, sum)
	}
	step := func(st casework.Step) {
		t.Helper()
		st.At = time.Now()
		err := lap.Update(ctx, "ha", func(tx *gpkg.Tx) error {
			f, err := tx.Get(ctx, gis.Report, id)
			if err != nil {
				return err
			}
			if err := casework.Apply(f, st); err != nil {
				return err
			}
			return tx.Save(ctx, f)
		})
		if err != nil {
			t.Fatalf("%s: %v", st.To, err)
		}
		if sum, err := remote.Sync(ctx, lap, c, remote.Options{}); err != nil || sum.Applied == 0 || sum.Conflicts+sum.Rejected > 0 {
			t.Fatalf("sync after %s: %v %+v", st.To, err, sum)
		}
	}
	f, err := lap.Get(ctx, gis.Report, id)
	if err != nil || f.Text("reporter_phone") != phone || f.Text("channel") != "zalo" {
		t.Fatalf("on the laptop: %v %v", err, f)
	}

	step(casework.Step{To: casework.Assigned})
	if r := public(); r.Extended.Status != "assigned" || r.Agency != "Trung tâm dịch vụ sự nghiệp công" || r.Extended.Deadline == "" {
		t.Errorf("assigned: %+v", r.Extended)
	}
	step(casework.Step{To: casework.InProgress, Note: "Đã gọi điện cho người phản ánh " + phone})
	step(casework.Step{To: casework.Answered, Answer: "Ngày 28/11 đã thay bộ đèn LED, đèn sáng trở lại."})
	r = public()
	if r.Status != "closed" || !strings.Contains(r.StatusNotes, "đã thay bộ đèn") || r.Extended.Status != "answered" {
		t.Errorf("answered: %+v", r)
	}
	step(casework.Step{To: casework.Closed})
	r = public()
	if r.Status != "closed" || r.Extended.Status != "closed" || r.Updated < r.Requested {
		t.Errorf("closed: %+v", r)
	}
	_, b := get(t, base+"requests.json?status=closed")
	if !strings.Contains(string(b), id) || strings.Contains(string(b), phone) || strings.Contains(string(b), "Đã gọi điện") {
		t.Errorf("closed list: %s", b)
	}
	recs, _ := s.st.Changes(ctx, ward, server.ChangesQuery{Kinds: []string{"report"}, Limit: 10})
	if len(recs) != 1 || recs[0].Fields["status"] != "closed" || recs[0].Fields["closed_on"] == nil {
		t.Errorf("server record %+v", recs)
	}
}
