package plan

import (
	"bytes"
	"fmt"
	"time"

	"wardmap/gis"
	"wardmap/gis/gpx"
)

// LeaveAt is when inspectors leave their start on the day, local time:
// the one rule for every time a plan shows (the Plan tab's stop list,
// the GPX waypoints, the printed route sheet).
const LeaveAt = 7*time.Hour + 30*time.Minute

// StartTime is the moment the day's routes start (LeaveAt on d.Date,
// Việt Nam time).
func (d *Day) StartTime() time.Time {
	return time.Date(d.Date.Year, d.Date.Month, d.Date.Day, 0, 0, 0, 0, gis.VietnamTime).Add(LeaveAt)
}

// At is the clock time s seconds after the routes start.
func (d *Day) At(s float64) time.Time {
	return d.StartTime().Add(time.Duration(s * float64(time.Second)))
}

// RouteFile is one inspector's GPX file as a device takes it.
type RouteFile struct {
	Inspector int
	Name      string // "inspector-N.gpx"
	Data      []byte
	// NotOnDevice is what the device profile could not hold (waypoints
	// and route parts dropped by gpx.Fit), so the planner can say so.
	NotOnDevice []string
}

// GPXFiles writes every route of the day as GPX for device dev, in
// memory: the CLI (`route plan --out`) and the Plan tab's export both
// write these bytes, so a handheld gets the same file from either.
func (d *Day) GPXFiles(dev gpx.Profile) ([]RouteFile, error) {
	out := make([]RouteFile, 0, len(d.Routes))
	start := d.StartTime()
	for i, r := range d.Routes {
		fit, dropped, err := gpx.Fit(d.GPX(i, start), dev, true)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := gpx.Write(&buf, fit, gpx.WriteOptions{Profile: dev, Truncate: true}); err != nil {
			return nil, fmt.Errorf("không ghi được GPX (cannot write GPX): %w", err)
		}
		f := RouteFile{Inspector: r.Inspector, Name: fmt.Sprintf("inspector-%d.gpx", r.Inspector), Data: buf.Bytes()}
		f.NotOnDevice = append(append(f.NotOnDevice, dropped.Waypoints...), dropped.Routes...)
		out = append(out, f)
	}
	return out, nil
}
