package render

import (
	"image/color"
	"maps"

	"wardmap/gis"
)

// Marker is the shape a point feature is drawn with.
type Marker int

const (
	Dot      Marker = iota // filled circle with an outline
	Ring                   // hollow circle: something that should be there is not
	Crossed                // filled circle with an X: broken
	Alert                  // filled circle inside a ring: broken, still readable at its centre
	Triangle               // warning
	Square
	Diamond
	Pin // a drop-shaped pin: something a person reported
)

// Style is how one kind in one status looks. Widths are pixels at zoom 17;
// lines scale with zoom (see lineWidth), markers keep their size.
type Style struct {
	Fill   color.RGBA // line colour, polygon fill, marker body
	Stroke color.RGBA // casing, outline, marker outline
	Width  float64    // line width; outline width for polygons
	Radius float64    // marker radius
	Marker Marker
	Hatch  bool // fill polygons with diagonal stripes instead of a flat tint
}

// StyleKey picks a style: a kind and the value of its status field (see
// StatusField); Status "" is the kind's default.
type StyleKey struct {
	Kind   gis.Kind
	Status string
}

// BaseKind is a class of basemap polygon.
type BaseKind string

const (
	Building BaseKind = "building"
	Water    BaseKind = "water"
	Landuse  BaseKind = "landuse"
)

// Theme is a palette: the map background, label colours and the style
// table. Styles are data; drawing code only looks them up.
type Theme struct {
	Name       string
	Background color.RGBA
	Text, Halo color.RGBA
	Bubble     color.RGBA // cluster bubble outline
	Mixed      color.RGBA // bubble of a cell holding several kinds
	Styles     map[StyleKey]Style
	Base       map[BaseKind]Style
}

// StatusField names, per kind, the attribute that selects the style.
var StatusField = map[gis.Kind]string{
	gis.Street:     "class",
	gis.Tree:       "condition",
	gis.Lamp:       "status",
	gis.Plate:      "status",
	gis.AlleySign:  "status",
	gis.Drain:      "status",
	gis.FloodPoint: "frequency",
	gis.Plot:       "status",
	gis.Violation:  "status",
	gis.Report:     "status",
}

// Style returns the style of kind k in the given status, falling back to the
// kind's default.
func (t *Theme) Style(k gis.Kind, status string) Style {
	if s, ok := t.Styles[StyleKey{k, status}]; ok {
		return s
	}
	return t.Styles[StyleKey{Kind: k}]
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// rgba takes a straight (not premultiplied) colour and alpha.
func rgba(r, g, b, a uint8) color.RGBA {
	m := func(c uint8) uint8 { return uint8(uint32(c) * uint32(a) / 255) }
	return color.RGBA{m(r), m(g), m(b), a}
}

var (
	white = rgb(255, 255, 255)
	dark  = rgb(40, 40, 40)
)

// Light is the default daytime palette, close to OSM's.
var Light = &Theme{
	Name:       "light",
	Background: rgb(242, 239, 233),
	Text:       rgb(30, 30, 30),
	Halo:       white,
	Bubble:     white,
	Mixed:      rgb(70, 80, 95),
	Base: map[BaseKind]Style{
		Building: {Fill: rgb(217, 208, 201), Stroke: rgb(196, 182, 171), Width: 1},
		Water:    {Fill: rgb(170, 211, 223), Stroke: rgb(150, 190, 205), Width: 1},
		Landuse:  {Fill: rgb(205, 235, 176), Width: 0},
	},
	Styles: map[StyleKey]Style{
		// Residential groups are outlined, not tinted: the demo ward's
		// groups are cells with thin gaps between them (gis/demo/tdp.go),
		// and a tint showed each gap as a pale "road" running beside the
		// real streets without matching them (issue 12).
		{gis.TDP, ""}: {Stroke: rgba(110, 80, 150, 200), Width: 1.5},

		{gis.Plot, ""}:          {Fill: rgba(60, 150, 60, 150), Stroke: rgb(50, 120, 50), Width: 1.5, Hatch: true},
		{gis.Plot, "planned"}:   {Fill: rgba(60, 150, 60, 150), Stroke: rgb(50, 120, 50), Width: 1.5, Hatch: true},
		{gis.Plot, "approved"}:  {Fill: rgba(40, 140, 90, 170), Stroke: rgb(30, 110, 70), Width: 1.5, Hatch: true},
		{gis.Plot, "planting"}:  {Fill: rgba(90, 170, 40, 180), Stroke: rgb(70, 140, 30), Width: 1.5, Hatch: true},
		{gis.Plot, "planted"}:   {Fill: rgba(40, 130, 40, 110), Stroke: rgb(30, 100, 30), Width: 1.5},
		{gis.Plot, "cancelled"}: {Fill: rgba(140, 140, 140, 120), Stroke: rgb(120, 120, 120), Width: 1, Hatch: true},

		{gis.Street, ""}:          {Fill: white, Stroke: rgb(190, 180, 170), Width: 3.5},
		{gis.Street, "alley"}:     {Fill: white, Stroke: rgb(190, 180, 170), Width: 3.5},
		{gis.Street, "secondary"}: {Fill: rgb(247, 250, 191), Stroke: rgb(160, 160, 100), Width: 7},
		{gis.Street, "main"}:      {Fill: rgb(252, 214, 164), Stroke: rgb(190, 120, 40), Width: 11},

		{gis.Drain, ""}:             {Fill: rgb(90, 140, 190), Stroke: dark, Radius: 3.5, Marker: Square},
		{gis.Drain, "silted"}:       {Fill: rgb(170, 130, 70), Stroke: dark, Radius: 3.5, Marker: Square},
		{gis.Drain, "blocked"}:      {Fill: rgb(200, 60, 40), Stroke: dark, Radius: 3.5, Marker: Square},
		{gis.Drain, "broken_cover"}: {Fill: rgb(200, 60, 40), Stroke: dark, Radius: 3.5, Marker: Crossed},

		{gis.FloodPoint, ""}:                 {Fill: rgba(40, 110, 220, 170), Stroke: rgb(20, 70, 170), Radius: 7, Marker: Dot},
		{gis.FloodPoint, "every_heavy_rain"}: {Fill: rgba(20, 60, 200, 210), Stroke: rgb(10, 40, 140), Radius: 9, Marker: Dot},

		{gis.Tree, ""}:          {Fill: rgb(60, 160, 60), Stroke: rgb(30, 100, 30), Radius: 4, Marker: Dot},
		{gis.Tree, "poor"}:      {Fill: rgb(170, 170, 60), Stroke: rgb(110, 110, 30), Radius: 4, Marker: Dot},
		{gis.Tree, "dangerous"}: {Fill: rgb(230, 120, 30), Stroke: rgb(150, 60, 10), Radius: 4.5, Marker: Dot},
		{gis.Tree, "dead"}:      {Fill: rgb(140, 115, 90), Stroke: rgb(90, 75, 60), Radius: 4, Marker: Dot},

		{gis.Lamp, ""}:        {Fill: rgb(255, 214, 0), Stroke: rgb(120, 100, 0), Radius: 4.5, Marker: Dot},
		{gis.Lamp, "working"}: {Fill: rgb(255, 214, 0), Stroke: rgb(120, 100, 0), Radius: 4.5, Marker: Dot},
		{gis.Lamp, "broken"}:  {Fill: rgb(220, 30, 30), Stroke: white, Radius: 6.5, Marker: Alert},
		{gis.Lamp, "missing"}: {Fill: rgb(150, 150, 150), Stroke: rgb(110, 110, 110), Radius: 4.5, Marker: Ring},

		{gis.Plate, ""}:          {Fill: rgb(40, 90, 200), Stroke: white, Radius: 3, Marker: Square},
		{gis.Plate, "installed"}: {Fill: rgb(40, 90, 200), Stroke: white, Radius: 3, Marker: Square},
		{gis.Plate, "missing"}:   {Fill: rgb(150, 150, 150), Stroke: rgb(90, 90, 90), Radius: 3, Marker: Ring},
		{gis.Plate, "damaged"}:   {Fill: rgb(220, 30, 30), Stroke: white, Radius: 3, Marker: Square},

		{gis.AlleySign, ""}:          {Fill: rgb(30, 120, 130), Stroke: white, Radius: 4, Marker: Diamond},
		{gis.AlleySign, "installed"}: {Fill: rgb(30, 120, 130), Stroke: white, Radius: 4, Marker: Diamond},
		{gis.AlleySign, "missing"}:   {Fill: rgb(150, 150, 150), Stroke: rgb(90, 90, 90), Radius: 4, Marker: Ring},
		{gis.AlleySign, "damaged"}:   {Fill: rgb(220, 30, 30), Stroke: white, Radius: 4, Marker: Diamond},

		{gis.Violation, ""}:          {Fill: rgb(225, 30, 30), Stroke: white, Radius: 7, Marker: Triangle},
		{gis.Violation, "found"}:     {Fill: rgb(225, 30, 30), Stroke: white, Radius: 7, Marker: Triangle},
		{gis.Violation, "recorded"}:  {Fill: rgb(245, 140, 20), Stroke: white, Radius: 7, Marker: Triangle},
		{gis.Violation, "recurred"}:  {Fill: rgb(150, 0, 40), Stroke: white, Radius: 8, Marker: Triangle},
		{gis.Violation, "escalated"}: {Fill: rgb(130, 40, 160), Stroke: white, Radius: 8, Marker: Triangle},
		{gis.Violation, "resolved"}:  {Fill: rgb(120, 170, 120), Stroke: white, Radius: 5, Marker: Triangle},

		{gis.Report, ""}:              {Fill: rgb(30, 100, 230), Stroke: white, Radius: 6, Marker: Pin},
		{gis.Report, "in_progress"}:   {Fill: rgb(20, 160, 220), Stroke: white, Radius: 6, Marker: Pin},
		{gis.Report, "answered"}:      {Fill: rgb(110, 150, 210), Stroke: white, Radius: 5, Marker: Pin},
		{gis.Report, "closed"}:        {Fill: rgb(150, 165, 190), Stroke: white, Radius: 5, Marker: Pin},
		{gis.Report, "duplicate"}:     {Fill: rgb(150, 165, 190), Stroke: white, Radius: 5, Marker: Pin},
		{gis.Report, "not_competent"}: {Fill: rgb(150, 165, 190), Stroke: white, Radius: 5, Marker: Pin},
	},
}

// Dark is the night palette: Light's markers on a dark ground, with dim
// streets and light text.
var Dark = darken(Light)

func darken(l *Theme) *Theme {
	t := &Theme{
		Name:       "dark",
		Background: rgb(28, 31, 36),
		Text:       rgb(235, 235, 235),
		Halo:       rgb(20, 20, 24),
		Bubble:     rgb(20, 20, 24),
		Mixed:      rgb(185, 190, 200),
		Styles:     maps.Clone(l.Styles),
		Base: map[BaseKind]Style{
			Building: {Fill: rgb(52, 55, 62), Stroke: rgb(66, 70, 78), Width: 1},
			Water:    {Fill: rgb(30, 52, 74), Stroke: rgb(40, 64, 90), Width: 1},
			Landuse:  {Fill: rgb(36, 50, 38)},
		},
	}
	casing := rgb(18, 18, 20)
	t.Styles[StyleKey{gis.TDP, ""}] = Style{Stroke: rgba(170, 140, 230, 190), Width: 1.5} // outlined: see Light
	t.Styles[StyleKey{gis.Street, ""}] = Style{Fill: rgb(85, 88, 96), Stroke: casing, Width: 3.5}
	t.Styles[StyleKey{gis.Street, "alley"}] = Style{Fill: rgb(85, 88, 96), Stroke: casing, Width: 3.5}
	t.Styles[StyleKey{gis.Street, "secondary"}] = Style{Fill: rgb(120, 118, 96), Stroke: casing, Width: 7}
	t.Styles[StyleKey{gis.Street, "main"}] = Style{Fill: rgb(150, 110, 60), Stroke: casing, Width: 11}
	return t
}
