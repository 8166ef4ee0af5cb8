package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"wardmap/gis/gistest"
)

// TestWindowUnderXvfb starts the real wardmap binary on the demo ward in a
// real X server (Xvfb, Mesa's software OpenGL), takes a screenshot and
// checks that the map drew: strongly coloured streets and markers cover a
// share of the window. The screenshot stays in testout/smoke for a person to look at.
func TestWindowUnderXvfb(t *testing.T) {
	needX(t)
	d := newXDesktop(t)
	d.Start(t, "--db", copyDemo(t)) // its own copy: the window writes (its caches, an edit), and other tests share demoDB
	display := d.Display

	win := waitForWindow(t, display, "wardmap")
	out := gistest.OutDir(t, "smoke")
	shot := filepath.Join(out, "demo-window.png")
	var img image.Image
	// The first frames may still be empty while the map renders: retry.
	for i := 0; i < 20; i++ {
		time.Sleep(500 * time.Millisecond)
		cmd := exec.Command("import", "-window", win, shot)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("import: %v %s", err, b)
		}
		img = readPNG(t, shot)
		if mapPixels(img) > 0.008 {
			break
		}
	}
	if share := mapPixels(img); share < 0.008 {
		t.Fatalf("the map covers %.0f%% of the window (want ≥ 0.8%%); screenshot %s; log:\n%s", share*100, shot, d.Log())
	}
	t.Logf("screenshot: %s", shot)
}

func startXvfb(t testing.TB) string { return startXvfbScreen(t, "1280x900x24") }

// startXvfbScreen starts an X server with a screen of the given geometry
// (WxHxDepth) on a free display.
func startXvfbScreen(t testing.TB, screen string) string {
	t.Helper()
	for n := 90; n < 140; n++ {
		lock, sock := fmt.Sprintf("/tmp/.X%d-lock", n), fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		if liveLock(lock) {
			continue
		}
		if _, err := os.Stat(lock); os.IsNotExist(err) {
			if _, err := os.Stat(sock); err == nil {
				continue // a server that keeps no lock file
			}
		} else if err := os.Remove(sock); err != nil && !os.IsNotExist(err) {
			// The dead server's socket must go, or the wait below would
			// take it for the new server's.
			continue
		}
		d := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", d, "-screen", "0", screen, "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stopXvfb(x) })
		for i := 0; i < 50; i++ {
			if _, err := os.Stat(sock); err == nil {
				return d
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not start", d)
	}
	t.Fatal("no free X display")
	return ""
}

// stopXvfb asks Xvfb to end (SIGTERM), so that it removes its lock file and
// socket; a SIGKILL left /tmp/.X<n>-lock behind on every run until no
// display number was free. It is killed if it has not ended in 5 s.
func stopXvfb(x *exec.Cmd) {
	x.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { x.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		x.Process.Kill()
		<-done
	}
}

// liveLock reports whether an X lock file names a running process. Xvfb
// itself takes over a lock whose process is gone, so such a display is free.
func liveLock(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return !os.IsNotExist(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true
	}
	return syscall.Kill(pid, 0) == nil || syscall.Kill(pid, 0) == syscall.EPERM
}

func waitForWindow(t *testing.T, display, name string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", name)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.Output(); err == nil {
			if ids := strings.Fields(string(out)); len(ids) > 0 {
				return ids[0]
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("no window named %q appeared within a minute", name)
	return ""
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// mapPixels is the share of strongly coloured pixels: streets, trees,
// lamps and markers. Fyne's chrome and an empty map background are grey or
// pale, so a window whose map did not draw scores near zero.
func mapPixels(img image.Image) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if max(r, g, bl)-min(r, g, bl) > 60 {
				n++
			}
		}
	}
	return float64(n) / float64((b.Dx()/2)*(b.Dy()/2))
}
