package ward

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"wardmap/gis"
)

// DataDir is where wardmap keeps the demo copy and the last database used
// ($XDG_DATA_HOME/wardmap, else ~/.local/share/wardmap).
func DataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "wardmap"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "wardmap"), nil
}

// DefaultDB is the database the window opens when none is named: the last
// one used if it still exists, else the demo copy in DataDir, made on the
// first start (firstStart is told its path before the minutes it takes).
func DefaultDB(ctx context.Context, firstStart func(path string)) (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	if b, err := os.ReadFile(filepath.Join(dir, "last-db")); err == nil {
		last := strings.TrimSpace(string(b))
		if _, err := os.Stat(last); err == nil {
			return last, nil
		}
	}
	demo := filepath.Join(dir, "demo-kienan.gpkg")
	if _, err := os.Stat(demo); err == nil {
		return demo, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if firstStart != nil {
		firstStart(demo)
	}
	if _, err := CreateDemo(ctx, demo, Demo{Today: gis.LocalDate(time.Now())}); err != nil {
		return "", err
	}
	return demo, nil
}

// RememberDB makes path the one DefaultDB opens next time. It is a
// convenience: when it cannot be written, the next start asks again.
func RememberDB(path string) {
	dir, err := DataDir()
	if err != nil {
		return
	}
	if abs, err := filepath.Abs(path); err == nil {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "last-db"), []byte(abs+"\n"), 0o644)
	}
}
