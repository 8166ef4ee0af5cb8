package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"syscall"

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
	if isNetwork(err) {
		return w.tr.T("error.title"), w.tr.T("error.network")
	}
	return w.tr.T("error.title"), w.plainError(err) + "\n\n" + w.tr.T(hint)
}

// isNetwork reports whether err is the network failing (no route, refused,
// timed out, name not found) rather than something the server said.
func isNetwork(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	var ue *url.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &ue) || errors.As(err, &oe) || errors.Is(err, syscall.ECONNREFUSED)
}

// plainError is an error's text for a person: a gis.Error's own message,
// with the wrapping of Go calls ("gpkg: write …: ") left to the log.
func (w *Window) plainError(err error) string {
	var ge *gis.Error
	if errors.As(err, &ge) {
		return ge.Message
	}
	var ve gis.ValidationErrors
	if errors.As(err, &ve) {
		var lines []string
		for _, e := range ve {
			msg := e.VI
			if w.tr.Lang == "en" {
				msg = e.EN
			}
			name := e.Field
			if e.Label.VI != "" {
				name = e.Label.In(w.tr.Lang)
			}
			lines = append(lines, name+": "+msg)
		}
		return strings.Join(lines, "\n")
	}
	return err.Error()
}

// serverName is the server's address without its scheme, or a word for
// "the ward server" when none is set.
func serverName(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	if s == "" {
		return "—"
	}
	return s
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
		defer w.offUIThread()()
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
