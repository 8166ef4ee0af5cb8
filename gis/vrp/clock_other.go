//go:build !unix

package vrp

import "time"

// cpuClock falls back to real time where the CPU time is not at hand.
func cpuClock() func() time.Duration { return wallClock() }
