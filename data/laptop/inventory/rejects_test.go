package inventory

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
)

// The rejections file reads back as what was rejected, quotes and commas
// in messages included, with an empty line for a row without one.
func TestWriteRejections(t *testing.T) {
	r := &Result{Rejected: []Rejection{
		{Record: 3, Line: 4, SourceID: "T-7", X: "106.6", Y: "20.8", Reason: "geometry", Message: `toạ độ "0,0", ngoài phường`},
		{Record: 9, Reason: ReasonSkipped, Message: "skip rule"},
	}}
	var buf bytes.Buffer
	if err := r.WriteRejections(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"record", "line", "source_id", "x", "y", "reason", "message"},
		{"3", "4", "T-7", "106.6", "20.8", "geometry", `toạ độ "0,0", ngoài phường`},
		{"9", "", "", "", "", ReasonSkipped, "skip rule"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("read back %q", rows)
	}
}
