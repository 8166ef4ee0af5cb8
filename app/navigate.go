package app

import "fyne.io/fyne/v2"

// leaveRecord runs then, which moves away from the record in the form (a
// search result chosen, a side tab switched from the keyboard). It is the
// one place where a guard on unsaved edits belongs: at merge, its body
// becomes the edit panel's confirmDiscard(then).
func (w *Window) leaveRecord(then func()) { then() }

// ShowTab switches the side panel to tab i (TabLayers…TabIndicators), as
// Ctrl+1…Ctrl+4 do; the panel opens again if it was collapsed.
func (w *Window) ShowTab(i int) {
	if w.Tabs == nil || i < 0 || i >= len(w.Tabs.Items) {
		return
	}
	w.leaveRecord(func() {
		if w.Search.Panel.Visible() {
			w.Search.ClearSearch()
		}
		w.Tabs.SelectIndex(i)
	})
}

// tabShortcuts are Ctrl+1…Ctrl+4 for the side tabs Lớp, Kế hoạch, Phản
// ánh and Chỉ tiêu.
func (w *Window) tabShortcuts() []shortcut {
	var out []shortcut
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4} {
		out = append(out, shortcut{ctrl(k), func(fyne.Shortcut) { w.ShowTab(i) }})
	}
	return out
}
