package app

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wardmap/app/settings"
)

// tabBar is what Fyne lays out in the side tabs' bar: each tab button's
// box (relative to the tabs) and whether the "…" overflow button shows.
func tabBar(tabs *container.AppTabs) (buttons []fyne.Position, overflow bool) {
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if other, ok := o.(*container.AppTabs); !o.Visible() || ok && other != tabs {
			return // hidden, or the tabs of a tab's content
		}
		at = at.Add(o.Position())
		if fmt.Sprintf("%T", o) == "*container.tabButton" {
			buttons = append(buttons, at, at.Add(o.Size()))
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.MoreHorizontalIcon().Name() && at.Y < 5 {
			overflow = true
		}
		var kids []fyne.CanvasObject
		switch o := o.(type) {
		case *fyne.Container:
			kids = o.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(o).Objects()
		}
		if o == tabs { // the tabs' own position is the origin
			at = fyne.Position{}
		}
		for _, k := range kids {
			walk(k, at)
		}
	}
	walk(tabs, fyne.Position{})
	return buttons, overflow
}

// At 1024 px the side panel (~256 px) put "Chỉ tiêu" (Ctrl+4) behind a
// "…" menu: every tab must be in the bar, in Vietnamese and in English, at
// 1024 and 1600 px, whichever tab is chosen; the chosen one keeps its
// label, and the tip under the pointer names any of them.
func TestSideTabsAllVisible(t *testing.T) {
	for _, lang := range []string{settings.Vietnamese, settings.English} {
		t.Run(lang, func(t *testing.T) {
			f := newFixtureWith(t, func(_ *fakeStore, d *Deps) { d.Settings.SetLang(lang) })
			for _, sz := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1600, Height: 1000}} {
				f.win.Resize(sz)
				for _, tab := range []int{TabIndicators, TabLayers, TabInbox, TabPlanner} {
					f.w.ShowTab(tab)
					f.w.Wait()
					f.checkTabs(t, fmt.Sprintf("%v, tab %d", sz, tab+1), tab)
				}
			}
			// 1600 px has room for every label; 1024 px does not
			f.win.Resize(fyne.NewSize(1600, 1000))
			if width := f.w.Tabs.Size().Width; f.w.tabFit.Compact() && f.w.tabFit.barWidth(-1) <= width {
				t.Errorf("the labels fit in %.0f px but are hidden", width)
			}
			f.win.Resize(fyne.NewSize(1024, 700))
			if !f.w.tabFit.Compact() {
				t.Errorf("at 1024 px the tabs (%.0f px) show every label", f.w.Tabs.Size().Width)
			}
			// the tips: over each button its label and shortcut, none
			// below the bar
			bs, _ := tabBar(f.w.Tabs)
			for i := 0; i < len(bs)/2; i++ {
				mid := fyne.NewPos((bs[2*i].X+bs[2*i+1].X)/2, (bs[2*i].Y+bs[2*i+1].Y)/2)
				test.MoveMouse(f.win.Canvas(), absPos(f.w.tabFit.obj).Add(mid))
				want := fmt.Sprintf("%s (Ctrl+%d)", f.w.tabFit.labels[i], i+1)
				if got := f.w.tabFit.tips.Shown(); got != want {
					t.Errorf("over tab %d the tip reads %q, want %q", i+1, got, want)
				}
			}
			test.MoveMouse(f.win.Canvas(), absPos(f.w.tabFit.obj).Add(fyne.NewPos(20, bs[1].Y+60)))
			if got := f.w.tabFit.tips.Shown(); got != "" {
				t.Errorf("under the bar a tip %q", got)
			}
			// a search's results take the tabs' place: the tip goes with
			// them, though the pointer stays where it was
			test.MoveMouse(f.win.Canvas(), absPos(f.w.tabFit.obj).Add(fyne.NewPos((bs[0].X+bs[1].X)/2, bs[1].Y/2)))
			if f.w.tabFit.tips.Shown() == "" {
				t.Fatal("no tip over the first tab")
			}
			if err := f.w.Search.Run(context.Background(), "tran"); err != nil {
				t.Fatal(err)
			}
			if got := f.w.tabFit.tips.Shown(); got != "" || !f.w.Search.Panel.Visible() {
				t.Errorf("over the search results the tip %q", got)
			}
		})
	}
}

// checkTabs: all four buttons laid out inside the tabs' width, no "…",
// the chosen tab labelled, and the buttons where the tips expect them.
func (f *fixture) checkTabs(t *testing.T, stage string, chosen int) {
	t.Helper()
	tabs := f.w.Tabs
	bs, overflow := tabBar(tabs)
	if overflow || len(bs) != 2*len(tabs.Items) {
		t.Errorf("%s: %d of %d tab buttons in the bar (overflow %v), panel %.0f px", stage, len(bs)/2, len(tabs.Items), overflow, tabs.Size().Width)
		return
	}
	if right := bs[len(bs)-1].X; right > tabs.Size().Width+0.5 {
		t.Errorf("%s: the last tab ends at %.0f px in a %.0f px panel", stage, right, tabs.Size().Width)
	}
	if got, want := tabs.Items[chosen].Text, f.w.tabFit.labels[chosen]; got != want {
		t.Errorf("%s: the chosen tab reads %q, want %q", stage, got, want)
	}
	var texts []string
	for _, it := range tabs.Items {
		texts = append(texts, it.Text)
	}
	for i, s := range f.w.tabFit.spans(texts) {
		if math.Abs(float64(s[0]-bs[2*i].X)) > 1 || math.Abs(float64(s[1]-bs[2*i+1].X)) > 1 {
			t.Errorf("%s: tab %d spans %v, Fyne laid it at %.1f–%.1f", stage, i+1, s, bs[2*i].X, bs[2*i+1].X)
		}
	}
	if h := f.w.tabFit.barHeight(); math.Abs(float64(h-bs[1].Y)) > 1 {
		t.Errorf("%s: bar %.1f px high, Fyne's buttons %.1f", stage, h, bs[1].Y)
	}
	if strings.Contains(fmt.Sprint(texts), "…") {
		t.Errorf("%s: labels %q", stage, texts)
	}
}

// absPos is o's position in its window's canvas.
func absPos(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// No tab is wider than the side panel at 1024 px: the tabs scroll both
// ways, so a wider one was cut at the panel's edge (the inbox's reload
// button beside its folded filters, seen under Xvfb).
func TestSideTabsFitThePanelAt1024(t *testing.T) {
	f := newInboxFixture(t)
	f.win.Resize(fyne.NewSize(1024, 700))
	width := f.w.Tabs.Size().Width
	for i, it := range f.w.Tabs.Items {
		inner := it.Content.(*container.Scroll).Content
		if w := inner.MinSize().Width; w > width {
			t.Errorf("tab %d (%s) is %.0f px wide in a %.0f px panel", i+1, f.w.tabFit.labels[i], w, width)
		}
	}
}
