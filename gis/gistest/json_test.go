package gistest

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that keeps a failure instead of failing.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Errorf(f string, args ...any) { r.failed = fmt.Sprintf(f, args...) }
func (r *recorder) Fatal(args ...any)            { r.failed = fmt.Sprint(args...) }

func TestSameJSON(t *testing.T) {
	type pair struct {
		B []int  `json:"b"`
		A string `json:"a"`
	}
	cases := []struct {
		got  any
		want string
		same bool
	}{
		{pair{[]int{1, 2}, "x"}, `{"a": "x", "b": [1, 2.0]}`, true}, // key order, spacing, 2 = 2.0
		{pair{[]int{2, 1}, "x"}, `{"a":"x","b":[1,2]}`, false},      // order in a list counts
		{pair{nil, "x"}, `{"a":"x","b":[]}`, false},                 // null is not []
		{pair{[]int{1}, "x"}, `{"a":"x","b":[1],"c":0}`, false},     // a member more
	}
	for _, c := range cases {
		r := &recorder{TB: t}
		SameJSON(r, "pair", c.got, []byte(c.want))
		if (r.failed == "") != c.same {
			t.Errorf("%+v against %s: failure %q, want same=%v", c.got, c.want, r.failed, c.same)
		}
	}
}
