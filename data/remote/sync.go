package remote

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"wardmap/data/wire"
	"wardmap/gis"
)

// Local is the laptop's store as sync needs it (*gpkg.Store).
type Local interface {
	SyncState(ctx context.Context, key string) (string, error)
	SetSyncState(ctx context.Context, key, value string) error
	Outbox(ctx context.Context, limit int) ([]wire.Op, error)
	Acknowledge(ctx context.Context, ops []wire.Op, results []wire.OpResult) error
	ApplyRemoteAt(ctx context.Context, key string, recs []wire.Record, cursor int64) (int, error)
	// FinishPull completes what the pages left for the end (the R-trees
	// of layers filled in bulk).
	FinishPull(ctx context.Context) error
	BlobHashes(ctx context.Context) ([]string, error)
	Blob(ctx context.Context, sha string) ([]byte, error)
	MissingBlobs(ctx context.Context) ([]string, error)
	PutBlob(ctx context.Context, sha string, data []byte) (string, error)
}

// Summary is what one sync did.
type Summary struct {
	Pushed, Applied, Conflicts, Rejected int
	Pulled                               int
	PhotosUp, PhotosDown                 int
	Head                                 int64
	// Warnings are what the server changed in applied operations (a text
	// cleaned of NUL or bytes that are not UTF-8), as "kind id: warning".
	Warnings []string
}

func (s Summary) String() string {
	out := fmt.Sprintf("đã gửi (pushed) %d, đã nhận (pulled) %d, xung đột (conflicts) %d, bị từ chối (rejected) %d, ảnh lên/xuống (photos up/down) %d/%d",
		s.Pushed, s.Pulled, s.Conflicts, s.Rejected, s.PhotosUp, s.PhotosDown)
	if len(s.Warnings) > 0 {
		out += fmt.Sprintf(", máy chủ đã sửa (cleaned by the server) %d", len(s.Warnings))
	}
	return out
}

// Progress reports a sync's stage and counts.
type Progress struct {
	Stage   string // push, photos-up, pull, photos-down
	Done    int
	Summary Summary
}

// Options tune a sync.
type Options struct {
	PushBatch int // operations per push (default 500)
	PageSize  int // records per pull page (default 5000, the server's most)
	Pull      PullQuery
	Progress  func(Progress)
}

// State keys in the local store.
const (
	StatePullRev  = "pull_rev"
	StateClientID = "client_id"
	StateServer   = "server"
	StateLastSync = "last_sync"
)

// cursorKey names the pull cursor of a filter: the full pull's is
// StatePullRev; a filtered pull keeps its own, so that it never makes a
// later full pull skip what it left out.
func cursorKey(q PullQuery) string {
	if len(q.Kinds) == 0 && q.Bound == nil {
		return StatePullRev
	}
	k := StatePullRev + ":" + strings.Join(q.Kinds, ",")
	if b := q.Bound; b != nil {
		k += fmt.Sprintf(":%g,%g,%g,%g", b[0], b[1], b[2], b[3])
	}
	return k
}

// Sync pushes the outbox, uploads photos, pulls everything new and
// downloads missing photos. Each step commits as it goes, so a sync cut
// anywhere loses nothing and the next one resumes.
func Sync(ctx context.Context, local Local, c *Client, opt Options) (Summary, error) {
	var sum Summary
	if opt.PushBatch <= 0 {
		opt.PushBatch = 500
	}
	if opt.PageSize <= 0 {
		opt.PageSize = 5000
	}
	report := func(stage string, done int) {
		if opt.Progress != nil {
			opt.Progress(Progress{Stage: stage, Done: done, Summary: sum})
		}
	}
	client, err := local.SyncState(ctx, StateClientID)
	if err != nil {
		return sum, err
	}
	if client == "" {
		client = gis.NewID()
		if err := local.SetSyncState(ctx, StateClientID, client); err != nil {
			return sum, err
		}
	}
	for {
		ops, err := local.Outbox(ctx, opt.PushBatch)
		if err != nil || len(ops) == 0 {
			if err != nil {
				return sum, err
			}
			break
		}
		for i := range ops {
			ops[i].Client = client
			sum.Warnings = append(sum.Warnings, cleanOp(&ops[i])...)
		}
		res, err := c.Push(ctx, ops)
		if err != nil {
			return sum, fmt.Errorf("gửi thay đổi (push): %w", err)
		}
		if err := local.Acknowledge(ctx, ops, res); err != nil {
			return sum, err
		}
		for i, r := range res {
			sum.Pushed++
			for _, w := range r.Warnings {
				what := r.OpID
				if i < len(ops) && ops[i].OpID == r.OpID {
					what = ops[i].Kind + " " + ops[i].ID
				}
				sum.Warnings = append(sum.Warnings, what+": "+w)
			}
			switch r.Status {
			case wire.Applied:
				sum.Applied++
			case wire.Conflicted:
				sum.Conflicts += len(r.Conflicts)
			case wire.Rejected:
				sum.Rejected++
			}
		}
		report("push", sum.Pushed)
		if len(res) < len(ops) {
			return sum, fmt.Errorf("máy chủ trả lời %d/%d thao tác (server answered %d of %d operations)", len(res), len(ops), len(res), len(ops))
		}
	}
	hashes, err := local.BlobHashes(ctx)
	if err != nil {
		return sum, err
	}
	for len(hashes) > 0 {
		n := min(len(hashes), 500)
		missing, err := c.MissingBlobs(ctx, hashes[:n])
		if err != nil {
			return sum, fmt.Errorf("ảnh (photos): %w", err)
		}
		hashes = hashes[n:]
		for _, sha := range missing {
			data, err := local.Blob(ctx, sha)
			if err != nil {
				return sum, err
			}
			if err := c.UploadBlob(ctx, sha, data); err != nil {
				return sum, fmt.Errorf("tải ảnh lên (upload photo) %s: %w", sha[:12], err)
			}
			sum.PhotosUp++
			report("photos-up", sum.PhotosUp)
		}
	}
	cursor := int64(0)
	key := cursorKey(opt.Pull)
	if s, err := local.SyncState(ctx, key); err != nil {
		return sum, err
	} else if s != "" {
		fmt.Sscan(s, &cursor)
	}
	q := opt.Pull
	q.Limit = opt.PageSize
	// The next page is fetched while this one is written: the server's
	// read and the network overlap the laptop's writes. Each page and its
	// cursor still commit together, in order.
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type fetched struct {
		p   *wire.Page
		err error
	}
	fetch := func(after int64) <-chan fetched {
		ch := make(chan fetched, 1)
		go func() {
			p, err := c.Changes(pctx, after, q)
			ch <- fetched{p, err}
		}()
		return ch
	}
	// A pull that stops early (the network, a Stop, a bad page) still
	// finishes the spatial index of what it wrote, so the map that stays
	// open shows every pulled row; the resumed pull then indexes row by row.
	finishCut := func(err error) error {
		if ferr := local.FinishPull(context.WithoutCancel(ctx)); ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	}
	next := fetch(cursor)
	for {
		f := <-next
		if f.err != nil {
			return sum, finishCut(fmt.Errorf("nhận thay đổi (pull): %w", f.err))
		}
		p := f.p
		if p.More {
			next = fetch(p.Next)
		}
		if _, err := local.ApplyRemoteAt(ctx, key, p.Records, p.Next); err != nil {
			return sum, finishCut(err)
		}
		sum.Pulled += len(p.Records)
		sum.Head = p.Head
		cursor = p.Next
		report("pull", sum.Pulled)
		if !p.More {
			break
		}
	}
	cancel()
	if err := local.FinishPull(ctx); err != nil {
		return sum, err
	}
	missing, err := local.MissingBlobs(ctx)
	if err != nil {
		return sum, err
	}
	for _, sha := range missing {
		data, err := c.DownloadBlob(ctx, sha)
		if err != nil {
			if gis.ErrorCode(err) == gis.ENOTFOUND {
				continue // not uploaded yet by its laptop: next sync
			}
			return sum, fmt.Errorf("tải ảnh về (download photo) %s: %w", sha[:12], err)
		}
		if _, err := local.PutBlob(ctx, sha, data); err != nil {
			return sum, err
		}
		sum.PhotosDown++
		report("photos-down", sum.PhotosDown)
	}
	return sum, local.SetSyncState(ctx, StateLastSync, time.Now().UTC().Format(time.RFC3339))
}

// cleanOp applies the stores' text rule (gis.CleanText) to an operation
// before it leaves the laptop: a NUL that an import or an older version
// left in a value would otherwise be refused by a PostgreSQL server. It
// returns a warning per field it cleaned.
func cleanOp(op *wire.Op) []string {
	var out []string
	names := make([]string, 0, len(op.Fields))
	for k := range op.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if v, changed := gis.CleanValue(op.Fields[k]); changed {
			op.Fields[k] = v
			out = append(out, fmt.Sprintf("%s %s: %s: ký tự NUL hoặc byte không phải UTF-8 đã được thay bằng %s trước khi gửi (a NUL or bytes that are not UTF-8 were replaced by %s before sending)",
				op.Kind, op.ID, k, gis.Replacement, gis.Replacement))
		}
	}
	return out
}
