package app

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
)

// searchLimit caps the results listed; searchDelay is how long typing
// must pause before the search runs (each key used to wait for Enter).
const (
	searchLimit = 50
	searchDelay = 300 * time.Millisecond
)

// SearchPanel is the search box (Ctrl+F) and its results; choosing a
// result zooms the map to it and selects it. It searches as one types,
// off the UI thread, and each row says which one it is (see describe).
//
// The results replace the side tabs while they are shown (Results over
// the tabs in one Stack) rather than pushing the tabs down: a list
// growing inside a VBox raised the window's minimum height, and the
// window grew by itself after a search (800 → 843 px).
type SearchPanel struct {
	w       *Window
	Entry   *widget.Entry
	Clear   *widget.Button
	Results *widget.List
	Info    *widget.Label
	found   []*gis.Feature
	detail  []string
	// Panel holds Info and Results; it covers the side tabs while shown.
	Panel *fyne.Container
	obj   fyne.CanvasObject

	mu     sync.Mutex
	timer  *time.Timer
	cancel context.CancelFunc
	seq    uint64
	jobs   sync.WaitGroup
}

func newSearchPanel(w *Window) *SearchPanel {
	p := &SearchPanel{w: w}
	p.Entry = widget.NewEntry()
	p.Entry.SetPlaceHolder(w.tr.T("search.placeholder"))
	p.Entry.OnSubmitted = func(s string) { p.schedule(s, 0) }
	p.Entry.OnChanged = func(s string) { p.schedule(s, searchDelay) }
	p.Clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), p.ClearSearch)
	p.Clear.Importance = widget.LowImportance
	p.Entry.ActionItem = p.Clear
	p.Info = widget.NewLabel("")
	p.Info.Wrapping = fyne.TextWrapWord
	p.Results = widget.NewList(p.length, p.createItem, p.updateItem)
	p.Results.OnSelected = p.onSelected
	p.Panel = container.NewBorder(p.Info, nil, nil, nil, p.Results)
	p.Panel.Hide()
	p.obj = p.Entry
	return p
}

func (p *SearchPanel) length() int { return len(p.found) }

func (p *SearchPanel) createItem() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Wrapping = fyne.TextWrapWord
	return container.NewVBox(title, detail)
}

func (p *SearchPanel) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.found) {
		return
	}
	f := p.found[i]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(gis.MustLookup(f.Kind).Label.In(p.w.tr.Lang) + ": " + f.Title(p.w.tr.Lang))
	d := box.Objects[1].(*widget.Label)
	d.SetText(p.detail[i])
	d.Hidden = p.detail[i] == ""
	p.Results.SetItemHeight(i, box.MinSize().Height)
}

// Found returns the features of the last search; Details what each row
// says of its feature beyond the title.
func (p *SearchPanel) Found() []*gis.Feature { return p.found }
func (p *SearchPanel) Details() []string     { return p.detail }

// schedule runs a search of text after delay, cancelling the one waiting
// or running: only the newest text's results are ever shown.
func (p *SearchPanel) schedule(text string, delay time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil && p.timer.Stop() {
		p.jobs.Done() // the stopped search never runs
	}
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.jobs.Add(1)
	p.timer = time.AfterFunc(delay, func() {
		defer p.jobs.Done()
		defer p.w.offUIThread()()
		if ctx.Err() == nil {
			_ = p.Run(ctx, text)
		}
	})
}

// Wait waits for the searches scheduled so far (tests).
func (p *SearchPanel) Wait() { p.jobs.Wait() }

// ClearSearch empties the box and hides the results.
func (p *SearchPanel) ClearSearch() {
	p.mu.Lock()
	if p.cancel != nil {
		p.cancel()
	}
	p.seq++
	p.mu.Unlock()
	p.Entry.OnChanged = nil
	p.Entry.SetText("")
	p.Entry.OnChanged = func(s string) { p.schedule(s, searchDelay) }
	p.show(nil, nil, "")
}

// Run searches off the UI thread and shows the results inside fyne.Do.
// Tests call it directly.
func (p *SearchPanel) Run(ctx context.Context, text string) error {
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.mu.Unlock()
	text = strings.TrimSpace(text)
	if text == "" {
		fyne.Do(func() { p.show(nil, nil, "") })
		return nil
	}
	fs, err := p.w.deps.Store.Search(ctx, text, searchLimit)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		p.w.showError(err)
		return err
	}
	detail := make([]string, len(fs))
	for i, f := range fs {
		if ctx.Err() != nil {
			return nil
		}
		detail[i] = p.w.describe(ctx, f)
	}
	info := p.w.tr.T("search.count_n", len(fs))
	if len(fs) == 1 {
		info = p.w.tr.T("search.count_one")
	}
	if len(fs) == 0 {
		info = p.w.tr.T("search.none", text)
	}
	fyne.Do(func() {
		p.mu.Lock()
		stale := seq != p.seq
		p.mu.Unlock()
		if !stale {
			p.show(fs, detail, info)
		}
	})
	return nil
}

// show puts results on screen; no info hides the panel.
func (p *SearchPanel) show(fs []*gis.Feature, detail []string, info string) {
	p.found, p.detail = fs, detail
	p.Info.SetText(info)
	if info == "" {
		p.Panel.Hide()
		if p.w.Tabs != nil {
			p.w.Tabs.Show()
		}
	} else {
		p.Panel.Show()
		if p.w.Tabs != nil {
			p.w.Tabs.Hide() // the results take the tabs' place until cleared
			p.w.tabFit.hideTip()
		}
	}
	p.Results.UnselectAll()
	p.Results.Refresh()
	p.Results.ScrollToTop()
}

// onSelected zooms to the result and selects it.
func (p *SearchPanel) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(p.found) {
		return
	}
	f := p.found[i]
	p.w.leaveRecord(func() { p.w.showFeature(f) })
}
