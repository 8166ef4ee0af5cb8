package demo

import "wardmap/gis"

// builder holds what the generators share: the outline, the street graph
// and the features made so far, which later kinds refer to.
type builder struct {
	outline outline
	net     *network
	index   *streetIndex

	streets         []*gis.Feature // parallel to net.pieces
	tdps            []*gis.Feature
	plots           []*gis.Feature
	plotSites       []plotSite // parallel to plots
	floods          []*gis.Feature
	floodAt         []xy // parallel to floods
	drains          []*gis.Feature
	trees           []*gis.Feature
	lamps           []*gis.Feature
	plates          []*gis.Feature
	signs           []*gis.Feature
	violations      []*gis.Feature
	violationPlaces []place // parallel to violations
	records         int     // biên bản numbers used
	reports         []*gis.Feature
	inspections     []*gis.Feature
}

// run generates every kind. Each step has its own seeded source, so the
// order only matters where a kind refers to another.
func (b *builder) run() {
	b.index = newStreetIndex(b.net)
	b.makeStreets()
	b.makeTDPs()
	b.makePlots()
	b.makeFloodPoints()
	b.makeDrains()
	b.makeTrees()
	b.makeLamps()
	b.makePlates()
	b.makeReports()
	b.makeViolations()
	b.makeInspections()
}

// features returns every feature in the map's layer order (gis.Kinds).
func (b *builder) features() []*gis.Feature {
	var out []*gis.Feature
	for _, group := range [][]*gis.Feature{b.tdps, b.plots, b.streets, b.drains, b.floods,
		b.trees, b.lamps, b.plates, b.signs, b.violations, b.reports, b.inspections} {
		out = append(out, group...)
	}
	return out
}

// pieceLine returns the line a street segment belongs to.
func (b *builder) pieceLine(i int) *line { return b.net.lines[b.net.pieces[i].line] }

// piecesOf returns the indexes of the pieces whose line has one of the classes.
func (b *builder) piecesOf(classes ...string) []int {
	var out []int
	for i := range b.net.pieces {
		c := b.pieceLine(i).class
		for _, want := range classes {
			if c == want {
				out = append(out, i)
				break
			}
		}
	}
	return out
}
