package cli

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair (master, slave) the way openpty(3)
// does, so that the test types on a real terminal line discipline.
func openPTY(t *testing.T) (*os.File, *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// On a terminal the password is read without echo; the control case shows
// that the same terminal echoes a plain line read, so the check can fail.
func TestPasswordNoEcho(t *testing.T) {
	for _, c := range []struct {
		name     string
		read     func(f *os.File) (string, error)
		wantEcho bool
	}{
		{"ReadPassword", func(f *os.File) (string, error) { return ReadPassword(f, &bytes.Buffer{}) }, false},
		{"plain line (control)", func(f *os.File) (string, error) { return ReadPassword(struct{ *os.File }{f}, &bytes.Buffer{}) }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, s := openPTY(t)
			got := make(chan string, 1)
			go func() {
				pw, err := c.read(s)
				if err != nil {
					pw = "error: " + err.Error()
				}
				got <- pw
			}()
			// Wait until the reader has set the terminal up before typing.
			time.Sleep(200 * time.Millisecond)
			if _, err := m.Write([]byte("sê-crét-42\n")); err != nil {
				t.Fatal(err)
			}
			var pw string
			select {
			case pw = <-got:
			case <-time.After(10 * time.Second):
				t.Fatal("password not read")
			}
			if pw != "sê-crét-42" {
				t.Fatalf("read %q", pw)
			}
			// A marker written by the program side ends what the master
			// reads: everything before it is what the terminal showed.
			if _, err := s.Write([]byte("END-OF-TEST\n")); err != nil {
				t.Fatal(err)
			}
			var shown []byte
			buf := make([]byte, 256)
			for !bytes.Contains(shown, []byte("END-OF-TEST")) {
				n, err := m.Read(buf)
				if err != nil {
					t.Fatal(err)
				}
				shown = append(shown, buf[:n]...)
			}
			echoed := strings.Contains(string(shown), "crét")
			if echoed != c.wantEcho {
				t.Fatalf("echoed %v (terminal showed %q), want %v", echoed, shown, c.wantEcho)
			}
		})
	}
}
