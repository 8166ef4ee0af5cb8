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
func (w *Window) sideTabs(layers fyne.CanvasObject) *container.AppTabs {
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
	tabs.OnSelected = func(ti *container.TabItem) {
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
	return tabs
}

// background runs a quick read off the UI thread and shows its error;
// Wait waits for it.
func (w *Window) background(fn func(ctx context.Context) error) {
	w.jobs.Add(1)
	go func() {
		defer w.jobs.Done()
		w.showError(fn(context.Background()))
	}()
}
