package demo

import (
	"fmt"

	"wardmap/gis"
)

const violationCount = 60

var violationStatuses = []string{"found", "recorded", "resolved", "recurred", "escalated"}

// violationTopic is how often a kind of violation is found, what the record
// says, who handles it and which report category brings it in.
type violationTopic struct {
	kind     string
	weight   float64
	text     string
	unit     string
	category string
}

var violationTopics = []violationTopic{
	{"encroachment", 20, "Bày bán hàng hóa, kê bàn ghế lấn chiếm vỉa hè, lòng đường", unitOrder, "encroachment"},
	{"market", 6, "Họp chợ tạm, bán hàng rong dưới lòng đường", unitOrder, "encroachment"},
	{"parking", 10, "Đỗ ô tô trên vỉa hè, cản trở người đi bộ", unitPolice, "encroachment"},
	{"illegal_ads", 12, "Dán, treo quảng cáo rao vặt trên cột điện, tường rào", unitOrder, "illegal_ads"},
	{"construction_waste", 8, "Tập kết vật liệu, phế thải xây dựng trên vỉa hè", unitUrban, "construction"},
	{"household_waste", 10, "Đổ rác sinh hoạt không đúng nơi quy định", unitServices, "waste"},
	{"construction_unpermitted", 5, "Xây dựng công trình không có giấy phép", unitUrban, "construction"},
	{"unsafe_construction", 3, "Công trường không che chắn, rơi vãi vật liệu", unitUrban, "construction"},
	{"tangled_cables", 5, "Dây điện, cáp viễn thông chằng chịt, võng thấp", unitUrban, "other"},
	{"dangerous_tree", 4, "Cây xanh mục gốc, nghiêng ra lòng đường", unitServices, "trees"},
	{"other", 2, "Lắp mái che, biển hiệu vượt quá chỉ giới xây dựng", unitOrder, "other"},
}

// makeViolations records violations in every status. A recurrence is put
// where an earlier violation of the same kind was, which is what makes a
// hotspot; some come from a field report of the matching category.
func (b *builder) makeViolations() {
	g := newGen(11)
	ws := make([]float64, len(violationTopics))
	for i, t := range violationTopics {
		ws[i] = t.weight
	}
	linked := map[string]bool{}
	for i := range violationCount {
		t := violationTopics[g.weighted(ws...)]
		status := violationStatuses[i%len(violationStatuses)]
		if i == violationCount-len(violationStatuses) {
			// the last find is flyers on a pole, the commonest find of a
			// round: the commonest kind then has a case at every stage
			t = violationTopics[3]
		}
		pl := b.randomPlace(g)
		if status == "recurred" {
			if prev := b.earlierViolation(t.kind); prev >= 0 {
				pl = b.violationPlaces[prev]
				pl.at = pl.at.add(xy{g.between(-3, 3), g.between(-3, 3)})
			}
		}
		f := b.violation(g, t, status, pl)
		if r := b.matchingReport(t.category, linked); r != nil && g.chance(0.4) {
			f.Attrs["report_id"] = r.ID
			linked[r.ID] = true
		}
		b.violations = append(b.violations, f)
		b.violationPlaces = append(b.violationPlaces, pl)
	}
}

func (b *builder) violation(g *gen, t violationTopic, status string, pl place) *gis.Feature {
	f := g.feature(gis.Violation, toLonLat(pl.at))
	found := g.date(foundBetween(status))
	f.Attrs["kind"] = t.kind
	f.Attrs["description"] = t.text
	f.Attrs["address"] = pl.title()
	f.Attrs["found_on"] = found
	f.Attrs["found_by"] = pick(g, inspectors)
	f.Attrs["status"] = status
	f.Attrs["unit"] = t.unit
	f.Attrs["street_id"] = b.streets[pl.piece].ID
	if g.chance(0.8) {
		f.Attrs["violator"] = personName(g)
	}
	if status != "found" {
		b.records++
		rec := found.AddDays(g.r.IntN(3))
		f.Attrs["record_no"] = fmt.Sprintf("BB-2026-%04d", b.records)
		f.Attrs["record_date"] = rec
		f.Attrs["deadline"] = rec.AddDays(7 + g.r.IntN(24))
	}
	return f
}

// foundBetween is when a violation in status was found, as it would be a
// year into keeping records: the ones still open recent (a few of them
// past their deadline), the escalated ones months old, the resolved ones
// from any time in the year.
func foundBetween(status string) (gis.Date, gis.Date) {
	switch status {
	case "found":
		return demoToday.AddDays(-24), demoToday
	case "recorded":
		return demoToday.AddDays(-40), demoToday.AddDays(-3)
	case "recurred":
		return demoToday.AddDays(-60), demoToday.AddDays(-5)
	case "escalated":
		return demoToday.AddDays(-180), demoToday.AddDays(-60)
	}
	return demoToday.AddDays(-330), demoToday.AddDays(-10)
}

// earlierViolation returns the index of the latest violation of the kind.
func (b *builder) earlierViolation(kind string) int {
	for i := len(b.violations) - 1; i >= 0; i-- {
		if b.violations[i].Text("kind") == kind {
			return i
		}
	}
	return -1
}

// matchingReport returns the first report of the category not yet linked.
func (b *builder) matchingReport(category string, linked map[string]bool) *gis.Feature {
	for _, r := range b.reports {
		s := r.Text("status")
		if r.Text("category") == category && !linked[r.ID] && s != "duplicate" && s != "not_competent" {
			return r
		}
	}
	return nil
}
