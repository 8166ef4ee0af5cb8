// Package desktop opens the ward's map window on a database: it chooses
// the database (the one asked for, else the last one used, else a copy of
// the demo ward), opens the laptop's GeoPackage store and hands it to the
// window (package app) through the small interfaces app declares. Behind
// each of them is the use case the matching headless command runs
// (data/laptop/ward: the due list, track import, the indicators and the
// periodic report, sync, login and conflicts), so the window and
// `wardmap due`, `indicators`, `sync`… give the same answers.
//
// It lives under cmd because joining the window and the store is cmd's
// job alone: app never imports data (make check-deps), so only a program
// may adapt one to the other. cmd/wardmap keeps the face (its flags and
// their messages) and calls Run; the adapters are tested here, over a
// real GeoPackage and, for sync, a real ward server on loopback.
package desktop

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"wardmap/app"
	"wardmap/app/settings"
	"wardmap/assets"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/tile"
)

// AppID names the program to Fyne: its preferences live in a folder of
// that name.
const AppID = "vn.haiphong.kienan.wardmap"

// Options say what the window opens.
type Options struct {
	// DB is the ward database; "" opens the last one used, else a copy of
	// the demo ward made in the user's data folder.
	DB string
	// View, when set, is the first map view (else the remembered one).
	View *tile.View
	// Stderr is told when the demo ward is made on the first start (nil:
	// os.Stderr).
	Stderr io.Writer
}

// Run opens the map window on o.DB and returns when it is closed.
func Run(ctx context.Context, o Options) error {
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	path := o.DB
	if path == "" {
		var err error
		if path, err = ward.DefaultDB(ctx, func(demo string) {
			fmt.Fprintf(o.Stderr, "Lần đầu chạy: tạo phường mẫu tại %s (first start: creating the demo ward)\n", demo)
		}); err != nil {
			return err
		}
	}
	s, err := gpkg.Open(ctx, path, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	wardName, home, err := ward.Home(ctx, s)
	if err != nil {
		return err
	}
	ward.RememberDB(path)
	if os.Getenv("FYNE_THEME") == "" {
		// Fyne's widgets read the variant it starts with; a dark choice
		// is applied over it below (View › Dark theme).
		os.Setenv("FYNE_THEME", "light")
	}
	LimitMemory()
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w, err := app.New(Wire(s, app.Deps{
		WardName: wardName, Home: home, Counts: func(ctx context.Context) (map[gis.Kind]int, error) { return ward.Counts(ctx, s) },
		Settings: settings.New(a.Preferences()), View: o.View, User: currentUser(),
		Sync: newSyncStore(s), Relaunch: relauncher(ctx, a, path), SyncPoll: 5 * time.Second,
	}))
	if err != nil {
		return err
	}
	w.ApplyTheme()
	firstFrameHook(a, w, os.Stdout)
	win := a.NewWindow(w.Title())
	win.SetContent(w.Content())
	w.Attach(win)
	go w.Refresh(ctx)
	win.ShowAndRun()
	return nil
}

// firstFrameHook is the start-up benchmark's probe: with
// WARDMAP_FIRST_FRAME set, the window prints "first-frame" on stdout when
// the map first shows a finished frame, and quits then if it is "exit".
func firstFrameHook(a fyne.App, w *app.Window, stdout io.Writer) {
	mode := os.Getenv("WARDMAP_FIRST_FRAME")
	if mode == "" {
		return
	}
	w.Map.OnFirstFrame = func() {
		fmt.Fprintln(stdout, "first-frame")
		if mode == "exit" {
			a.Quit()
		}
	}
}

// currentUser names the person on the records they change.
func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}
