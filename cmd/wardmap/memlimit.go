package main

import (
	"os"
	"runtime/debug"
)

// desktopMemoryLimit is the desktop's soft memory limit: near it the
// garbage collector runs more often instead of letting the heap grow to
// twice what is live (GOGC=100). A ward-scale frame of a million points
// keeps about 140 MB live (250 before the renderer stopped copying the
// points); BenchmarkMemoryMillion peaks at ~370 MB without the limit and
// ~300 MB with it. It is soft: a larger live set still works, only with
// more collection.
const desktopMemoryLimit = 320 << 20

// limitDesktopMemory sets desktopMemoryLimit unless the user set
// GOMEMLIMIT, which wins.
func limitDesktopMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(desktopMemoryLimit)
	}
}

// importGCPercent is the garbage collector's target for a batch import:
// the command holds the file's rows until one commit and exits, so letting
// the heap grow to five times what is live instead of twice saves
// collections (Downey at load 24, user+sys: 0.63 and 0.57 s at GOGC=100,
// 0.57 and 0.57 s at 400). importMemoryLimit keeps a
// huge file from growing the heap past it: near it the collector runs
// more often instead.
const (
	importGCPercent   = 400
	importMemoryLimit = 2 << 30
)

// tuneImportGC sets them unless the user set GOGC or GOMEMLIMIT.
func tuneImportGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(importGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}
