package demo

import (
	"time"

	"wardmap/gis"
)

const (
	inspectionCount  = 200
	assetInspections = 15 // each of lamps, trees and drains
)

var (
	inspectFrom  = day(2026, 10, 1)
	inspectTo    = day(2026, 11, 25)
	streetIssues = []string{"Vỉa hè bị lấn chiếm một phần", "Rác tồn đọng ven đường", "Nắp hố ga bị vênh",
		"Quảng cáo rao vặt dán trên cột điện", "Vật liệu xây dựng để trên vỉa hè"}
)

// makeInspections records the autumn round: the violations found in it on
// main streets, periodic checks of main segments, and checks of lamps,
// trees and drains, which find the broken ones more often than not. Each
// inspected segment's last_inspected follows.
func (b *builder) makeInspections() {
	g := newGen(12)
	for i, v := range b.violations {
		found, _ := v.Date("found_on")
		pl := b.violationPlaces[i]
		if found.Before(inspectFrom) || b.pieceLine(pl.piece).class != "main" {
			continue
		}
		f := b.inspection(g, gis.Street, b.streets[pl.piece].ID, g.workTime(found, 7, 17), "issue", v.Text("description"))
		f.Attrs["violation_id"] = v.ID
		b.inspections = append(b.inspections, f)
	}
	b.inspectAssets(g, gis.Lamp, b.lamps, "status", "working", "Đèn không sáng, đề nghị thay bộ đèn", "repair")
	b.inspectAssets(g, gis.Tree, b.trees, "condition", "good", "Cây cần cắt tỉa, chằng chống", "inspection")
	b.inspectAssets(g, gis.Drain, b.drains, "status", "clear", "Hố ga bồi lắng, cần nạo vét", "cleaning")
	mains := b.piecesOf("main")
	g.r.Shuffle(len(mains), func(i, k int) { mains[i], mains[k] = mains[k], mains[i] })
	for k := 0; len(b.inspections) < inspectionCount && k < len(mains); k++ {
		result, notes := "ok", ""
		if g.chance(0.18) {
			result, notes = "issue", pick(g, streetIssues)
		}
		f := b.inspection(g, gis.Street, b.streets[mains[k]].ID, g.workTime(g.date(inspectFrom, inspectTo), 7, 17), result, notes)
		f.Attrs["activity"] = []string{"inspection", "cleaning", "repair"}[g.weighted(75, 20, 5)]
		b.inspections = append(b.inspections, f)
	}
	b.markInspected()
}

// inspectAssets checks n assets, half of them ones already in trouble.
func (b *builder) inspectAssets(g *gen, k gis.Kind, assets []*gis.Feature, field, okValue, issue, activity string) {
	var bad, good []*gis.Feature
	for _, a := range assets {
		if a.Text(field) == okValue {
			good = append(good, a)
		} else {
			bad = append(bad, a)
		}
	}
	for i := range assetInspections {
		a, result, notes := pick(g, good), "ok", ""
		if i%2 == 0 && len(bad) > 0 {
			a, result, notes = pick(g, bad), "issue", issue
		}
		f := b.inspection(g, k, a.ID, g.workTime(g.date(inspectFrom, inspectTo), 7, 17), result, notes)
		f.Attrs["activity"] = activity
		b.inspections = append(b.inspections, f)
	}
}

func (b *builder) inspection(g *gen, k gis.Kind, target string, at time.Time, result, notes string) *gis.Feature {
	f := g.feature(gis.Inspection, nil)
	f.Attrs["target_kind"] = string(k)
	f.Attrs["target_id"] = target
	f.Attrs["inspected_at"] = at
	f.Attrs["inspector"] = pick(g, inspectors)
	f.Attrs["result"] = result
	if notes != "" {
		f.Attrs["notes"] = notes
	}
	if _, ok := f.Attrs["activity"]; !ok {
		f.Attrs["activity"] = "inspection"
	}
	return f
}

// markInspected sets each inspected segment's last_inspected to the day of
// its latest inspection.
func (b *builder) markInspected() {
	byID := make(map[string]*gis.Feature, len(b.streets))
	for _, s := range b.streets {
		byID[s.ID] = s
	}
	for _, in := range b.inspections {
		s, ok := byID[in.Text("target_id")]
		if !ok {
			continue
		}
		at, _ := in.Time("inspected_at")
		d := gis.LocalDate(at)
		if last, ok := s.Date("last_inspected"); !ok || last.Before(d) {
			s.Attrs["last_inspected"] = d
		}
	}
}
