package gistest

import (
	"encoding/json"
	"reflect"
	"testing"
)

// SameJSON fails tb unless got, marshalled, decodes to what want decodes
// to: the same values whatever the key order or spacing (what names the
// comparison in the failure).
func SameJSON(tb testing.TB, what string, got any, want json.RawMessage) {
	tb.Helper()
	b, err := json.Marshal(got)
	if err != nil {
		tb.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(b, &g); err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		tb.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		tb.Errorf("%s differs:\n got %.600s\nwant %.600s", what, b, want)
	}
}
