package app

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/app/mapview"
	"wardmap/gis"
)

// Measure is the measure tool (Ctrl+M, the ruler button): each click on
// the map adds a point; the bar shows the path's length and, from three
// points, the enclosed area, both on the WGS 84 ellipsoid (geodesic), in
// m / km and m² / ha. Backspace removes the last point, Esc ends it.
type Measure struct {
	w      *Window
	Points orb.LineString
	Result *widget.Label
	obj    *fyne.Container
}

func newMeasure(w *Window) *Measure {
	m := &Measure{w: w}
	m.Result = widget.NewLabel("")
	m.Result.TextStyle.Bold = true
	clear := widget.NewButtonWithIcon(w.tr.T("measure.clear"), theme.ContentClearIcon(), m.Clear)
	done := widget.NewButtonWithIcon(w.tr.T("measure.done"), theme.ConfirmIcon(), m.Stop)
	m.obj = container.NewHBox(widget.NewIcon(theme.ContentAddIcon()), m.Result, clear, done)
	m.obj.Hide()
	return m
}

// Active reports whether the tool is on.
func (m *Measure) Active() bool { return m.obj.Visible() }

// Toggle turns the tool on or off.
func (m *Measure) Toggle() {
	if m.Active() {
		m.Stop()
		return
	}
	m.w.Draw.Cancel()
	m.Points = nil
	m.obj.Show()
	m.show()
}

// Stop ends measuring and puts the selection back on the map.
func (m *Measure) Stop() {
	m.Points = nil
	m.obj.Hide()
	o := mapview.Overlay{}
	if sel := m.w.Inspector.Selected; sel != nil {
		o.Selected = sel.Geom
	}
	m.w.Map.SetOverlay(o)
}

// Clear starts the measure again.
func (m *Measure) Clear() {
	m.Points = nil
	m.show()
}

// Add adds a point and shows the new figures.
func (m *Measure) Add(p orb.Point) {
	m.Points = append(m.Points, p)
	m.show()
}

// Undo removes the last point.
func (m *Measure) Undo() {
	if len(m.Points) > 0 {
		m.Points = m.Points[:len(m.Points)-1]
		m.show()
	}
}

// Length and Area are the figures shown, in metres and square metres.
func (m *Measure) Length() float64 { return gis.GeodesicLength(m.Points) }
func (m *Measure) Area() float64   { return gis.GeodesicArea(m.Points) }

func (m *Measure) show() {
	t := m.w.tr.T
	switch {
	case len(m.Points) < 2:
		m.Result.SetText(t("measure.hint"))
	case len(m.Points) == 2:
		m.Result.SetText(t("measure.length", metres(m.Length(), m.w.tr.Lang)))
	default:
		m.Result.SetText(t("measure.length_area", metres(m.Length(), m.w.tr.Lang), squareMetres(m.Area(), m.w.tr.Lang)))
	}
	m.w.Map.SetOverlay(mapview.Overlay{Sketch: m.Points, Closed: len(m.Points) > 2})
}

// metres formats a length: 0.1 m under 1 km, else km with three decimals.
func metres(d float64, lang string) string {
	if d >= 1000 {
		return localNumber(fmt.Sprintf("%.3f km", d/1000), lang)
	}
	return localNumber(fmt.Sprintf("%.1f m", d), lang)
}

// squareMetres formats an area in m², with hectares from 1 ha.
func squareMetres(a float64, lang string) string {
	s := localNumber(groupThousands(int64(math.Round(a)))+" m²", lang)
	if a >= 10000 {
		s += localNumber(fmt.Sprintf(" (%.2f ha)", a/10000), lang)
	}
	return s
}

// localNumber writes a number formatted with "." decimals and ","
// thousands the Vietnamese way (12,5 m; 1.250 m²) unless lang is English.
func localNumber(s, lang string) string {
	if lang == "en" {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, s)
}

func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tapMeasure adds the click to the measure when the tool is on.
func (w *Window) tapMeasure(p orb.Point) bool {
	if !w.Measure.Active() {
		return false
	}
	w.Measure.Add(p)
	return true
}

// toolKey gives Backspace and Escape to the measure tool or the drawing
// under way; it reports whether it used the key.
func (w *Window) toolKey(k fyne.KeyName) bool {
	switch {
	case w.Measure.Active() && k == fyne.KeyBackspace:
		w.Measure.Undo()
	case w.Measure.Active() && k == fyne.KeyEscape:
		w.Measure.Stop()
	case w.Draw.Active() && k == fyne.KeyBackspace:
		w.Draw.UndoVertex()
	default:
		return false
	}
	return true
}

// undoVertexOr takes the last point back while measuring or drawing
// (Ctrl+Z there means "not that click"), else runs undo.
func (w *Window) undoVertexOr(undo func()) {
	switch {
	case w.Measure.Active() && len(w.Measure.Points) > 0:
		w.Measure.Undo()
	case w.Draw.Active() && w.Draw.UndoVertex():
	default:
		undo()
	}
}
