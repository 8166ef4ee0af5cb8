package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// searchLimit caps the results listed.
const searchLimit = 50

// SearchPanel is the search box (Ctrl+F) and its results; choosing a
// result zooms the map to it and selects it.
type SearchPanel struct {
	w       *Window
	Entry   *widget.Entry
	Results *widget.List
	Info    *widget.Label
	found   []*gis.Feature
	list    *fyne.Container
	obj     fyne.CanvasObject
}

func newSearchPanel(w *Window) *SearchPanel {
	p := &SearchPanel{w: w}
	p.Entry = widget.NewEntry()
	p.Entry.SetPlaceHolder(w.tr.T("search.placeholder"))
	p.Entry.OnSubmitted = func(s string) { go p.Run(context.Background(), s) }
	p.Info = widget.NewLabel("")
	p.Info.Wrapping = fyne.TextWrapWord
	p.Results = widget.NewList(p.length, p.createItem, p.updateItem)
	p.Results.OnSelected = p.onSelected
	p.list = container.NewGridWrap(fyne.NewSize(240, 180), p.Results)
	p.list.Hide()
	p.Info.Hide()
	p.obj = container.NewVBox(p.Entry, p.Info, p.list)
	return p
}

func (p *SearchPanel) length() int                   { return len(p.found) }
func (p *SearchPanel) createItem() fyne.CanvasObject { return widget.NewLabel("") }
func (p *SearchPanel) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	f := p.found[i]
	o.(*widget.Label).SetText(gis.MustLookup(f.Kind).Label.In(p.w.tr.Lang) + ": " + f.Title(p.w.tr.Lang))
}

// Found returns the features of the last search.
func (p *SearchPanel) Found() []*gis.Feature { return p.found }

// Run searches off the UI thread and shows the results inside fyne.Do.
// Tests call it directly.
func (p *SearchPanel) Run(ctx context.Context, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		fyne.Do(func() { p.found = nil; p.Info.Hide(); p.list.Hide(); p.Results.Refresh() })
		return nil
	}
	fs, err := p.w.deps.Store.Search(ctx, text, searchLimit)
	if err != nil {
		p.w.showError(err)
		return err
	}
	info := p.w.tr.T("search.count", len(fs))
	if len(fs) == 0 {
		info = p.w.tr.T("search.none", text)
	}
	fyne.Do(func() {
		p.found = fs
		p.Info.SetText(info)
		p.Info.Show()
		if len(fs) > 0 {
			p.list.Show()
		} else {
			p.list.Hide()
		}
		p.Results.UnselectAll()
		p.Results.Refresh()
	})
	return nil
}

// onSelected zooms to the result and selects it.
func (p *SearchPanel) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(p.found) {
		return
	}
	f := p.found[i]
	if f.Geom != nil {
		b := f.Geom.Bound()
		if _, ok := f.Geom.(orb.Point); ok {
			v := p.w.Map.View()
			v.Center, v.Zoom = b.Center(), 19
			p.w.Map.SetView(v)
		} else {
			p.w.Map.ShowBound(b.Pad(0.0002), 19)
		}
	}
	p.w.Inspector.Select(f)
}
