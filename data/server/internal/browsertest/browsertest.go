// Package browsertest runs Debian's headless Chromium for the tests of
// the server's pages (the public Open311 page, the city dashboard): the
// real browser is the referee of what a person sees, so the page tests
// share one way of starting it.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Chromium runs headless Chromium with args (a URL and flags such as
// --dump-dom or --screenshot) and returns its standard output. A missing
// browser fails the test, or skips it when WARDMAP_REFEREES_OPTIONAL is
// set (machines that cannot install it).
func Chromium(t testing.TB, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
			t.Skip("chromium missing")
		}
		t.Fatal("chromium missing (apt-get install chromium)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// A fresh profile each run, and nothing that reaches the network or
	// needs a GPU or /dev/shm (containers and CI have neither).
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--no-first-run", "--disable-dev-shm-usage", "--disable-quic", "--disable-sync", "--user-data-dir=" + t.TempDir()}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.Bytes()
}
