package gpkg_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// outboxOf lists a record's outbox entries as op:fields, oldest first.
func outboxOf(t *testing.T, s *gpkg.Store, id string) []string {
	t.Helper()
	var ops string
	if err := s.QueryRow(context.Background(), "SELECT coalesce(group_concat(op || ':' || fields, ' | '), '') FROM (SELECT * FROM wm_outbox WHERE record_id = '"+id+"' ORDER BY fid)", &ops); err != nil {
		t.Fatal(err)
	}
	if ops == "" {
		return nil
	}
	return strings.Split(ops, " | ")
}

// The outbox holds each record's net change: an edit undone and redone
// (three saves) is one update; an insert undone before a push is nothing,
// and its redo queues the insert again; a delete undone is nothing.
func TestOutboxHoldsNetChange(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	l := lamp(106.63, 20.82, "working")
	if err := s.Insert(ctx, "an", l); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Outbox(ctx, 100); err != nil { // the insert is pushed
		t.Fatal(err)
	}
	for _, st := range []string{"broken", "working", "broken"} { // edit, undo, redo
		l.Attrs["status"] = st
		if err := s.Save(ctx, "an", l); err != nil {
			t.Fatal(err)
		}
	}
	got := outboxOf(t, s, l.ID)
	if len(got) != 2 || !strings.HasPrefix(got[0], "insert:") || got[1] != `update:{"status":"broken"}` {
		t.Fatalf("after edit, undo, redo: outbox %q, want the sent insert and one update to broken", got)
	}
	// delete then restore: the delete never leaves
	if err := s.Delete(ctx, "an", gis.Lamp, l.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, "an", func(tx *gpkg.Tx) error { return tx.Restore(ctx, gis.Lamp, l.ID) }); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, s, l.ID); len(got) != 2 {
		t.Fatalf("after delete and restore: outbox %q, want it unchanged", got)
	}

	// a new record undone before any push: nothing; redone: its insert
	n := lamp(106.631, 20.82, "working")
	if err := s.Insert(ctx, "an", n); err != nil {
		t.Fatal(err)
	}
	n.Attrs["power_w"] = 60.0
	if err := s.Save(ctx, "an", n); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, s, n.ID); len(got) != 1 || !strings.Contains(got[0], `"power_w":60`) || !strings.HasPrefix(got[0], "insert:") {
		t.Fatalf("insert then edit: outbox %q, want one insert holding the edit", got)
	}
	if err := s.Delete(ctx, "an", gis.Lamp, n.ID); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, s, n.ID); len(got) != 0 {
		t.Fatalf("insert undone: outbox %q, want nothing", got)
	}
	if err := s.Update(ctx, "an", func(tx *gpkg.Tx) error { return tx.Restore(ctx, gis.Lamp, n.ID) }); err != nil {
		t.Fatal(err)
	}
	got = outboxOf(t, s, n.ID)
	if len(got) != 1 || !strings.HasPrefix(got[0], "insert:") || !strings.Contains(got[0], `"pole_code"`) || !strings.Contains(got[0], `"geom"`) {
		t.Fatalf("insert redone: outbox %q, want the whole insert again", got)
	}
	if p, _ := s.Pending(ctx); p != 3 {
		t.Errorf("pending %d, want 3", p)
	}
}

// An entry handed to a push is never rewritten: the server may hold it,
// and its answer would acknowledge a change the server never saw.
func TestOutboxDoesNotFoldSentEntries(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	l := lamp(106.63, 20.82, "working")
	if err := s.Insert(ctx, "an", l); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Outbox(ctx, 100); err != nil { // in flight
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "an", gis.Lamp, l.ID); err != nil {
		t.Fatal(err)
	}
	got := outboxOf(t, s, l.ID)
	if len(got) != 2 || got[1] != "delete:{}" {
		t.Fatalf("outbox %q, want the sent insert and a delete", got)
	}
}

// A loaded record's insert waits in the outbox as a lazy entry: a pull of
// the same record (the server holding an older push of it) keeps every
// local value, as it keeps the fields of an eager insert; a later edit of
// it is in the insert, not an entry of its own.
func TestLazyInsertOverlay(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	l := lamp(106.63, 20.82, "working")
	l.Attrs["pole_code"] = "KA-7"
	if err := s.Load(ctx, []*gis.Feature{l}, gpkg.LoadOptions{User: "an", Outbox: true}); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, s, l.ID); len(got) != 1 || got[0] != "insert:" {
		t.Fatalf("outbox = %q, want one lazy insert", got)
	}
	l.Attrs["status"] = "broken"
	if err := s.Save(ctx, "an", l); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, s, l.ID); len(got) != 1 || got[0] != "insert:" {
		t.Fatalf("outbox after an edit = %q, want the lazy insert alone", got)
	}
	remote := wire.Record{Kind: string(gis.Lamp), ID: l.ID, Rev: 4, CreatedAt: time.Now(), UpdatedAt: time.Now(),
		Fields: map[string]any{"status": "missing", "pole_code": "KA-9", "geom": map[string]any{"type": "Point", "coordinates": []any{106.7, 20.9}}}}
	if _, err := s.ApplyRemote(ctx, []wire.Record{remote}, 4); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, gis.Lamp, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rev != 4 || got.Attrs["status"] != "broken" || got.Attrs["pole_code"] != "KA-7" || got.Geom != (orb.Point{106.63, 20.82}) {
		t.Fatalf("after the pull: rev %d %v %v", got.Rev, got.Attrs, got.Geom)
	}
	ops, err := s.Outbox(ctx, 10)
	if err != nil || len(ops) != 1 {
		t.Fatalf("outbox: %v %v", ops, err)
	}
	if ops[0].Op != "insert" || ops[0].Fields["status"] != "broken" || ops[0].Fields["pole_code"] != "KA-7" {
		t.Fatalf("pushed insert = %+v", ops[0])
	}
}
