//go:build unix

package vrp

import (
	"syscall"
	"time"
)

// cpuClock measures the CPU time (user and system) the process used since
// its creation: on a shared machine a search then gets the computing it
// was given, however many other jobs run.
func cpuClock() func() time.Duration {
	t0 := cpuNow()
	return func() time.Duration { return cpuNow() - t0 }
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
