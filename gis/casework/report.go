// Package casework is the life of the ward's cases: citizens' field reports
// (phản ánh hiện trường) and violations handled as enforcement cases (vi
// phạm, biên bản). It holds the rules, not the storage: service levels and
// deadlines, the allowed status transitions (every path ends in a final
// state), duplicate suggestions and merging, overdue detection and
// escalation, recurrence and hotspots, per-route counts against a baseline
// period, and the inputs of the plan's indicators. Pure Go over gis.
package casework

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Report statuses (gis.ReportSchema's enumeration).
const (
	Received     = "received"
	Assigned     = "assigned"
	InProgress   = "in_progress"
	Answered     = "answered"
	Closed       = "closed"
	Duplicate    = "duplicate"
	NotCompetent = "not_competent"
)

// ServiceLevel is how long the ward gives itself for a category of report,
// in calendar days from the day received, and the unit that takes it by
// default.
type ServiceLevel struct {
	Category string
	Days     int
	Unit     string
}

// ServiceLevels is the ward's service-level table, one per category of
// gis.ReportCategories.
var ServiceLevels = []ServiceLevel{
	{"waste", 2, "Trung tâm dịch vụ sự nghiệp công"},
	{"encroachment", 5, "Đội trật tự đô thị phường"},
	{"lighting", 3, "Trung tâm dịch vụ sự nghiệp công"},
	{"trees", 5, "Trung tâm dịch vụ sự nghiệp công"},
	{"drainage", 3, "Phòng Kinh tế, Hạ tầng và Đô thị"},
	{"roads", 7, "Phòng Kinh tế, Hạ tầng và Đô thị"},
	{"illegal_ads", 3, "Đội trật tự đô thị phường"},
	{"construction", 7, "Phòng Kinh tế, Hạ tầng và Đô thị"},
	{"security", 2, "Công an phường Kiến An"},
	{"other", 10, "Phòng Kinh tế, Hạ tầng và Đô thị"},
}

// Level returns the service level of a category.
func Level(category string) (ServiceLevel, error) {
	for _, l := range ServiceLevels {
		if l.Category == category {
			return l, nil
		}
	}
	return ServiceLevel{}, gis.Errorf(gis.EINVALID, "lĩnh vực không rõ %q (unknown category)", category)
}

// Deadline is the day a report received at t must be answered by: the
// local day received plus the category's service-level days.
func Deadline(category string, received time.Time) (gis.Date, error) {
	l, err := Level(category)
	if err != nil {
		return gis.Date{}, err
	}
	return gis.LocalDate(received).AddDays(l.Days), nil
}

// reportMoves are the allowed report transitions. Closed, duplicate and
// not_competent are final; every other state has a way to one of them.
var reportMoves = map[string][]string{
	Received:   {Assigned, Duplicate, NotCompetent},
	Assigned:   {InProgress, Answered, Assigned, Duplicate, NotCompetent},
	InProgress: {Answered, Assigned, Duplicate, NotCompetent},
	Answered:   {Closed, InProgress},
}

// ReportStatuses lists every report status, open ones first.
var ReportStatuses = []string{Received, Assigned, InProgress, Answered, Closed, Duplicate, NotCompetent}

// ReportFinal reports whether a status ends a report's life.
func ReportFinal(status string) bool {
	return status == Closed || status == Duplicate || status == NotCompetent
}

// ReportOpen reports whether a report still waits for the ward: not final
// and not yet answered.
func ReportOpen(status string) bool {
	return status == Received || status == Assigned || status == InProgress
}

// NextReportStatuses returns where a report may go from a status.
func NextReportStatuses(from string) []string { return slices.Clone(reportMoves[from]) }

// CanMoveReport checks one report transition.
func CanMoveReport(from, to string) error {
	if !slices.Contains(ReportStatuses, to) {
		return gis.Errorf(gis.EINVALID, "trạng thái không rõ %q (unknown status); dùng (use): %s", to, strings.Join(ReportStatuses, ", "))
	}
	if slices.Contains(reportMoves[from], to) {
		return nil
	}
	if ReportFinal(from) {
		return gis.Errorf(gis.ECONFLICT, "phản ánh đã kết thúc (%s), không chuyển sang %s được (the report is final)", from, to)
	}
	return gis.Errorf(gis.EINVALID, "không chuyển từ %s sang %s được (transition not allowed); từ %s chỉ sang (allowed): %s",
		from, to, from, strings.Join(reportMoves[from], ", "))
}

// Step is one action on a report.
type Step struct {
	To          string    // the new status
	At          time.Time // when
	Unit        string    // assigned: the unit (default: the category's)
	Deadline    gis.Date  // assigned: a deadline other than the service level's
	Answer      string    // answered: the public answer
	Reason      string    // duplicate, not_competent: why
	DuplicateOf string    // duplicate: the report it repeats
	Note        string    // a private note, appended
}

// Apply moves a report by one step, checking the transition and what the
// new status needs: a unit when assigned, a public answer when answered, a
// reason for duplicate and not_competent, the original for a duplicate.
// Final states get closed_on. The report is unchanged on error.
func Apply(r *gis.Feature, s Step) error {
	if r.Kind != gis.Report {
		return gis.Errorf(gis.EINVALID, "%s không phải phản ánh (not a report)", r.ID)
	}
	from := r.Text("status")
	if err := CanMoveReport(from, s.To); err != nil {
		return err
	}
	set := map[string]any{"status": s.To}
	switch s.To {
	case Assigned:
		unit := strings.TrimSpace(s.Unit)
		l, err := Level(r.Text("category"))
		if unit == "" {
			if err != nil {
				return err
			}
			unit = l.Unit
		}
		set["unit"] = unit
		if !s.Deadline.IsZero() {
			set["deadline"] = s.Deadline
		} else if _, ok := r.Date("deadline"); !ok {
			rt, ok := r.Time("received_at")
			if !ok || err != nil {
				return gis.Errorf(gis.EINVALID, "phản ánh thiếu thời điểm tiếp nhận hoặc lĩnh vực (no received_at or category)")
			}
			set["deadline"] = gis.LocalDate(rt).AddDays(l.Days)
		}
	case Answered:
		if strings.TrimSpace(s.Answer) == "" && r.Text("public_answer") == "" {
			return gis.Errorf(gis.EINVALID, "cần nội dung trả lời công khai (a public answer is needed)")
		}
		if strings.TrimSpace(s.Answer) != "" {
			set["public_answer"] = strings.TrimSpace(s.Answer)
		}
	case Duplicate, NotCompetent:
		if strings.TrimSpace(s.Reason) == "" {
			return gis.Errorf(gis.EINVALID, "cần lý do (a reason is needed for %s)", s.To)
		}
		set["reason"] = strings.TrimSpace(s.Reason)
		if s.To == Duplicate {
			if !gis.ValidID(s.DuplicateOf) || s.DuplicateOf == r.ID {
				return gis.Errorf(gis.EINVALID, "cần phản ánh gốc hợp lệ (the original report's id is needed)")
			}
			set["duplicate_of"] = s.DuplicateOf
		}
	}
	if ReportFinal(s.To) {
		set["closed_on"] = gis.LocalDate(s.At)
	}
	if n := strings.TrimSpace(s.Note); n != "" {
		if old := r.Text("private_note"); old != "" {
			n = old + "\n" + n
		}
		set["private_note"] = n
	}
	for k, v := range set {
		r.Attrs[k] = v
	}
	return nil
}

// EffectiveDeadline is a report's deadline, or, before one is set, the
// service level's deadline from the day received.
func EffectiveDeadline(r *gis.Feature) (gis.Date, bool) {
	if d, ok := r.Date("deadline"); ok {
		return d, true
	}
	rt, ok := r.Time("received_at")
	if !ok {
		return gis.Date{}, false
	}
	d, err := Deadline(r.Text("category"), rt)
	return d, err == nil
}

// Escalation levels of an overdue case.
const (
	NotOverdue = 0
	Remind     = 1 // overdue: the unit is reminded
	Leadership = 2 // overdue by EscalateAfter days or more: ward leadership is told
)

// EscalateAfter is how many days overdue a case goes to the leadership.
const EscalateAfter = 3

// Overdue says how many days past its deadline an unanswered report is on
// today (0 when it is not) and its escalation level. Answered reports wait
// only for closing and are not overdue.
func Overdue(r *gis.Feature, today gis.Date) (days, level int) {
	if !ReportOpen(r.Text("status")) {
		return 0, NotOverdue
	}
	dl, ok := EffectiveDeadline(r)
	if !ok || !dl.Before(today) {
		return 0, NotOverdue
	}
	days = int(today.Time().Sub(dl.Time()).Hours() / 24)
	if days >= EscalateAfter {
		return days, Leadership
	}
	return days, Remind
}

// LevelLabel names an escalation level.
func LevelLabel(level int) gis.Label {
	switch level {
	case Remind:
		return gis.Label{VI: "Quá hạn: nhắc đơn vị xử lý", EN: "Overdue: unit reminded"}
	case Leadership:
		return gis.Label{VI: "Quá hạn lâu: báo lãnh đạo phường", EN: "Long overdue: ward leadership told"}
	}
	return gis.Label{VI: "Trong hạn", EN: "Within deadline"}
}

// Duplicate suggestions: a report of the same category within DupRadius
// metres and DupWindow of an open one.
const (
	DupRadius = 50.0
	DupWindow = 7 * 24 * time.Hour
)

// Suggestion is a possible original of a report.
type Suggestion struct {
	ID       string  `json:"id"`
	Distance float64 `json:"distance_m"`
	Days     float64 `json:"days_apart"`
}

// SuggestDuplicates lists the reports r may repeat: not r, same category,
// not final (an answered one still counts: its reporter waits for closing),
// within DupRadius and DupWindow; nearest first.
func SuggestDuplicates(r *gis.Feature, all []*gis.Feature) []Suggestion {
	p, ok := r.Geom.(orb.Point)
	rt, ok2 := r.Time("received_at")
	if !ok || !ok2 {
		return nil
	}
	var out []Suggestion
	for _, o := range all {
		if o.ID == r.ID || o.Kind != gis.Report || o.Deleted || o.Text("category") != r.Text("category") || ReportFinal(o.Text("status")) {
			continue
		}
		q, ok := o.Geom.(orb.Point)
		ot, ok2 := o.Time("received_at")
		if !ok || !ok2 {
			continue
		}
		dt := rt.Sub(ot)
		if dt < 0 {
			dt = -dt
		}
		d := Metres(p, q)
		if d <= DupRadius && dt <= DupWindow {
			out = append(out, Suggestion{ID: o.ID, Distance: math.Round(d*10) / 10, Days: math.Round(dt.Hours()/24*10) / 10})
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Merge marks dup as a duplicate of orig. The duplicate's reporter stays
// informed: Followers finds it again, and Answer passes the original's
// public answer on to it.
func Merge(dup, orig *gis.Feature, at time.Time) error {
	if ReportFinal(orig.Text("status")) && orig.Text("status") != Closed {
		return gis.Errorf(gis.EINVALID, "phản ánh gốc %s cũng là %s (the original is itself %s)", orig.ID, orig.Text("status"), orig.Text("status"))
	}
	rt, _ := orig.Time("received_at")
	return Apply(dup, Step{To: Duplicate, At: at, DuplicateOf: orig.ID,
		Reason: fmt.Sprintf("Trùng với phản ánh tiếp nhận ngày %s, sẽ được trả lời cùng phản ánh đó", gis.LocalDate(rt))})
}

// Followers returns the duplicates merged into a report.
func Followers(orig *gis.Feature, all []*gis.Feature) []*gis.Feature {
	var out []*gis.Feature
	for _, o := range all {
		if o.Kind == gis.Report && !o.Deleted && o.Text("status") == Duplicate && o.Text("duplicate_of") == orig.ID {
			out = append(out, o)
		}
	}
	return out
}

// Answer answers a report and passes the answer to its followers, so that
// everyone who reported the same problem reads it. It returns the
// followers changed.
func Answer(orig *gis.Feature, all []*gis.Feature, answer string, at time.Time) ([]*gis.Feature, error) {
	if err := Apply(orig, Step{To: Answered, At: at, Answer: answer}); err != nil {
		return nil, err
	}
	fs := Followers(orig, all)
	for _, f := range fs {
		f.Attrs["public_answer"] = orig.Text("public_answer")
	}
	return fs, nil
}

// Metres is the distance between two lon/lat points (equirectangular,
// exact enough within a ward).
func Metres(a, b orb.Point) float64 {
	kx, ky := gis.MetresPerDegree((a[1] + b[1]) / 2)
	return math.Hypot((b[0]-a[0])*kx, (b[1]-a[1])*ky)
}
