package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wardmap/gis"
	"wardmap/gis/render"
)

// LayerPanel shows and hides the map's layers, turns labels on and off and
// filters point layers by status.
type LayerPanel struct {
	w *Window
	// Visible has one check per map kind; Status one group per kind with
	// a status field, its options labelled in the interface language.
	Visible map[gis.Kind]*widget.Check
	Status  map[gis.Kind]*widget.CheckGroup
	Labels  *widget.Check
	obj     fyne.CanvasObject
	// statusValue maps a shown status label back to its value.
	statusValue map[gis.Kind]map[string]string
}

func newLayerPanel(w *Window) *LayerPanel {
	p := &LayerPanel{w: w, Visible: map[gis.Kind]*widget.Check{}, Status: map[gis.Kind]*widget.CheckGroup{}, statusValue: map[gis.Kind]map[string]string{}}
	hidden := w.set.Hidden()
	box := container.NewVBox(widget.NewLabelWithStyle(w.tr.T("layers.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	p.Labels = widget.NewCheck(w.tr.T("layers.labels"), func(bool) { p.apply() })
	p.Labels.Checked = w.set.Labels()
	box.Add(p.Labels)
	acc := widget.NewAccordion()
	for _, l := range render.DefaultLayers() {
		k := l.Kind
		s := gis.MustLookup(k)
		c := widget.NewCheck(s.Label.In(w.tr.Lang), func(bool) { p.apply() })
		c.Checked = !hidden[k]
		p.Visible[k] = c
		box.Add(c)
		field, ok := render.StatusField[k]
		if !ok {
			continue
		}
		fd, ok := s.Field(field)
		if !ok || len(fd.Options) == 0 {
			continue
		}
		var labels []string
		p.statusValue[k] = map[string]string{}
		for _, o := range fd.Options {
			lb := o.Label.In(w.tr.Lang)
			labels = append(labels, lb)
			p.statusValue[k][lb] = o.Value
		}
		g := widget.NewCheckGroup(labels, func([]string) { p.apply() })
		chosen := map[string]bool{}
		for _, v := range w.set.StatusFilter(k) {
			chosen[v] = true
		}
		for _, o := range fd.Options {
			if len(chosen) == 0 || chosen[o.Value] {
				g.Selected = append(g.Selected, o.Label.In(w.tr.Lang))
			}
		}
		p.Status[k] = g
		acc.Append(widget.NewAccordionItem(s.Label.In(w.tr.Lang), g))
	}
	box.Add(widget.NewSeparator())
	// one heading over items named by kind: "Lọc Phản ánh hiện trường theo
	// trạng thái" on each item was 330 px, cut at the side panel's edge
	// at 1024 px
	box.Add(widget.NewLabelWithStyle(w.tr.T("layers.status_filters"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(acc)
	p.obj = box
	p.apply()
	return p
}

// Layers returns the map layers the panel asks for.
func (p *LayerPanel) Layers() []render.Layer {
	ls := render.DefaultLayers()
	labels := p.Labels.Checked
	for i := range ls {
		k := ls[i].Kind
		if c := p.Visible[k]; c != nil {
			ls[i].Visible = c.Checked
		}
		ls[i].Labels = ls[i].Labels && labels
		if g := p.Status[k]; g != nil && len(g.Selected) < len(g.Options) {
			st := []string{}
			for _, lb := range g.Selected {
				st = append(st, p.statusValue[k][lb])
			}
			if len(st) == 0 {
				ls[i].Visible = false
			}
			ls[i].Status = st
		}
	}
	return ls
}

// apply sends the layers to the map and remembers them.
func (p *LayerPanel) apply() {
	if p.Labels == nil {
		return
	}
	ls := p.Layers()
	hidden := map[gis.Kind]bool{}
	for k, c := range p.Visible {
		hidden[k] = !c.Checked
	}
	p.w.set.SetHidden(hidden)
	p.w.set.SetLabels(p.Labels.Checked)
	for k, g := range p.Status {
		var st []string
		if len(g.Selected) < len(g.Options) {
			for _, lb := range g.Selected {
				st = append(st, p.statusValue[k][lb])
			}
		}
		p.w.set.SetStatusFilter(k, st)
	}
	p.w.Map.SetLayers(ls)
	p.w.Legend.Update() // the legend follows what is drawn
}
