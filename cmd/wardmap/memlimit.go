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
