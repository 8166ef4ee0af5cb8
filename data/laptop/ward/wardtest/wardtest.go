// Package wardtest holds the fixtures shared by the tests of the ward's
// use cases and of the programs that call them: the indicator model's
// edits and fresh read (the ward package's tests and the desktop's,
// cmd/internal/desktop, which drive the same model through the window's
// store), and a GPS walk along the demo ward's streets (track import by
// `wardmap track import` and by the window's planner).
package wardtest

import (
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// InstallPlate reads plate it (an item of the "plates not installed"
// indicator) from st and returns it marked installed, for the caller to
// save: the edit that moves that indicator by one.
func InstallPlate(tb testing.TB, st *gpkg.Store, it indicator.Item) *gis.Feature {
	tb.Helper()
	f, err := st.Get(tb.Context(), it.Kind, it.ID)
	if err != nil {
		tb.Fatal(err)
	}
	f.Attrs["status"] = "installed"
	delete(f.Attrs, "installed_on")
	return f
}

// InstallElsewhere installs plate it through a second connection to the
// store at db: a write the model is not told of, as a sync or a command
// makes one.
func InstallElsewhere(tb testing.TB, db string, it indicator.Item) {
	tb.Helper()
	other, err := gpkg.Open(tb.Context(), db, gpkg.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer other.Close()
	if err := other.Save(tb.Context(), "sync", InstallPlate(tb, other, it)); err != nil {
		tb.Fatal(err)
	}
}

// FreshBoard is the board a fresh read of st gives for period p on day
// today, every TDP and street included: what a kept model must give.
func FreshBoard(tb testing.TB, st *gpkg.Store, p indicator.Period, today gis.Date) *indicator.Board {
	tb.Helper()
	cat, in, err := st.IndicatorInput(tb.Context(), p, today)
	if err != nil {
		tb.Fatal(err)
	}
	return indicator.Compute(cat, in, p, indicator.Options{PerTDP: true, PerStreet: true})
}
