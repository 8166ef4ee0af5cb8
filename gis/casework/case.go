package casework

import "wardmap/gis"

// The inbox's rules over both kinds of case (field reports and
// violations), kept here so that every screen and command counts "open"
// and "overdue" alike.

// CaseOpen reports whether a case still waits for the ward: a report not
// yet answered or final, a violation not resolved.
func CaseOpen(f *gis.Feature) bool {
	if f.Kind == gis.Report {
		return ReportOpen(f.Text("status"))
	}
	return f.Text("status") != Resolved
}

// CaseOverdue is how many days past its deadline a case is on today (0:
// not overdue): a report waiting for the ward past its deadline or, before
// one is set, its service level's (Overdue); a violation not resolved past
// its correction deadline. A violation without a deadline (found, no
// record yet) is not overdue: its clock starts with the record.
func CaseOverdue(f *gis.Feature, today gis.Date) int {
	if f.Kind == gis.Report {
		days, _ := Overdue(f, today)
		return days
	}
	if !CaseOpen(f) {
		return 0
	}
	dl, ok := f.Date("deadline")
	if !ok || !dl.Before(today) {
		return 0
	}
	return int(today.Time().Sub(dl.Time()).Hours() / 24)
}
