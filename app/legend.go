package app

import (
	"context"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// legendHeight caps the legend's height, so that a long legend scrolls
// instead of raising the window's minimum height.
const (
	legendWidth  = 220
	legendHeight = 240
	swatchW      = 28
	swatchH      = 18
)

// Legend explains the map on the map: a symbol and a name for each layer
// drawn and each status shown (only the statuses a filter keeps, with a
// note of the filter), the count bubbles while the map clusters, and the
// basemap when it is on. It follows the layer panel and the zoom, and
// folds to its title.
type Legend struct {
	w    *Window
	Rows *fyne.Container
	// Open shows or folds the rows; Title is the fold button.
	Title      *widget.Button
	open       bool
	scroll     *container.Scroll
	body       *fyne.Container
	obj        fyne.CanvasObject
	clustering bool
	// stale is set when what the legend shows changed while it was
	// folded: its rows are built when it opens, not at start-up (drawing
	// its forty swatches and loading the font cost the first frame
	// ~0.1 s).
	stale   bool
	sw      *render.Renderer
	swTheme *render.Theme
	cache   map[swatchKey]image.Image
}

type swatchKey struct {
	kind   gis.Kind
	status string
}

func newLegend(w *Window) *Legend {
	g := &Legend{w: w, cache: map[swatchKey]image.Image{}}
	g.Rows = container.New(layout.NewCustomPaddedVBoxLayout(0))
	g.scroll = container.NewVScroll(g.Rows)
	g.scroll.SetMinSize(fyne.NewSize(legendWidth, legendHeight))
	// folded at first: open, it would hide a quarter of the map at 1024 px
	g.Title = widget.NewButtonWithIcon(w.tr.T("legend.title"), theme.MenuExpandIcon(), g.Toggle)
	g.Title.Alignment = widget.ButtonAlignLeading
	g.body = container.NewPadded(g.scroll) // rows off the frame's edge
	g.body.Hide()
	card := container.NewBorder(g.Title, nil, nil, nil, g.body)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	bg.CornerRadius = 4
	panel := container.NewStack(bg, card)
	g.obj = container.NewBorder(nil, container.NewHBox(panel, layout.NewSpacer()), nil, nil)
	w.Map.SetBasemap(w.set.Basemap())
	w.afterViewChange(func() {
		c := w.Map.View().Zoom < render.DefaultClusterBelow
		if c != g.clustering {
			fyne.Do(func() { g.clustering = c; g.Update() })
		}
	})
	return g
}

// Object is the legend laid over the map's bottom-left corner.
func (g *Legend) Object() fyne.CanvasObject { return g.obj }

// Open reports whether the legend is unfolded.
func (g *Legend) Open() bool { return g.open }

// Toggle folds or unfolds the legend.
func (g *Legend) Toggle() {
	g.open = !g.open
	if g.open {
		if g.stale {
			g.Update()
		}
		g.body.Show()
		g.Title.SetIcon(theme.MenuDropDownIcon())
	} else {
		g.body.Hide()
		g.Title.SetIcon(theme.MenuExpandIcon())
	}
}

// Texts are the legend's rows as text, for tests.
func (g *Legend) Texts() []string {
	var out []string
	for _, o := range g.Rows.Objects {
		if c, ok := o.(*fyne.Container); ok {
			for _, p := range c.Objects {
				switch l := p.(type) {
				case *widget.Label:
					out = append(out, l.Text)
				case *canvas.Text:
					out = append(out, l.Text)
				}
			}
		}
	}
	return out
}

// Update rebuilds the rows from the layers drawn now (when it is folded,
// once it opens).
func (g *Legend) Update() {
	if !g.open {
		g.stale = true
		return
	}
	g.stale = false
	tr, lang := g.w.tr, g.w.tr.Lang
	var rows []fyne.CanvasObject
	layers := g.w.Map.Layers()
	for i := len(layers) - 1; i >= 0; i-- { // top of the map first
		l := layers[i]
		if !l.Visible {
			continue
		}
		s := gis.MustLookup(l.Kind)
		field, hasStatus := render.StatusField[l.Kind]
		fd, ok := s.Field(field)
		if !hasStatus || !ok || len(fd.Options) == 0 {
			rows = append(rows, g.row(l.Kind, "", s.Label.In(lang), true))
			continue
		}
		rows = append(rows, heading(s.Label.In(lang)))
		keep := map[string]bool{}
		for _, v := range l.Status {
			keep[v] = true
		}
		for _, o := range fd.Options {
			if len(keep) == 0 || keep[o.Value] {
				rows = append(rows, g.row(l.Kind, o.Value, o.Label.In(lang), false))
			}
		}
		if len(keep) > 0 {
			note := legendText(tr.T("legend.filtered", len(keep), len(fd.Options)), false)
			note.TextStyle.Italic = true
			note.Color = theme.Color(theme.ColorNameWarning)
			rows = append(rows, container.NewHBox(note))
		}
	}
	if g.clustering {
		rows = append(rows, heading(tr.T("legend.clusters")), g.bubbleRow())
	}
	if g.w.basemapOn() {
		rows = append(rows, container.NewHBox(legendText(tr.T("legend.basemap"), false)))
	}
	g.Rows.Objects = rows
	g.Rows.Refresh()
}

func heading(s string) fyne.CanvasObject {
	return container.NewHBox(legendText(s, true))
}

// legendText is a compact line of the legend (a Label's padding made
// each row twice as tall as its text).
func legendText(s string, bold bool) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.TextSize() - 1
	t.TextStyle.Bold = bold
	return t
}

// row is a swatch and its name.
func (g *Legend) row(k gis.Kind, status, text string, bold bool) fyne.CanvasObject {
	img := canvas.NewImageFromImage(g.swatch(k, status))
	img.FillMode = canvas.ImageFillOriginal
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSize(swatchW, swatchH))
	return container.NewHBox(img, legendText(text, bold))
}

// bubbleRow shows a count bubble and what it means.
func (g *Legend) bubbleRow() fyne.CanvasObject {
	img := canvas.NewImageFromImage(g.swatch("", "bubble"))
	img.FillMode = canvas.ImageFillOriginal
	img.SetMinSize(fyne.NewSize(swatchW, swatchW))
	l := widget.NewLabel(g.w.tr.T("legend.bubble"))
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, img, nil, l)
}

// swatch draws the symbol of kind k in a status with the map's own
// renderer (a tiny frame holding one made-up feature), so the legend
// shows exactly what the map draws.
func (g *Legend) swatch(k gis.Kind, status string) image.Image {
	th := g.w.Map.Theme()
	if th != g.swTheme {
		g.swTheme, g.cache = th, map[swatchKey]image.Image{}
	}
	key := swatchKey{k, status}
	if im, ok := g.cache[key]; ok {
		return im
	}
	c := orb.Point{106.63, 20.82}
	v := tile.View{Center: c, Zoom: 18, Width: swatchW, Height: swatchH}
	lon := func(px float64) float64 { return v.ToLonLat(px, 0)[0] }
	lat := func(py float64) float64 { return v.ToLonLat(0, py)[1] }
	var fs []*gis.Feature
	layer := render.Layer{Kind: k, Visible: true}
	switch {
	case status == "bubble":
		v.Zoom, v.Height = 12, swatchW
		layer.Kind = gis.Tree
		for i := 0; i < 12; i++ {
			fs = append(fs, gis.NewFeature(gis.Tree, c))
		}
	case gis.MustLookup(k).Geom == gis.Point:
		fs = append(fs, gis.NewFeature(k, c))
	case gis.MustLookup(k).Geom == gis.LineString:
		v.Zoom = 17
		fs = append(fs, gis.NewFeature(k, orb.LineString{{lon(-4), c[1]}, {lon(swatchW + 4), c[1]}}))
	default:
		fs = append(fs, gis.NewFeature(k, orb.Polygon{{{lon(2), lat(2)}, {lon(swatchW - 2), lat(2)}, {lon(swatchW - 2), lat(swatchH - 2)}, {lon(2), lat(swatchH - 2)}, {lon(2), lat(2)}}}))
	}
	if field, ok := render.StatusField[k]; ok && status != "" && status != "bubble" {
		fs[0].Attrs[field] = status
	}
	if g.sw == nil {
		g.sw = render.New(render.NewSliceSource(nil))
	}
	g.sw.Source = render.NewSliceSource(fs)
	g.sw.Theme = th
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	if _, err := g.sw.Render(context.Background(), img, v, []render.Layer{layer}); err != nil {
		return img
	}
	g.cache[key] = img
	return img
}
