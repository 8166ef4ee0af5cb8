package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"wardmap/app"
	"wardmap/app/settings"
	"wardmap/assets"
	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/tile"
)

const appID = "vn.haiphong.kienan.wardmap"

// runDesktop opens the map window on --db, else on the last database used,
// else on a copy of the demo ward made in the user's data folder.
func runDesktop(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("") // its errors begin "wardmap: " already
	path := fl.String("db", "", "ward database to open")
	viewFlag := fl.String("view", "", "first map view as lon,lat,zoom (else the remembered one)")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return cli.Usagef("lệnh không rõ %q (unknown command)", pos[0])
	}
	var first *tile.View
	if *viewFlag != "" {
		v, err := tile.ParseView(*viewFlag)
		if err != nil {
			return cli.Usagef("--view cần kinh độ,vĩ độ,mức zoom, ví dụ 106.6265,20.8085,17 (--view wants lon,lat,zoom), nhận %q", *viewFlag)
		}
		first = &v
	}
	if *path == "" {
		if *path, err = ward.DefaultDB(ctx, func(demo string) {
			fmt.Fprintf(e.stderr, "Lần đầu chạy: tạo phường mẫu tại %s (first start: creating the demo ward)\n", demo)
		}); err != nil {
			return err
		}
	}
	s, err := gpkg.Open(ctx, *path, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	wardName, home, err := ward.Home(ctx, s)
	if err != nil {
		return err
	}
	ward.RememberDB(*path)
	if os.Getenv("FYNE_THEME") == "" {
		// Fyne's widgets read the variant it starts with; a dark choice
		// is applied over it below (View › Dark theme).
		os.Setenv("FYNE_THEME", "light")
	}
	limitDesktopMemory()
	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w, err := app.New(withStores(newAppStore(s), app.Deps{
		WardName: wardName, Home: home, Counts: func(ctx context.Context) (map[gis.Kind]int, error) { return ward.Counts(ctx, s) },
		Settings: settings.New(a.Preferences()), View: first, User: currentUser(),
		Sync: newSyncStore(s), Relaunch: relauncher(ctx, a, *path), SyncPoll: 5 * time.Second,
	}))
	if err != nil {
		return err
	}
	w.ApplyTheme()
	firstFrameHook(a, w)
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
func firstFrameHook(a fyne.App, w *app.Window) {
	mode := os.Getenv("WARDMAP_FIRST_FRAME")
	if mode == "" {
		return
	}
	w.Map.OnFirstFrame = func() {
		fmt.Println("first-frame")
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
