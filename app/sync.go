package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
)

// SyncStore is what the sync button needs: the laptop's outbox and open
// conflicts, one sync with the ward server, a login, and resolving a
// conflict. cmd/internal/desktop implements it with the code of `wardmap
// sync`, `wardmap login` and `wardmap conflicts`; Deps.Sync nil hides the
// button.
type SyncStore interface {
	// SyncStatus reads the counts and the last sync without the network.
	SyncStatus(ctx context.Context) (SyncStatus, error)
	// Sync pushes the outbox and pulls what is new, reporting as it goes
	// (progress is called off the UI thread). A sync cut anywhere loses
	// nothing. Errors: gis.EUNAUTHORIZED when there is no server or no
	// valid login for it, ErrOffline when the server cannot be reached.
	Sync(ctx context.Context, progress func(SyncProgress)) (SyncSummary, error)
	// Login signs user in at server and keeps the token; the next Sync
	// goes to that server.
	Login(ctx context.Context, server, user, password string) error
	// Conflicts lists the open conflicts, oldest first.
	Conflicts(ctx context.Context) ([]SyncConflict, error)
	// Resolve settles a conflict as user: KeepMine, TakeTheirs, or
	// EditValue with value as typed (parsed as the field's type).
	Resolve(ctx context.Context, user, id string, choice Resolution, value string) error
}

// ErrOffline marks a sync that could not reach the ward server.
var ErrOffline = errors.New("app: the ward server cannot be reached")

// SyncStatus is the laptop's side of sync as the status bar shows it.
type SyncStatus struct {
	Pending   int // operations waiting for the server
	Conflicts int // open conflicts
	// LastSync is when the last complete sync ended (zero: never).
	LastSync time.Time
	// Server is where the next sync goes; User is its saved login ("" when
	// none or expired).
	Server, User string
}

// SyncSummary is what one sync did.
type SyncSummary struct {
	Pushed, Applied, Conflicts, Rejected int
	Pulled                               int
	PhotosUp, PhotosDown                 int
}

// Sync stages, as SyncProgress.Stage.
const (
	StagePush       = "push"
	StagePhotosUp   = "photos-up"
	StagePull       = "pull"
	StagePhotosDown = "photos-down"
	// StageRetry: the network failed; attempt Retry follows after Wait.
	StageRetry = "retry"
)

// SyncProgress is one step of a running sync.
type SyncProgress struct {
	Stage   string
	Summary SyncSummary
	Retry   int
	Wait    time.Duration
	Err     error
}

// Resolution is a person's choice for a conflict.
type Resolution string

// The three ways to settle a conflict.
const (
	KeepMine   Resolution = "mine"
	TakeTheirs Resolution = "theirs"
	EditValue  Resolution = "edit"
)

// Special conflict fields: a refused operation, the geometry, the deletion.
const (
	ConflictRefused = "*"
	ConflictGeom    = "geom"
	ConflictDeleted = "deleted"
)

// SyncConflict is a field changed here and on the server, or (Field
// ConflictRefused) an operation the server refused with Message. Mine and
// Theirs hold the field's values as gis.Feature.Attrs holds them (the
// geometry as an orb.Geometry, the deletion as a bool; nil: no value).
type SyncConflict struct {
	ID        string
	Kind      gis.Kind
	RecordID  string
	Field     string
	Mine      any
	Theirs    any
	TheirsBy  string
	TheirsRev int64
	Message   string
	// Record is the record as it is on this laptop (nil when unknown).
	Record *gis.Feature
}

// SyncPanel is the sync button at the top right of the window: the count
// of changes waiting to be sent, the last sync time, progress while it
// runs, and a button for the open conflicts.
type SyncPanel struct {
	Button       *widget.Button // "Đồng bộ (12)"
	ConflictsBtn *widget.Button // "Xung đột (2)", hidden when none
	Last         *widget.Label  // "lần cuối 14:05", or the stage while running
	Progress     *widget.ProgressBarInfinite
	CancelBtn    *widget.Button
	// Status is the last status read.
	Status SyncStatus
	// LastSummary and LastError are the texts of the last sync's
	// summary or error dialog (for tests).
	LastSummary, LastError string
	// Conflicts is the conflict dialog while it is open; Login the login
	// dialog's form.
	Conflicts *ConflictDialog
	Login     *LoginForm

	w       *Window
	ss      SyncStore
	obj     *fyne.Container
	running bool
	cancel  context.CancelFunc
	// reads numbers the status reads; shown is the newest one shown, so a
	// slow read never overwrites a newer count (the count went stale).
	reads, shown atomic.Int64
	stop         chan struct{}
}

// startPolling reads the status every Deps.SyncPoll until stopPolling:
// writes that do not pass through the edit history (a GPX import, an
// indicator figure, a conflict settled) queue changes too, and the count
// on the button must follow them.
func (p *SyncPanel) startPolling() {
	pollEvery := p.w.deps.SyncPoll
	if p == nil || p.ss == nil || p.stop != nil || pollEvery <= 0 {
		return
	}
	p.stop = make(chan struct{})
	stop := p.stop
	go func() {
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if err := p.Reload(context.Background()); err != nil {
					slog.Warn("sync status", "err", err)
				}
			}
		}
	}()
}

// stopPolling ends startPolling's reads.
func (p *SyncPanel) stopPolling() {
	if p != nil && p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
}

func newSyncPanel(w *Window) *SyncPanel {
	t := w.tr.T
	p := &SyncPanel{w: w, ss: w.deps.Sync}
	p.Button = &widget.Button{Text: t("sync.button", 0), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: p.onSync}
	p.ConflictsBtn = &widget.Button{Icon: theme.WarningIcon(), Importance: widget.WarningImportance, OnTapped: p.ShowConflicts}
	p.ConflictsBtn.Hide()
	p.Last = widget.NewLabel(t("sync.never"))
	p.Progress = widget.NewProgressBarInfinite()
	p.Progress.Stop()
	p.Progress.Hide()
	p.CancelBtn = &widget.Button{Text: t("sync.stop"), Icon: theme.CancelIcon(), OnTapped: p.Cancel}
	p.CancelBtn.Hide()
	bar := container.NewGridWrap(fyne.NewSize(90, p.Progress.MinSize().Height), p.Progress)
	p.obj = container.NewHBox(container.NewCenter(bar), p.Last, p.ConflictsBtn, p.Button, p.CancelBtn)
	if p.ss == nil {
		p.obj.Hide()
		return p
	}
	w.background(p.Reload)
	return p
}

// menuItems are the File menu's Sync (Ctrl+Shift+S), Conflicts and Log in
// to the server (to change the server or the user); none without a store.
func (p *SyncPanel) menuItems() []*fyne.MenuItem {
	if p.ss == nil {
		return nil
	}
	t := p.w.tr.T
	sync := fyne.NewMenuItem(t("menu.sync"), p.onSync)
	sync.Shortcut = syncShortcut
	if p.w.win != nil {
		p.w.win.Canvas().AddShortcut(syncShortcut, func(fyne.Shortcut) { p.onSync() })
	}
	return []*fyne.MenuItem{
		fyne.NewMenuItemSeparator(),
		sync,
		fyne.NewMenuItem(t("menu.conflicts"), p.ShowConflicts),
		fyne.NewMenuItem(t("menu.login"), func() { p.ShowLogin(t("login.change")) }),
	}
}

var syncShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// Object is the panel's widget.
func (p *SyncPanel) Object() fyne.CanvasObject { return p.obj }

// Reload reads the counts and the last sync time again.
func (p *SyncPanel) Reload(ctx context.Context) error {
	if p == nil || p.ss == nil {
		return nil
	}
	n := p.reads.Add(1)
	st, err := p.ss.SyncStatus(ctx)
	if err != nil {
		return fmt.Errorf("sync status: %w", err)
	}
	fyne.Do(func() {
		if n < p.shown.Load() {
			return // a newer read is already shown
		}
		p.shown.Store(n)
		p.setStatus(st)
	})
	return nil
}

// changed refreshes the counts after a local edit.
func (p *SyncPanel) changed() {
	if p == nil || p.ss == nil {
		return
	}
	p.w.jobs.Add(1)
	go func() {
		defer p.w.jobs.Done()
		if err := p.Reload(context.Background()); err != nil {
			slog.Warn("sync status", "err", err)
		}
	}()
}

func (p *SyncPanel) setStatus(st SyncStatus) {
	t := p.w.tr.T
	p.Status = st
	p.Button.SetText(t("sync.button", st.Pending))
	if st.Conflicts > 0 {
		p.ConflictsBtn.SetText(t("sync.conflicts", st.Conflicts))
		p.ConflictsBtn.Show()
	} else {
		p.ConflictsBtn.Hide()
	}
	if !p.running {
		p.Last.SetText(p.lastText(st.LastSync))
	}
}

// lastText is "lần cuối 14:05" today, with the date on other days.
func (p *SyncPanel) lastText(at time.Time) string {
	if at.IsZero() {
		return p.w.tr.T("sync.never")
	}
	at = at.In(gis.VietnamTime) // the ward's clock, whatever the laptop's zone
	now := p.w.deps.Now().In(gis.VietnamTime)
	s := at.Format("15:04")
	if y, m, d := now.Date(); at.Year() != y || at.Month() != m || at.Day() != d {
		s = at.Format("02/01/2006 15:04")
	}
	return p.w.tr.T("sync.last", s)
}

// Running says whether a sync is under way.
func (p *SyncPanel) Running() bool { return p.running }

// Cancel stops the running sync; what it finished is kept.
func (p *SyncPanel) Cancel() {
	if p.cancel != nil {
		p.cancel()
	}
}

// onSync starts a sync off the UI thread; the button stays disabled until
// it ends, with its progress beside it.
func (p *SyncPanel) onSync() {
	if p.ss == nil || p.running {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.running, p.cancel = true, cancel
	p.Button.Disable()
	p.Progress.Show()
	p.Progress.Start()
	p.CancelBtn.Show()
	p.Last.SetText(p.w.tr.T("sync.starting"))
	p.w.jobs.Add(1)
	go func() {
		defer p.w.jobs.Done()
		defer cancel()
		sum, err := p.ss.Sync(ctx, func(pr SyncProgress) {
			text := p.progressText(pr)
			fyne.Do(func() { p.Last.SetText(text) })
		})
		st, serr := p.ss.SyncStatus(context.Background())
		fyne.Do(func() {
			p.running, p.cancel = false, nil
			p.Progress.Stop()
			p.Progress.Hide()
			p.CancelBtn.Hide()
			p.Button.Enable()
			if serr == nil {
				p.setStatus(st)
			} else {
				p.Last.SetText(p.lastText(p.Status.LastSync))
			}
			p.w.remoteChanged()
			p.finished(sum, err, st)
		})
	}()
}

func (p *SyncPanel) progressText(pr SyncProgress) string {
	t := p.w.tr.T
	s := pr.Summary
	switch pr.Stage {
	case StagePush:
		return t("sync.stage_push", s.Pushed)
	case StagePhotosUp:
		return t("sync.stage_photos_up", s.PhotosUp)
	case StagePull:
		return t("sync.stage_pull", s.Pulled)
	case StagePhotosDown:
		return t("sync.stage_photos_down", s.PhotosDown)
	case StageRetry:
		return t("sync.stage_retry", pr.Retry, pr.Wait.Round(time.Second/10))
	}
	return t("sync.starting")
}

// summaryText says what a sync did.
func (p *SyncPanel) summaryText(s SyncSummary) string {
	t := p.w.tr.T
	text := t("sync.summary", s.Pushed, s.Pulled, s.PhotosUp, s.PhotosDown)
	if s.Conflicts > 0 {
		text += "\n" + t("sync.summary_conflicts", s.Conflicts)
	}
	if s.Rejected > 0 {
		text += "\n" + t("sync.summary_rejected", s.Rejected)
	}
	return text
}

// finished tells the user how the sync ended: the summary, the login
// form when the server wants one, or why it stopped and that nothing was
// lost.
func (p *SyncPanel) finished(sum SyncSummary, err error, st SyncStatus) {
	t := p.w.tr.T
	switch {
	case err == nil:
		p.LastSummary, p.LastError = p.summaryText(sum), ""
		if st.Conflicts > 0 {
			p.LastSummary += "\n" + t("sync.open_conflicts", st.Conflicts)
			if p.w.win != nil {
				dialog.ShowCustomConfirm(t("sync.done_title"), t("sync.show_conflicts"), t("sync.close"),
					wrapped(p.LastSummary), func(ok bool) {
						if ok {
							p.ShowConflicts()
						}
					}, p.w.win)
			}
			return
		}
		p.message(t("sync.done_title"), p.LastSummary)
	case errors.Is(err, context.Canceled):
		p.LastError = t("sync.cancelled", st.Pending)
		p.message(t("sync.failed_title"), p.LastError)
	case gis.ErrorCode(err) == gis.EUNAUTHORIZED:
		p.LastError = err.Error()
		p.ShowLogin(err.Error())
	case errors.Is(err, ErrOffline) || isNetwork(err):
		p.LastError = t("sync.unreachable", serverName(st.Server), st.Pending)
		p.message(t("sync.failed_title"), p.LastError)
	default:
		p.LastError = t("sync.failed", p.w.plainError(err), st.Pending)
		p.message(t("sync.failed_title"), p.LastError)
	}
	if err != nil {
		slog.Warn("sync", "err", err)
	}
}

func (p *SyncPanel) message(title, text string) {
	if p.w.win == nil {
		return
	}
	dialog.NewCustom(title, p.w.tr.T("button.ok"), wrapped(text), p.w.win).Show()
}

// wrapped is a text that wraps in a dialog of reasonable width.
func wrapped(text string) fyne.CanvasObject {
	lb := widget.NewLabel(text)
	lb.Wrapping = fyne.TextWrapWord
	return container.NewGridWrap(fyne.NewSize(460, 150), lb)
}

// remoteChanged shows what a sync or a resolution wrote: the map, the
// counts, and the selected record unless it has unsaved edits.
func (w *Window) remoteChanged() {
	w.Map.Redraw()
	w.Inspector.reloadKeepingEdits()
	if w.deps.Counts != nil {
		w.background(w.Refresh)
	}
}

// reloadKeepingEdits reads the selected record again. When its form holds
// changes not yet saved, the form is rebuilt from the fresh record with
// those changes on top, so that Save neither loses them nor writes back
// the stale values of fields someone else changed.
func (in *Inspector) reloadKeepingEdits() {
	if in.Selected == nil || in.New || in.Inspection != nil || in.Form == nil {
		return
	}
	edited := clone(in.Selected)
	if !in.Form.Apply(edited) {
		return // a field does not parse: leave the user's typing alone
	}
	var changed []string
	for _, fd := range in.Form.Schema.Fields {
		if !fd.Computed && !sameValue(edited.Attrs[fd.Name], in.Selected.Attrs[fd.Name]) {
			changed = append(changed, fd.Name)
		}
	}
	if len(changed) == 0 {
		in.reload()
		return
	}
	fresh, err := in.w.deps.Store.Get(context.Background(), in.Selected.Kind, in.Selected.ID)
	if err != nil || fresh == nil || fresh.Deleted {
		return
	}
	merged := clone(fresh)
	for _, name := range changed {
		if v := edited.Attrs[name]; v == nil {
			delete(merged.Attrs, name)
		} else {
			merged.Attrs[name] = v
		}
	}
	in.show(merged, false)
	in.Selected = fresh
}

func sameValue(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return a == b
}
