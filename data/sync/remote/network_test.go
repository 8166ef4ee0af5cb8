package remote_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// A connection dropping in the middle of a pull page is retried and the
// pull resumes: the laptop ends with every record.
func TestPullResumesAfterDrop(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			a := laptop(t)
			var fs []*gis.Feature
			for i := 0; i < 300; i++ {
				fs = append(fs, newTree(float64(i%20)+1))
			}
			a.Insert(ctx, "an", fs...)
			syncOnce(t, a, s.client(t, "an", server.Inspector))
			px := newProxy(t, strings.TrimPrefix(s.ts.URL, "http://"))
			cb := s.clientAt(t, px.URL(), "binh", server.Inspector)
			var retries atomic.Int32
			cb.OnRetry = func(int, error, time.Duration) { retries.Add(1) }
			b := laptop(t)
			px.cutAfter(1, 40_000) // inside the first 100-record page
			sum, err := remote.Sync(ctx, b, cb, remote.Options{PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			if px.cuts.Load() != 1 || retries.Load() == 0 {
				t.Fatalf("no drop happened: cuts %d retries %d", px.cuts.Load(), retries.Load())
			}
			if sum.Pulled != 300 || sameAsServer(t, s, b, "b") != 300 {
				t.Fatalf("pulled %d", sum.Pulled)
			}
		})
	}
}

// A photo upload cut at 50% resumes from where the server's copy ends and
// the stored file hashes right; the laptop that lacks it downloads it.
func TestPhotoUploadResumes(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			var putBytes atomic.Int64
			inner := s.ts.Config.Handler
			s.ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPut {
					b, _ := io.ReadAll(r.Body)
					putBytes.Add(int64(len(b)))
					r.Body = io.NopCloser(bytes.NewReader(b))
				}
				inner.ServeHTTP(w, r)
			})
			px := newProxy(t, strings.TrimPrefix(s.ts.URL, "http://"))
			ca := s.clientAt(t, px.URL(), "an", server.Inspector)
			ca.ChunkSize = 64 << 10
			a := laptop(t)
			photo := make([]byte, 1<<20)
			for i := range photo {
				photo[i] = byte(i*31 + i>>8)
			}
			sha, err := a.PutBlob(ctx, "", photo)
			if err != nil {
				t.Fatal(err)
			}
			v := gis.NewFeature(gis.Violation, orb.Point{106.63, 20.81})
			v.Attrs["kind"], v.Attrs["status"], v.Attrs["found_on"] = "encroachment", "found", gis.DateOf(time.Now())
			att := gis.NewFeature(gis.Attachment, nil)
			att.Attrs["owner_kind"], att.Attrs["owner_id"], att.Attrs["sha256"] = "violation", v.ID, sha
			if err := a.Insert(ctx, "an", v, att); err != nil {
				t.Fatal(err)
			}
			px.cutAfter(2, int64(len(photo))/2)
			sum, err := remote.Sync(ctx, a, ca, remote.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if px.cuts.Load() != 1 || sum.PhotosUp != 1 {
				t.Fatalf("cuts %d, photos %d", px.cuts.Load(), sum.PhotosUp)
			}
			stored, err := s.st.Blob(ctx, ward, sha)
			if h := sha256.Sum256(stored); err != nil || hex.EncodeToString(h[:]) != sha {
				t.Fatalf("stored photo hashes wrong (%v)", err)
			}
			if n := putBytes.Load(); n > int64(len(photo))+2*64<<10 {
				t.Fatalf("upload restarted instead of resuming: %d bytes sent for %d", n, len(photo))
			}
			b := laptop(t)
			sum = syncOnce(t, b, s.client(t, "binh", server.Viewer))
			got, err := b.Blob(ctx, sha)
			if err != nil || !bytes.Equal(got, photo) || sum.PhotosDown != 1 {
				t.Fatalf("download: %v %d", err, sum.PhotosDown)
			}
		})
	}
}

// 20 laptops × 500 edits each, all syncing at once, converge: every
// laptop holds every record as the server has it, and the server's
// revisions run 1…N without a gap.
func TestManyLaptopsConverge(t *testing.T) {
	const laptops, edits = 20, 500
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			ls := make([]*gpkg.Store, laptops)
			cs := make([]*remote.Client, laptops)
			for i := range ls {
				ls[i] = laptop(t)
				cs[i] = s.client(t, "u"+string(rune('a'+i)), server.Inspector)
				fs := make([]*gis.Feature, 0, edits)
				for j := 0; j < edits; j++ {
					f := newTree(float64(j%30) + 1)
					f.Geom = orb.Point{106.60 + float64(i)*0.001, 20.80 + float64(j)*0.0001}
					fs = append(fs, f)
				}
				if err := ls[i].Insert(ctx, "u", fs...); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			errs := make(chan error, laptops)
			for i := range ls {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := remote.Sync(ctx, ls[i], cs[i], remote.Options{PushBatch: 100, PageSize: 2000}); err != nil {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			for i := range ls { // a second round brings what others pushed later
				if _, err := remote.Sync(ctx, ls[i], cs[i], remote.Options{PageSize: 5000}); err != nil {
					t.Fatal(err)
				}
			}
			revs, err := s.st.Revs(ctx, ward)
			if err != nil || len(revs) != laptops*edits {
				t.Fatalf("%d revisions, want %d (%v)", len(revs), laptops*edits, err)
			}
			for i, r := range revs {
				if r != int64(i+1) {
					t.Fatalf("gap at %d: revision %d", i, r)
				}
			}
			head, _ := s.st.Head(ctx, ward)
			for i, l := range ls {
				var n, top int64
				if err := l.QueryRow(ctx, "SELECT count(*), max(rev) FROM tree", &n, &top); err != nil {
					t.Fatal(err)
				}
				cur, _ := l.SyncState(ctx, remote.StatePullRev)
				pending, _ := l.Pending(ctx)
				if n != laptops*edits || top != head || cur != strconv.FormatInt(head, 10) || pending != 0 {
					t.Fatalf("laptop %d: %d trees, max rev %d, cursor %s, pending %d; server head %d", i, n, top, cur, pending, head)
				}
			}
			// Field by field for two of them (a full check of all 20 costs
			// minutes on a shared machine and shows nothing more).
			sameAsServer(t, s, ls[0], "laptop 0")
			sameAsServer(t, s, ls[laptops-1], "laptop 19")
		})
	}
}
