package vrp

import "time"

// wallClock measures elapsed real time from its creation.
func wallClock() func() time.Duration {
	t0 := time.Now()
	return func() time.Duration { return time.Since(t0) }
}
