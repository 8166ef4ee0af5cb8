package gpkg

import (
	"testing"
	"time"
	"wardmap/data/sync/wire"
)

// FuzzFastTime: the model loader's time parser gives exactly what the
// general one (parseTime) gives, for any text a column may hold: the same
// instant or, when that refuses the text, an error.
func FuzzFastTime(f *testing.F) {
	for _, s := range []string{"2026-11-25T03:00:00.000Z", "2026-02-29T00:00:00.000Z", "2028-02-29T23:59:59.999Z",
		"2026-13-01T00:00:00.000Z", "2026-01-01T24:00:00.000Z", "2026-01-01 10:00:00", "2026-01-01", "", "2026-01-01T10:00:00Z",
		"2026-1x-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2026-06-31T00:00:00.000Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := fastTime(s)
		want, werr := wire.ParseTime(s)
		if s == "" {
			if err != nil || !got.IsZero() {
				t.Fatalf("empty: %v %v", got, err)
			}
			return
		}
		if (err != nil) != (werr != nil) {
			t.Fatalf("%q: fast %v (%v), general %v (%v)", s, got, err, want, werr)
		}
		if err == nil && (!got.Equal(want) || got.Location() != time.UTC) {
			t.Fatalf("%q: fast %v, general %v", s, got, want)
		}
	})
}
