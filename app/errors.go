package app

import (
	"context"
	"errors"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
)

// userMessage says what went wrong and what to do about it, by the error's
// code (gis.ErrorCode).
func (w *Window) userMessage(err error) (title, msg string) {
	hint := "error.hint_internal"
	switch gis.ErrorCode(err) {
	case gis.EINVALID:
		hint = "error.hint_invalid"
	case gis.ENOTFOUND:
		hint = "error.hint_notfound"
	case gis.ECONFLICT:
		hint = "error.hint_conflict"
	case gis.EFORBIDDEN, gis.EUNAUTHORIZED:
		hint = "error.hint_forbidden"
	}
	if errors.Is(err, context.Canceled) {
		hint = "error.hint_cancelled"
	}
	return w.tr.T("error.title"), err.Error() + "\n\n" + w.tr.T(hint)
}

// showError is the one way errors reach the user: a dialog that says what
// happened and what to do. It may be called from any goroutine.
func (w *Window) showError(err error) {
	if err == nil {
		return
	}
	title, msg := w.userMessage(err)
	slog.Warn("error shown", "err", err)
	fyne.Do(func() {
		w.LastError = msg
		if w.win == nil {
			return
		}
		lb := widget.NewLabel(msg)
		lb.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom(title, w.tr.T("button.ok"), container.NewGridWrap(fyne.NewSize(420, 140), lb), w.win)
		d.Show()
	})
}

// info shows a message.
func (w *Window) info(title, msg string) {
	fyne.Do(func() {
		if w.win != nil {
			dialog.ShowInformation(title, msg, w.win)
		}
	})
}

// runLong runs work off the UI thread behind a progress dialog with a
// Cancel button; work reports its progress from 0 to 1. done runs on the
// UI thread after success. Wait waits for it (tests).
func (w *Window) runLong(title string, work func(ctx context.Context, progress func(float64)) error, done func()) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	var d dialog.Dialog
	if w.win != nil {
		d = dialog.NewCustom(title, w.tr.T("button.cancel"), container.NewGridWrap(fyne.NewSize(320, 40), bar), w.win)
		d.SetOnClosed(cancel)
		d.Show()
	}
	w.jobs.Add(1)
	go func() {
		defer w.jobs.Done()
		defer cancel()
		err := work(ctx, func(f float64) { fyne.Do(func() { bar.SetValue(f) }) })
		fyne.Do(func() {
			if d != nil {
				d.Hide()
			}
		})
		if err != nil {
			w.showError(err)
			return
		}
		if done != nil {
			fyne.Do(done)
		}
	}()
}

// Wait waits for the long work started so far.
func (w *Window) Wait() { w.jobs.Wait() }
