package desktop

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the window's soft memory limit: near it the garbage
// collector runs more often instead of letting the heap grow to twice
// what is live (GOGC=100). A ward-scale frame of a million points keeps
// about 140 MB live (250 before the renderer stopped copying the points);
// BenchmarkMemoryMillion peaks at ~370 MB without the limit and ~300 MB
// with it. It is soft: a larger live set still works, only with more
// collection.
const memoryLimit = 320 << 20

// LimitMemory sets the window's soft memory limit unless the user set
// GOMEMLIMIT, which wins. Run calls it; so does the memory benchmark.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
