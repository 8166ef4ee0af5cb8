package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// inboxListShare is the inbox list's share of the panel's height, above
// the detail (which scrolls). With the filters always open, at 1024×700
// the list showed about three cases; folded into one line, the list
// shows seven or more.
const inboxListShare = 0.72

// filters is the head of the inbox: the filters folded under one line
// whose title says how many are on, the count of cases and what the
// hotspots are. One control a row inside: two selects or two buttons
// abreast were wider than the side panel at 1024×700 (and so was the
// reload button beside the folded line: the checks' row is ~230 px).
func (b *Inbox) filters() fyne.CanvasObject {
	b.Filters = widget.NewAccordion(widget.NewAccordionItem("", container.NewVBox(
		b.KindSel, b.StatusSel,
		container.NewBorder(nil, nil, nil, b.ReloadBtn, b.UnitSel),
		container.NewHBox(b.OverdueChk, b.HotspotChk),
	)))
	b.titleFilters()
	return container.NewVBox(
		b.Filters,
		b.Count,
		b.HotspotInfo,
	)
}

// titleFilters names the folded filters with the number of those on, so
// that a list narrowed by a filter out of sight says so.
func (b *Inbox) titleFilters() {
	if b.Filters == nil {
		return
	}
	on := 0
	for _, set := range []bool{b.KindSel.SelectedIndex() > 0, b.StatusSel.SelectedIndex() > 0,
		b.UnitSel.SelectedIndex() > 0, b.OverdueChk.Checked, b.HotspotChk.Checked} {
		if set {
			on++
		}
	}
	title := b.w.tr.T("inbox.filters")
	if on > 0 {
		title = b.w.tr.T("inbox.filters_on", on)
	}
	if it := b.Filters.Items[0]; it.Title != title {
		it.Title = title
		b.Filters.Refresh()
	}
}
