package remote_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/sync/remote"
)

// What an anonymous caller can do to the API: guess passwords in parallel,
// lock a named user out, ask for odd byte ranges.

// postLogin posts a login from a chosen loopback source address (every
// 127.x.y.z reaches the test server on Linux), so that one test plays
// several callers.
func postLogin(t testing.TB, url, from, user, pw string) (*http.Response, string) {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
	resp, err := c.Post(url+"/api/v1/login", "application/json", strings.NewReader(`{"user":"`+user+`","password":"`+pw+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// Sixteen guesses at once from one address: each is counted before its
// password is checked, so at most five are checked and the right one
// among them is not let through once the count is spent.
func TestLoginParallelGuessesCounted(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			s := newStack(t, kind)
			s.client(t, "lan", server.Inspector) // creates lan; its login succeeds from 127.0.0.1
			var checked, refused atomic.Int32
			var wg sync.WaitGroup
			for i := range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					pw := "guess"
					if i == 15 {
						pw = "mật-khẩu-lan"
					}
					resp, body := postLogin(t, s.ts.URL, "127.0.0.7", "lan", pw)
					switch resp.StatusCode {
					case 200, 401:
						checked.Add(1)
					case 429, 503:
						refused.Add(1)
						if resp.Header.Get("Retry-After") == "" {
							t.Errorf("%d without Retry-After: %s", resp.StatusCode, body)
						}
					default:
						t.Errorf("status %d: %s", resp.StatusCode, body)
					}
					if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
						t.Errorf("login answer Cache-Control %q, want no-store", cc)
					}
				}()
			}
			wg.Wait()
			if checked.Load() > 5 {
				t.Fatalf("%d of 16 parallel guesses were checked, want at most 5 (%d refused)", checked.Load(), refused.Load())
			}
		})
	}
}

// Six wrong passwords for lan from one address lock lan out there, not
// from lan's own address, and not a first login from a third one.
func TestLoginLockoutNotFromEveryAddress(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			s := newStack(t, kind)
			s.client(t, "lan", server.Inspector)
			for range 6 {
				postLogin(t, s.ts.URL, "127.0.0.66", "lan", "wrong-password")
			}
			if resp, body := postLogin(t, s.ts.URL, "127.0.0.66", "lan", "mật-khẩu-lan"); resp.StatusCode != 429 {
				t.Fatalf("attacker's address not throttled: %d %s", resp.StatusCode, body)
			}
			for _, from := range []string{"127.0.0.1", "127.0.0.9"} {
				if resp, body := postLogin(t, s.ts.URL, from, "lan", "mật-khẩu-lan"); resp.StatusCode != 200 {
					t.Fatalf("lan locked out from %s by someone else's guesses: %d %s", from, resp.StatusCode, body)
				}
			}
			// One address guessing many users is throttled as an address.
			var last int
			for i := range 40 {
				resp, _ := postLogin(t, s.ts.URL, "127.0.0.77", "user"+string(rune('a'+i%26))+string(rune('a'+i/26)), "wrong-password")
				last = resp.StatusCode
			}
			if last != 429 {
				t.Fatalf("40 guesses of 40 users from one address: last answer %d, want 429", last)
			}
		})
	}
}

// gatedStore holds every user lookup (done inside the hashing slot) until
// released, and counts them.
type gatedStore struct {
	server.Store
	entered chan struct{}
	release chan struct{}
	lookups atomic.Int32
}

func (g *gatedStore) UserByName(ctx context.Context, name string) (*server.User, error) {
	g.lookups.Add(1)
	g.entered <- struct{}{}
	<-g.release
	return g.Store.UserByName(ctx, name)
}

// With every hashing slot taken, a login waits HashWait and is told the
// server is busy; a throttled login never reaches the store or the hash.
func TestLoginHashingBounded(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			if _, err := s.svc.AddUser(ctx, ward, "lan", server.Inspector, "", "mật-khẩu-lan"); err != nil {
				t.Fatal(err)
			}
			g := &gatedStore{Store: s.svc.Store, entered: make(chan struct{}, 8), release: make(chan struct{})}
			svc := server.NewService(g)
			svc.HashSlots, svc.HashWait = 1, 50*time.Millisecond
			done := make(chan error)
			go func() {
				_, _, _, err := svc.Login(ctx, "lan", "mật-khẩu-lan", "198.51.100.1")
				done <- err
			}()
			<-g.entered // the first login holds the only slot
			start := time.Now()
			_, _, _, err := svc.Login(ctx, "lan", "wrong-password", "198.51.100.2")
			var busy *server.ErrBusy
			if !errors.As(err, &busy) || busy.RetryAfter <= 0 {
				t.Fatalf("second login with the slot taken: %v, want ErrBusy", err)
			}
			if waited := time.Since(start); waited < 50*time.Millisecond {
				t.Fatalf("busy after %v, before the wait", waited)
			}
			close(g.release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			// The busy answer did not count as a failure: five more are free.
			for range 5 {
				if _, _, _, err := svc.Login(ctx, "lan", "wrong-password", "198.51.100.2"); err == nil || errors.As(err, &busy) {
					t.Fatalf("wrong password: %v", err)
				}
			}
			before := g.lookups.Load()
			for range 20 {
				var th *server.ErrThrottled
				if _, _, _, err := svc.Login(ctx, "lan", "wrong-password", "198.51.100.2"); !errors.As(err, &th) {
					t.Fatalf("sixth failure: %v, want ErrThrottled", err)
				}
			}
			if n := g.lookups.Load() - before; n != 0 {
				t.Fatalf("throttled logins reached the store %d times", n)
			}
			// Names that cannot be a user's, passwords nobody types: refused
			// without a lookup or a hash.
			for _, name := range []string{"a\x00b", "\xff\xfe", strings.Repeat("x", 65), ""} {
				if _, _, _, err := svc.Login(ctx, name, "whatever-password", "198.51.100.3"); err == nil {
					t.Fatalf("login as %q accepted", name)
				}
			}
			if _, _, _, err := svc.Login(ctx, "lan", strings.Repeat("p", server.MaxPassword+1), "198.51.100.3"); err == nil {
				t.Fatal("long password accepted")
			}
			if n := g.lookups.Load() - before; n != 0 {
				t.Fatalf("impossible logins reached the store %d times", n)
			}
		})
	}
}

// Byte ranges of a photo: one range resumes a download, "bytes=-0" is
// 416, thousands of ranges get the whole blob once; every API answer says
// nosniff.
func TestBlobRanges(t *testing.T) {
	ctx := context.Background()
	s := newStack(t, "sqlite")
	c := s.client(t, "lan", server.Inspector)
	data := []byte(strings.Repeat("0123456789", 30))
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if _, err := s.st.PutChunk(ctx, ward, sha, int64(len(data)), 0, data); err != nil {
		t.Fatal(err)
	}
	get := func(rg string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, s.ts.URL+"/api/v1/blobs/"+sha, nil)
		req.Header.Set("Authorization", "Bearer "+c.Token)
		if rg != "" {
			req.Header.Set("Range", rg)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("Range %q: no nosniff", rg)
		}
		return resp, b
	}
	if resp, b := get("bytes=290-"); resp.StatusCode != 206 || string(b) != "0123456789" || resp.Header.Get("Content-Range") != "bytes 290-299/300" {
		t.Fatalf("resume: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Range"), b)
	}
	for _, rg := range []string{"bytes=-0", "bytes=-000"} {
		if resp, _ := get(rg); resp.StatusCode != 416 || resp.Header.Get("Content-Range") != "bytes */300" {
			t.Fatalf("%s: %d %q, want 416 bytes */300", rg, resp.StatusCode, resp.Header.Get("Content-Range"))
		}
	}
	many := make([]string, 5000)
	for i := range many {
		many[i] = "0-0"
	}
	if resp, b := get("bytes=" + strings.Join(many, ",")); resp.StatusCode != 200 || len(b) != len(data) {
		t.Fatalf("5000 ranges: %d, %d bytes for a %d-byte blob", resp.StatusCode, len(b), len(data))
	}
	resp, err := http.Get(s.ts.URL + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("error answer without nosniff")
	}
}

// A user may leave at most MaxPartialUploads uploads half done; one more
// is refused (507) until one completes; idle ones expire.
func TestPartialUploadQuota(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			c := s.client(t, "lan", server.Inspector)
			other := s.client(t, "binh", server.Inspector)
			blob := func(i int) ([]byte, string) {
				b := []byte(strings.Repeat(string(rune('a'+i%26)), 10) + strconv.Itoa(i))
				sum := sha256.Sum256(b)
				return b, hex.EncodeToString(sum[:])
			}
			put := func(c *remote.Client, data []byte, sha string, off, n int) int {
				req, _ := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/api/v1/blobs/%s?offset=%d&size=%d", s.ts.URL, sha, off, len(data)), bytes.NewReader(data[off:off+n]))
				req.Header.Set("Authorization", "Bearer "+c.Token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			for i := range server.MaxPartialUploads {
				data, sha := blob(i)
				if st := put(c, data, sha, 0, 5); st != 200 {
					t.Fatalf("partial upload %d: %d", i, st)
				}
			}
			data, sha := blob(99)
			if st := put(c, data, sha, 0, 5); st != http.StatusInsufficientStorage {
				t.Fatalf("partial upload past the quota: %d, want 507", st)
			}
			if st := put(other, data, sha, 0, 5); st != 200 {
				t.Fatalf("another user's upload: %d", st)
			}
			d0, s0 := blob(0)
			if st := put(c, d0, s0, 5, len(d0)-5); st != 200 {
				t.Fatalf("finishing a partial upload: %d", st)
			}
			if _, done, _ := s.st.Received(ctx, ward, s0); !done {
				t.Fatal("finished upload not complete")
			}
			d1, s1 := blob(1)
			if st := put(c, d1, s1, 0, 5); st != 200 {
				t.Fatalf("resuming a begun upload: %d", st)
			}
			d100, s100 := blob(100)
			if st := put(c, d100, s100, 0, 5); st != 200 {
				t.Fatalf("a new upload once one finished: %d", st)
			}
			if n, err := s.st.ExpireUploads(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
				t.Fatalf("fresh uploads expired: %d %v", n, err)
			}
			n, err := s.st.ExpireUploads(ctx, time.Now().Add(time.Hour))
			if err != nil || n != server.MaxPartialUploads+1 {
				t.Fatalf("expired %d (%v), want %d", n, err, server.MaxPartialUploads+1)
			}
			if got, _, _ := s.st.Received(ctx, ward, s1); got != 0 {
				t.Fatalf("expired upload still holds %d bytes", got)
			}
			if _, done, _ := s.st.Received(ctx, ward, s0); !done {
				t.Fatal("a complete blob expired")
			}
		})
	}
}
