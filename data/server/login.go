package server

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"runtime"
	"sync"
	"time"

	"wardmap/gis"
)

// Login is the one thing an anonymous caller can make the server work
// hard for: argon2id costs ~64 MiB and a few hundred ms of CPU a try, by
// design. So a try is (1) refused cheaply when it cannot be a user's,
// (2) counted against the throttle before its password is checked, so that
// parallel guesses cannot outrun the count, and (3) hashed only through a
// gate of a few slots sized to the machine, waiting at most HashWait for
// one; beyond that the caller is told to come back (ErrBusy, HTTP 503).

// MaxPassword is the longest password accepted (bytes): argon2 pre-hashes
// any length, but nobody types more, and a long one costs hashing time.
const MaxPassword = 1024

// userNameRe is compiled on first use: the letter and digit classes
// repeated 64 times take ~3 ms and 2.5 MB to compile, which every wardmap
// command paid at start whether it checks a user name or not.
var userNameRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[\p{L}\p{N}._@-]{1,64}$`)
})

// ValidUserName reports whether s can be a user's name (AddUser's rule).
func ValidUserName(s string) bool { return userNameRe().MatchString(s) }

// ErrBusy is a login refused because every hashing slot stayed taken for
// the whole wait: the caller retries after RetryAfter.
type ErrBusy struct{ RetryAfter time.Duration }

func (e *ErrBusy) Error() string {
	return fmt.Sprintf("máy chủ đang bận, thử lại sau %s (server busy, retry after %s)", e.RetryAfter.Round(time.Second), e.RetryAfter.Round(time.Second))
}

// DefaultHashSlots is how many argon2id hashes run at once: one per CPU
// (more only queue for the same cores), at most 4, so that the hashing
// of logins never holds more than 4 × 64 MiB.
func DefaultHashSlots() int { return min(max(runtime.GOMAXPROCS(0), 1), 4) }

// DefaultHashWait is the longest a login waits for a hashing slot: with
// a hash taking ~0.2-0.5 s, every answer stays under about 2 s.
const DefaultHashWait = time.Second

// hashGate bounds concurrent password hashing.
type hashGate struct {
	once  sync.Once
	slots chan struct{}
}

// acquire takes a slot, waiting at most wait; it returns the release.
func (g *hashGate) acquire(ctx context.Context, n int, wait time.Duration) (func(), error) {
	g.once.Do(func() { g.slots = make(chan struct{}, max(n, 1)) })
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, &ErrBusy{RetryAfter: 2 * time.Second}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Throttle limits, per hour: failures of one user from one address, of
// one address over every user, and of one user from addresses that never
// logged in as that user. Past a limit the key is locked for 30 s,
// doubling with each further try up to 15 minutes. The per-user limit
// spares the user's own known addresses, so that nobody locks a named
// user out by guessing from elsewhere.
const (
	pairFree = 5
	addrFree = 30
	userFree = 100
	// knownPerUser is how many addresses a user's successful logins are
	// remembered from.
	knownPerUser = 8
	// maxThrottleKeys bounds the throttle's memory; when it is full of
	// live keys, new callers are told the server is busy.
	maxThrottleKeys = 200_000
	throttleMemory  = time.Hour
)

// throttle counts login tries per key. It lives in memory: a restart
// forgives, which an attacker cannot trigger.
type throttle struct {
	mu     sync.Mutex
	m      map[string]*failures
	known  map[string][]string // user → addresses it logged in from, newest first
	pruned time.Time
}

type failures struct {
	n     int
	until time.Time
	last  time.Time
}

// attempt is one login try counted by admit.
type attempt struct {
	t    *throttle
	keys []string
	prev []time.Time // each key's lock before this try set one
	mine []time.Time // the lock this try set (zero if none)
}

// addrKey is what an address is throttled as: IPv6 by its /64, which one
// subscriber usually holds whole.
func addrKey(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		return client
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// admit counts a try of user from client before its password is checked,
// or refuses it while one of its keys is locked.
func (t *throttle) admit(now time.Time, user, client string) (*attempt, error) {
	addr := addrKey(client)
	type key struct {
		k    string
		free int
	}
	keys := []key{{"p:" + addr + "\x00" + user, pairFree}, {"a:" + addr, addrFree}}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m, t.known = map[string]*failures{}, map[string][]string{}
	}
	known := false
	for _, a := range t.known[user] {
		known = known || a == addr
	}
	if !known {
		keys = append(keys, key{"u:" + user, userFree})
	}
	var wait time.Duration
	for _, k := range keys {
		if f := t.m[k.k]; f != nil && f.until.After(now) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	if wait > 0 {
		return nil, &ErrThrottled{wait}
	}
	if len(t.m)+len(keys) > maxThrottleKeys {
		t.prune(now)
		if len(t.m)+len(keys) > maxThrottleKeys {
			return nil, &ErrBusy{RetryAfter: time.Minute}
		}
	}
	a := &attempt{t: t}
	for _, k := range keys {
		f := t.m[k.k]
		if f == nil || now.Sub(f.last) > throttleMemory {
			f = &failures{}
			t.m[k.k] = f
		}
		f.n++
		f.last = now
		a.keys, a.prev = append(a.keys, k.k), append(a.prev, f.until)
		var mine time.Time
		if f.n >= k.free {
			d := 30 * time.Second << min(f.n-k.free, 5)
			mine = now.Add(min(d, 15*time.Minute))
			f.until = mine
		}
		a.mine = append(a.mine, mine)
	}
	return a, nil
}

// undo takes back the count of a try whose password was right or never
// checked; a lock it set is lifted.
func (a *attempt) undo() {
	a.t.mu.Lock()
	defer a.t.mu.Unlock()
	for i, k := range a.keys {
		f := a.t.m[k]
		if f == nil {
			continue
		}
		f.n = max(f.n-1, 0)
		if !a.mine[i].IsZero() && f.until.Equal(a.mine[i]) {
			f.until = a.prev[i]
		}
	}
}

// succeeded forgets the user's failures from this address and remembers
// the address as the user's.
func (a *attempt) succeeded(user, client string) {
	a.undo()
	addr := addrKey(client)
	a.t.mu.Lock()
	defer a.t.mu.Unlock()
	delete(a.t.m, a.keys[0])
	ks := []string{addr}
	for _, k := range a.t.known[user] {
		if k != addr && len(ks) < knownPerUser {
			ks = append(ks, k)
		}
	}
	a.t.known[user] = ks
}

// prune drops keys not tried for throttleMemory and no longer locked
// (t.mu held); at most once a second, so that a full map is not walked
// on every try.
func (t *throttle) prune(now time.Time) {
	if now.Sub(t.pruned) < time.Second {
		return
	}
	t.pruned = now
	for k, f := range t.m {
		if now.Sub(f.last) > throttleMemory && !f.until.After(now) {
			delete(t.m, k)
		}
	}
}

var errLogin = gis.Errorf(gis.EUNAUTHORIZED, "sai tên hoặc mật khẩu (wrong user name or password)")

// ErrThrottled is a login refused because of recent failures.
type ErrThrottled struct{ RetryAfter time.Duration }

func (e *ErrThrottled) Error() string {
	return fmt.Sprintf("quá nhiều lần đăng nhập sai, thử lại sau %s (too many failed logins, retry after %s)", e.RetryAfter.Round(time.Second), e.RetryAfter.Round(time.Second))
}

// checkLogin checks name and password for Login: cheap refusals first,
// then the throttle, then the hash through the gate.
func (s *Service) checkLogin(ctx context.Context, now time.Time, name, pw, client string) (*User, error) {
	if !ValidUserName(name) || len(pw) > MaxPassword {
		// Cannot be anyone's: no hashing, and nothing learnt from it.
		return nil, errLogin
	}
	try, err := s.throttle.admit(now, name, client)
	if err != nil {
		return nil, err
	}
	slots, wait := s.HashSlots, s.HashWait
	if slots <= 0 {
		slots = DefaultHashSlots()
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	release, err := s.gate.acquire(ctx, slots, wait)
	if err != nil {
		try.undo()
		return nil, err
	}
	defer func() {
		// The hash's 64 MiB are garbage now. Collected before the slot is
		// free, the next hash reuses them; left to the pacer, the heap
		// grew to twice the hashes in flight (wardd peaked at 281 MiB
		// under 32 logins with 2 slots, 152 MiB with this). A collection
		// of wardd's small heap costs little beside the hash itself.
		runtime.GC()
		release()
	}()
	u, err := s.Store.UserByName(ctx, name)
	if err != nil && gis.ErrorCode(err) != gis.ENOTFOUND {
		try.undo()
		return nil, err
	}
	ok := false
	if u != nil {
		ok = CheckPassword(u.PassHash, pw)
	} else {
		CheckPassword(dummyHash(), pw) // same time for unknown names
	}
	if !ok || u.Disabled {
		return nil, errLogin
	}
	try.succeeded(name, client)
	return u, nil
}
