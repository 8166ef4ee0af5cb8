package main

import (
	"os"
	"runtime/debug"
)

// desktopMemoryLimit is the desktop's soft memory limit: near it the
// garbage collector runs more often instead of letting the heap grow to
// twice what is live (GOGC=100). A ward-scale frame of a million points
// keeps about 250 MB live; without the limit the heap peaked at 430–470
// MB, with it under 400 (BenchmarkMemoryMillion). It is soft: a larger
// live set still works, only with more collection.
const desktopMemoryLimit = 320 << 20

// limitDesktopMemory sets desktopMemoryLimit unless the user set
// GOMEMLIMIT, which wins.
func limitDesktopMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(desktopMemoryLimit)
	}
}
