package demo

import (
	"fmt"
	"time"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The ward's offices and schools, who report their own yes/no and share
// figures once a year (MT-04, VH-03, VH-04, CS-02).
var (
	demoSchools = []string{"Trường Mầm non Kiến An", "Trường Tiểu học Trần Thành Ngọ", "Trường THCS Kiến An"}
	demoOffices = []string{"UBND phường Kiến An", "Công an phường Kiến An", "Trạm Y tế phường Kiến An"}
)

// monthsOfFigures is how many past months each monthly figure is
// reported for.
const monthsOfFigures = 6

// Entries are the reported figures a ward has entered by today: each TDP
// head's Green Sunday for the last months and the year's share of
// cultured families and civilised-TDP registration; the collection
// company's monthly share of waste collected; each school's and office's
// yearly yes/no and share of officials on digital platforms. The values
// are seeded, the periods are the months before today, and each is
// entered a few days after its month ends, by whom the rules say.
func (w *Ward) Entries(today gis.Date) []indicator.Entry {
	g := newGen(13)
	var out []indicator.Entry
	add := func(code string, scope indicator.Scope, id, period string, v float64, by string, at gis.Date) {
		out = append(out, indicator.Entry{Code: code, Scope: scope, ScopeID: id, Period: period, Value: v, By: by,
			At: time.Date(at.Year, at.Month, at.Day, 9, 0, 0, 0, gis.VietnamTime).UTC()})
	}
	first := time.Date(today.Year, today.Month, 1, 0, 0, 0, 0, time.UTC)
	for m := monthsOfFigures; m >= 1; m-- {
		month := first.AddDate(0, -m, 0)
		period := month.Format("2006-01")
		entered := gis.DateOf(month.AddDate(0, 1, 2+g.r.IntN(5)))
		if today.Before(entered) {
			entered = today
		}
		for _, t := range w.ByKind(gis.TDP) {
			held := 1.0
			if g.chance(0.12) { // rain, or a head who forgot to organise it
				held = 0
			}
			add(indicator.EnvGreenSun, indicator.TDP, t.ID, period, held, t.Text("head"), entered)
		}
		add(indicator.EnvWaste, indicator.Ward, "", period, float64(int(g.between(95.5, 99.5)*10))/10, "Công ty CP Môi trường đô thị", entered)
	}
	year := fmt.Sprint(today.Year)
	for _, t := range w.ByKind(gis.TDP) {
		add(indicator.CulFamilies, indicator.TDP, t.ID, year, float64(int(g.between(88, 98)*10))/10, t.Text("head"), today.AddDays(-g.r.IntN(10)))
		registered := 1.0
		if g.chance(0.2) {
			registered = 0
		}
		add(indicator.CulTDP, indicator.TDP, t.ID, year, registered, t.Text("head"), today.AddDays(-g.r.IntN(10)))
	}
	for i, s := range demoSchools {
		add(indicator.EnvSort, indicator.Organisation, s, year, float64(1-i/2), s, today.AddDays(-g.r.IntN(20)))
		add(indicator.CulSchools, indicator.Organisation, s, year, 1, s, today.AddDays(-g.r.IntN(20)))
	}
	for _, o := range demoOffices {
		add(indicator.EnvSort, indicator.Organisation, o, year, 1, o, today.AddDays(-g.r.IntN(20)))
		add(indicator.CulOffices, indicator.Organisation, o, year, 1, o, today.AddDays(-g.r.IntN(20)))
		add(indicator.DigPlatforms, indicator.Organisation, o, year, float64(70+g.r.IntN(28)), o, today.AddDays(-g.r.IntN(20)))
	}
	return out
}
