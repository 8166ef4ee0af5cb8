package demo

import (
	"time"

	"wardmap/gis"
)

// The demo's history: a year of work before Today, the way a ward that has
// kept wardmap for a year would have it. Main streets are walked every
// week and swept; the rest of the network is checked now and then; lamps,
// trees, drains and plates are checked when something is reported or the
// season asks; violations are re-inspected at their deadline. The asset
// rounds proper (every lamp monthly, every tree quarterly …) begin with
// the first cycle on Today (FirstCycleStart), so a planner opening the
// demo sees a first day's share of them, not thousands overdue.
const (
	weeklyRounds   = 4    // weeks of main-street rounds before Today
	roundShare     = 0.9  // of main segments walked in a week's round
	cleanedShare   = 0.85 // of main segments swept in a week
	monthlyChecks  = 25   // street segments checked in each earlier month
	assetChecksPer = 3    // checks a month of each asset kind
)

var streetIssues = []string{"Vỉa hè bị lấn chiếm một phần", "Rác tồn đọng ven đường", "Nắp hố ga bị vênh",
	"Quảng cáo rao vặt dán trên cột điện", "Vật liệu xây dựng để trên vỉa hè"}

// assetCheck is what a check of one kind of asset finds and is recorded as.
type assetCheck struct {
	field, okValue, issue, activity string
	// month, when set, gets as many checks as the rest of the year: the
	// drains are dredged in April, before the rains.
	month time.Month
}

// makeInspections records the year: violations, main-street rounds and
// sweeping, checks of other streets and of assets, and field reports
// verified on the spot. Each inspected segment's last_inspected follows.
func (b *builder) makeInspections() {
	g := newGen(12)
	b.inspectViolations(g)
	b.weeklyRounds(g)
	b.monthlyStreetChecks(g)
	b.inspectAssets(g, gis.Lamp, b.lamps, assetCheck{"status", "working", "Đèn không sáng, đề nghị thay bộ đèn", "repair", 0})
	b.inspectAssets(g, gis.Tree, b.trees, assetCheck{"condition", "good", "Cây cần cắt tỉa, chằng chống", "inspection", 0})
	b.inspectAssets(g, gis.Drain, b.drains, assetCheck{"status", "clear", "Hố ga bồi lắng, cần nạo vét", "cleaning", time.April})
	b.inspectAssets(g, gis.Plate, b.plates, assetCheck{"status", "installed", "Biển số nhà bị mờ, cần thay", "inspection", 0})
	b.inspectAssets(g, gis.AlleySign, b.signs, assetCheck{"status", "installed", "Biển ngõ bị cong, mất chữ", "inspection", 0})
	b.verifyReports(g)
	b.markInspected()
}

// inspectViolations records what the inspectors did about each violation:
// the inspection that found one on a main street, and the re-inspection at
// its deadline — passed for a resolved one, failed for an escalated one.
// Recorded and recurred ones wait for theirs; past their deadline they are
// the overdue items of the due list.
func (b *builder) inspectViolations(g *gen) {
	for i, v := range b.violations {
		found, _ := v.Date("found_on")
		pl := b.violationPlaces[i]
		if b.pieceLine(pl.piece).class == "main" {
			f := b.inspection(g, gis.Street, b.streets[pl.piece].ID, g.workTime(found, 7, 17), "issue", v.Text("description"))
			f.Attrs["violation_id"] = v.ID
			b.inspections = append(b.inspections, f)
		}
		deadline, ok := v.Date("deadline")
		if !ok {
			continue
		}
		var result, notes string
		switch v.Text("status") {
		case "resolved":
			result, notes = "ok", "Tái kiểm tra: đã khắc phục"
			deadline = deadline.AddDays(-g.r.IntN(4))
		case "escalated":
			result, notes = "issue", "Tái kiểm tra: chưa khắc phục, đã báo cáo cấp trên"
			deadline = deadline.AddDays(g.r.IntN(3))
		default:
			continue
		}
		if demoToday.Before(deadline) {
			deadline = demoToday
		}
		f := b.inspection(g, gis.Violation, v.ID, g.workTime(deadline, 7, 17), result, notes)
		f.Attrs["violation_id"] = v.ID
		b.inspections = append(b.inspections, f)
	}
}

// weeklyRounds walks the main streets once a week for the last weeks, a
// few segments missed each week (the overdue ones), the key routes every
// day of the last, and records the weekly sweeping that the cleaning
// indicator counts.
func (b *builder) weeklyRounds(g *gen) {
	for _, i := range b.piecesOf("main") {
		id := b.streets[i].ID
		for w := range weeklyRounds {
			to := demoToday.AddDays(-7 * w)
			from := to.AddDays(-6)
			if g.chance(roundShare) {
				result, notes := "ok", ""
				if g.chance(0.08) {
					result, notes = "issue", pick(g, streetIssues)
				}
				b.inspections = append(b.inspections, b.inspection(g, gis.Street, id, g.workTime(g.workday(from, to), 7, 17), result, notes))
			}
			if w == 0 && b.streets[i].Bool("key_route") {
				b.keyRounds(g, id)
			}
			if w < 2 && g.chance(cleanedShare) {
				f := b.inspection(g, gis.Street, id, g.workTime(g.workday(from, to), 5, 7), "ok", "Quét, thu gom rác dọc tuyến")
				f.Attrs["activity"] = "cleaning"
				f.Attrs["inspector"] = "Tổ vệ sinh môi trường"
				b.inspections = append(b.inspections, f)
			}
		}
	}
}

// keyRounds walks a key route on the working days just before Today: it
// is due every day, so what the due list shows of key routes is today's
// round, and the odd one missed.
func (b *builder) keyRounds(g *gen, id string) {
	for d := demoToday.AddDays(-3); d.Before(demoToday); d = d.AddDays(1) {
		if d.Time().Weekday() != time.Sunday && g.chance(0.95) {
			b.inspections = append(b.inspections, b.inspection(g, gis.Street, id, g.workTime(d, 6, 11), "ok", ""))
		}
	}
}

// monthlyStreetChecks checks some main segments in each month of the year
// before the weekly rounds began. Side streets and alleys have no rounds
// before the first cycle: their checks begin with it.
func (b *builder) monthlyStreetChecks(g *gen) {
	mains := b.piecesOf("main")
	end := demoToday.AddDays(-7 * weeklyRounds)
	for from := demoToday.AddDays(-364); from.Before(end); from = from.AddDays(30) {
		to := from.AddDays(29)
		if end.Before(to) {
			to = end
		}
		for range monthlyChecks {
			i := pick(g, mains)
			result, notes := "ok", ""
			if g.chance(0.15) {
				result, notes = "issue", pick(g, streetIssues)
			}
			f := b.inspection(g, gis.Street, b.streets[i].ID, g.workTime(g.workday(from, to), 7, 17), result, notes)
			f.Attrs["activity"] = []string{"inspection", "cleaning", "repair"}[g.weighted(75, 20, 5)]
			b.inspections = append(b.inspections, f)
		}
	}
}

// inspectAssets checks a few assets of a kind each month of the year, half
// of them ones in trouble (what a field report or a passing inspector
// brings in), the rest fine. Those checked months ago are overdue today.
func (b *builder) inspectAssets(g *gen, k gis.Kind, assets []*gis.Feature, c assetCheck) {
	var bad, good []*gis.Feature
	for _, a := range assets {
		if a.Text(c.field) == c.okValue {
			good = append(good, a)
		} else {
			bad = append(bad, a)
		}
	}
	for m := 0; m < 12; m++ {
		from := demoToday.AddDays(-364 + 30*m)
		to := from.AddDays(29)
		if demoToday.Before(to) {
			to = demoToday
		}
		n := assetChecksPer
		if c.month != 0 && (from.Month == c.month || to.Month == c.month) {
			n *= 4
		}
		for i := range n {
			a, result, notes := pick(g, good), "ok", ""
			if i%2 == 0 && len(bad) > 0 {
				a, result, notes = pick(g, bad), "issue", c.issue
			}
			f := b.inspection(g, k, a.ID, g.workTime(g.workday(from, to), 7, 17), result, notes)
			f.Attrs["activity"] = c.activity
			b.inspections = append(b.inspections, f)
		}
	}
}

// verifyReports records the visit that checked a field report on the spot:
// every answered or closed one on the day it was handled, and half of
// those in progress (the other half are on the due list).
func (b *builder) verifyReports(g *gen) {
	for _, r := range b.reports {
		at, _ := r.Time("received_at")
		d := gis.LocalDate(at).AddDays(1 + g.r.IntN(3))
		result := "ok"
		switch r.Text("status") {
		case "answered", "closed":
		case "in_progress":
			if g.chance(0.5) {
				continue
			}
			result = "issue"
		default:
			continue
		}
		if demoToday.Before(d) {
			d = demoToday
		}
		f := b.inspection(g, gis.Report, r.ID, g.workTime(d, 7, 17), result, "Xác minh tại hiện trường")
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
	f.Attrs["activity"] = "inspection"
	return f
}

// workday returns a day between from and to, both included, that is not
// a Sunday (when the ward's officers are off), or from if all are.
func (g *gen) workday(from, to gis.Date) gis.Date {
	for range 8 {
		if d := g.date(from, to); d.Time().Weekday() != time.Sunday {
			return d
		}
	}
	return from
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
