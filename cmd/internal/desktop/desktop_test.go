package desktop

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wardmap/app"
)

// quitCounter is a Fyne app that counts the calls to Quit.
type quitCounter struct {
	fyne.App
	quits int
}

func (q *quitCounter) Quit() { q.quits++ }

// The start-up benchmark's probe (BenchmarkStartBinaryToFirstFrame in
// cmd/wardmap): unset, the map's first frame does nothing; set, it prints
// "first-frame" on stdout; "exit" quits then as well.
func TestFirstFrameHook(t *testing.T) {
	s := openStore(t, demoDB(t))
	for _, c := range []struct {
		env   string
		out   string
		quits int
	}{{"", "", 0}, {"1", "first-frame\n", 0}, {"exit", "first-frame\n", 1}} {
		t.Setenv("WARDMAP_FIRST_FRAME", c.env)
		a := &quitCounter{App: test.NewTempApp(t)}
		w, err := app.New(Wire(s, app.Deps{WardName: "Kiến An"}))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		firstFrameHook(a, w, &out)
		if w.Map.OnFirstFrame != nil {
			w.Map.OnFirstFrame() // as the map calls it, once
		}
		if out.String() != c.out || a.quits != c.quits {
			t.Errorf("WARDMAP_FIRST_FRAME=%q: printed %q and quit %d times, want %q and %d", c.env, out.String(), a.quits, c.out, c.quits)
		}
	}
}
