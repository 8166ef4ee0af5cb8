package app

import "fyne.io/fyne/v2"

// leaveRecord runs then, which moves away from the record in the form (a
// search result chosen), once the person has saved or discarded unsaved
// edits: with "Ở lại" nothing happens, not even the map's zoom to the result.
func (w *Window) leaveRecord(then func()) { w.ConfirmDiscard(then) }

// ShowTab switches the side panel to tab i (TabLayers…TabIndicators), as
// Ctrl+1…Ctrl+4 do; the panel opens again if it was collapsed. It asks
// nothing: the record and its unsaved edits stay in the edit panel, which
// is not one of the tabs (a click on a tab header does the same).
func (w *Window) ShowTab(i int) {
	if w.Tabs == nil || i < 0 || i >= len(w.Tabs.Items) {
		return
	}
	if w.Search.Panel.Visible() {
		w.Search.ClearSearch()
	}
	w.Tabs.SelectIndex(i)
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
