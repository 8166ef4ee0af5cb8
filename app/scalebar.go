package app

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// scaleMax is the longest the scale bar may be, in Fyne units.
const scaleMax = 120

// ScaleBar shows a round ground distance as a bar of the matching length.
type ScaleBar struct {
	widget.BaseWidget
	Label *widget.Label
	bar   *canvas.Rectangle
	// Metres is the distance the bar stands for; Length its length in units.
	Metres, Length float64
}

// NewScaleBar returns an empty scale bar.
func NewScaleBar() *ScaleBar {
	s := &ScaleBar{Label: widget.NewLabel(""), bar: canvas.NewRectangle(color.NRGBA{60, 60, 60, 255})}
	s.ExtendBaseWidget(s)
	return s
}

// SetScale sets the ground metres per Fyne unit.
func (s *ScaleBar) SetScale(metresPerUnit float64) {
	if metresPerUnit <= 0 || math.IsNaN(metresPerUnit) || math.IsInf(metresPerUnit, 0) {
		return
	}
	s.Metres = niceDistance(metresPerUnit * scaleMax)
	s.Length = s.Metres / metresPerUnit
	if s.Metres >= 1000 {
		s.Label.SetText(fmt.Sprintf("%g km", s.Metres/1000))
	} else {
		s.Label.SetText(fmt.Sprintf("%g m", s.Metres))
	}
	s.bar.SetMinSize(fyne.NewSize(float32(s.Length), 4))
	s.Refresh()
}

// niceDistance is the largest 1, 2 or 5 × 10ⁿ not above d.
func niceDistance(d float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(d)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= d {
			return m * p
		}
	}
	return p
}

// CreateRenderer implements fyne.Widget.
func (s *ScaleBar) CreateRenderer() fyne.WidgetRenderer {
	bar := container.NewVBox(layout.NewSpacer(), s.bar, layout.NewSpacer())
	return widget.NewSimpleRenderer(container.NewHBox(bar, s.Label))
}
