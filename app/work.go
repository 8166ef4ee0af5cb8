package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Side-panel tabs.
const (
	TabLayers = iota
	TabPlanner
	TabInbox
	TabIndicators
)

// sideTabs puts the layer list, the inspection planner and the inbox of
// reports and violations in tabs; the inbox is read when its tab opens.
func (w *Window) sideTabs(layers fyne.CanvasObject) fyne.CanvasObject {
	t := w.tr.T
	// Each tab scrolls: AppTabs is as tall and wide as its largest tab,
	// and the indicators tab's height (or the inbox's width) became the
	// window's minimum, so the window grew by itself (700 → 746 px) and
	// the side panel could not be narrower than 440 px.
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(t("tab.layers"), theme.ListIcon(), container.NewScroll(layers)),
		container.NewTabItemWithIcon(t("tab.planner"), theme.CalendarIcon(), container.NewScroll(w.Planner.Object())),
		container.NewTabItemWithIcon(t("tab.inbox"), theme.MailComposeIcon(), container.NewScroll(w.Inbox.Object())),
		container.NewTabItemWithIcon(t("tab.indicators"), theme.GridIcon(), container.NewScroll(w.Dashboard.Object())),
	)
	w.tabFit = fitTabs(tabs, true)
	tabs.OnSelected = func(ti *container.TabItem) {
		w.tabFit.relabel()
		w.set.SetSideTab(tabs.SelectedIndex())
		w.Dashboard.setShown(tabs.SelectedIndex() == TabIndicators)
		switch tabs.SelectedIndex() {
		case TabPlanner:
			if len(w.Planner.due) == 0 && w.Planner.ps != nil {
				w.Planner.onLoad()
			}
		case TabInbox:
			w.background(w.Inbox.Reload)
		}
	}
	w.Tabs = tabs
	if i := w.set.SideTab(); i > 0 && i < len(tabs.Items) {
		tabs.SelectIndex(i) // the tab last shown
	}
	return w.tabFit.Object()
}

// background runs a quick read off the UI thread and shows its error;
// Wait waits for it.
func (w *Window) background(fn func(ctx context.Context) error) {
	w.jobs.Add(1)
	go func() {
		defer w.jobs.Done()
		defer w.offUIThread()()
		w.showError(fn(context.Background()))
	}()
}

// offUIThread marks a goroutine's work off the UI thread until the
// function it returns is called; Act waits for such work.
//
// The app's goroutines update widgets through fyne.Do, which the real
// driver queues for the UI thread. Fyne's test driver runs it at once on
// the calling goroutine, so a background reload would lay widgets out
// while a test taps others: Fyne's caches are plain maps, and the race
// crashed the desktop's tests ("concurrent map read and map write" in
// Inbox.apply). In the app nothing takes the gate exclusively, so this
// read lock is never contended there.
func (w *Window) offUIThread() (done func()) {
	w.gate.RLock()
	return w.gate.RUnlock
}

// Act runs fn as the UI thread runs an event handler: it starts once no
// background work is running, and background work started meanwhile
// (by a Select's OnChanged, say) waits until fn returns. Tests wrap in
// it the taps and typing that start background work; fn must not call
// Wait.
func (w *Window) Act(fn func()) {
	w.gate.Lock()
	defer w.gate.Unlock()
	fn()
}
