package desktop

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"fyne.io/fyne/v2"

	"wardmap/data/laptop/ward"
)

// relauncher is app.Deps.Relaunch: File › Open/New database and a change
// of language start the window again as a new process on the chosen
// database (current when db is empty) and end this one. A fresh process
// is the simple honest way: every store, cache and label is built for one
// database and one language.
func relauncher(ctx context.Context, a fyne.App, current string) func(db string, create bool) error {
	return func(db string, create bool) error {
		if db == "" {
			db = current
		}
		if create {
			if _, err := os.Stat(db); err == nil {
				return fmt.Errorf("tệp %s đã có; chọn tên khác (the file already exists)", db)
			}
			if _, err := ward.Create(ctx, db, false); err != nil {
				return err
			}
		}
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		cmd := exec.Command(exe, "--db", db)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("không mở lại được wardmap (could not restart): %w", err)
		}
		ward.RememberDB(db)
		a.Quit()
		return nil
	}
}
