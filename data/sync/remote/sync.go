package remote

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"wardmap/data/sync/wire"
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
	if opt.PushBatch <= 0 {
		opt.PushBatch = 500
	}
	if opt.PageSize <= 0 {
		opt.PageSize = 5000
	}
	r := &syncRun{local: local, c: c, opt: opt}
	// In this order: the server must hold a laptop's changes and photos
	// before the laptop takes the server's, so that a conflict is found
	// on the server and a pulled record can show its photos.
	for _, step := range []func(context.Context) error{r.push, r.uploadPhotos, r.pull, r.downloadPhotos} {
		if err := step(ctx); err != nil {
			return r.sum, err
		}
	}
	return r.sum, local.SetSyncState(ctx, StateLastSync, time.Now().UTC().Format(time.RFC3339))
}

// syncRun is one Sync: its parts and what it did so far.
type syncRun struct {
	local Local
	c     *Client
	opt   Options
	sum   Summary
}

func (r *syncRun) report(stage string, done int) {
	if r.opt.Progress != nil {
		r.opt.Progress(Progress{Stage: stage, Done: done, Summary: r.sum})
	}
}

// clientID is this laptop's id for the server, made at its first sync.
func (r *syncRun) clientID(ctx context.Context) (string, error) {
	client, err := r.local.SyncState(ctx, StateClientID)
	if err != nil || client != "" {
		return client, err
	}
	client = gis.NewID()
	return client, r.local.SetSyncState(ctx, StateClientID, client)
}

// push sends the outbox in batches until it is empty.
func (r *syncRun) push(ctx context.Context) error {
	client, err := r.clientID(ctx)
	if err != nil {
		return err
	}
	for {
		ops, err := r.local.Outbox(ctx, r.opt.PushBatch)
		if err != nil || len(ops) == 0 {
			return err
		}
		for i := range ops {
			ops[i].Client = client
			r.sum.Warnings = append(r.sum.Warnings, cleanOp(&ops[i])...)
		}
		res, err := r.c.Push(ctx, ops)
		if err != nil {
			return fmt.Errorf("gửi thay đổi (push): %w", err)
		}
		if err := r.local.Acknowledge(ctx, ops, res); err != nil {
			return err
		}
		r.count(ops, res)
		r.report("push", r.sum.Pushed)
		if len(res) < len(ops) {
			return fmt.Errorf("máy chủ trả lời %d/%d thao tác (server answered %d of %d operations)", len(res), len(ops), len(res), len(ops))
		}
	}
}

// count adds a pushed batch's results to the summary.
func (r *syncRun) count(ops []wire.Op, res []wire.OpResult) {
	for i, x := range res {
		r.sum.Pushed++
		for _, w := range x.Warnings {
			what := x.OpID
			if i < len(ops) && ops[i].OpID == x.OpID {
				what = ops[i].Kind + " " + ops[i].ID
			}
			r.sum.Warnings = append(r.sum.Warnings, what+": "+w)
		}
		switch x.Status {
		case wire.Applied:
			r.sum.Applied++
		case wire.Conflicted:
			r.sum.Conflicts += len(x.Conflicts)
		case wire.Rejected:
			r.sum.Rejected++
		}
	}
}

// uploadPhotos sends the photos the server lacks, asking 500 at a time.
func (r *syncRun) uploadPhotos(ctx context.Context) error {
	hashes, err := r.local.BlobHashes(ctx)
	if err != nil {
		return err
	}
	for len(hashes) > 0 {
		n := min(len(hashes), 500)
		missing, err := r.c.MissingBlobs(ctx, hashes[:n])
		if err != nil {
			return fmt.Errorf("ảnh (photos): %w", err)
		}
		hashes = hashes[n:]
		for _, sha := range missing {
			data, err := r.local.Blob(ctx, sha)
			if err != nil {
				return err
			}
			if err := r.c.UploadBlob(ctx, sha, data); err != nil {
				return fmt.Errorf("tải ảnh lên (upload photo) %s: %w", sha[:12], err)
			}
			r.sum.PhotosUp++
			r.report("photos-up", r.sum.PhotosUp)
		}
	}
	return nil
}

// pull takes every change after the cursor, page by page.
func (r *syncRun) pull(ctx context.Context) error {
	cursor := int64(0)
	key := cursorKey(r.opt.Pull)
	if s, err := r.local.SyncState(ctx, key); err != nil {
		return err
	} else if s != "" {
		fmt.Sscan(s, &cursor)
	}
	q := r.opt.Pull
	q.Limit = r.opt.PageSize
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
			p, err := r.c.Changes(pctx, after, q)
			ch <- fetched{p, err}
		}()
		return ch
	}
	// A pull that stops early (the network, a Stop, a bad page) still
	// finishes the spatial index of what it wrote, so the map that stays
	// open shows every pulled row; the resumed pull then indexes row by row.
	finishCut := func(err error) error {
		if ferr := r.local.FinishPull(context.WithoutCancel(ctx)); ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	}
	next := fetch(cursor)
	for {
		f := <-next
		if f.err != nil {
			return finishCut(fmt.Errorf("nhận thay đổi (pull): %w", f.err))
		}
		p := f.p
		if p.More {
			next = fetch(p.Next)
		}
		if _, err := r.local.ApplyRemoteAt(ctx, key, p.Records, p.Next); err != nil {
			return finishCut(err)
		}
		r.sum.Pulled += len(p.Records)
		r.sum.Head = p.Head
		r.report("pull", r.sum.Pulled)
		if !p.More {
			break
		}
	}
	cancel()
	return r.local.FinishPull(ctx)
}

// downloadPhotos fetches the pulled records' photos this laptop lacks; one
// its laptop has not uploaded yet comes at a later sync.
func (r *syncRun) downloadPhotos(ctx context.Context) error {
	missing, err := r.local.MissingBlobs(ctx)
	if err != nil {
		return err
	}
	for _, sha := range missing {
		data, err := r.c.DownloadBlob(ctx, sha)
		if err != nil {
			if gis.ErrorCode(err) == gis.ENOTFOUND {
				continue // not uploaded yet by its laptop: next sync
			}
			return fmt.Errorf("tải ảnh về (download photo) %s: %w", sha[:12], err)
		}
		if _, err := r.local.PutBlob(ctx, sha, data); err != nil {
			return err
		}
		r.sum.PhotosDown++
		r.report("photos-down", r.sum.PhotosDown)
	}
	return nil
}

// cleanOp applies the stores' text rule (gis.CleanText) to an operation
// before it leaves the laptop: a NUL that an import or an older version
// left in a value would otherwise be refused by a PostgreSQL server. It
// returns a warning per field it cleaned.
func cleanOp(op *wire.Op) []string {
	var out []string
	for _, k := range op.CleanFields() {
		out = append(out, fmt.Sprintf("%s %s: %s: ký tự NUL hoặc byte không phải UTF-8 đã được thay bằng %s trước khi gửi (a NUL or bytes that are not UTF-8 were replaced by %s before sending)",
			op.Kind, op.ID, k, gis.Replacement, gis.Replacement))
	}
	return out
}
