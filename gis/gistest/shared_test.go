package gistest_test

import (
	"os/exec"
	"testing"

	"wardmap/gis/gistest"
)

func TestRefereeFound(t *testing.T) {
	want, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal("no sh on this machine:", err)
	}
	if got := gistest.Referee(t, "sh", "dash"); got != want {
		t.Errorf("Referee(sh) = %q, want %q", got, want)
	}
}

func TestRefereeMissingSkipsWhenOptional(t *testing.T) {
	var sub *testing.T
	t.Run("missing", func(st *testing.T) {
		sub = st
		st.Setenv("WARDMAP_REFEREES_OPTIONAL", "1")
		gistest.Referee(st, "wardmap-no-such-referee", "none")
		st.Error("Referee returned for a program that is not installed")
	})
	if !sub.Skipped() {
		t.Error("a missing referee with WARDMAP_REFEREES_OPTIONAL set did not skip the test")
	}
}
