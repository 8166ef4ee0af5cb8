package desktop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/app"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func openTemp(t *testing.T) appStore {
	t.Helper()
	s, err := gpkg.Open(context.Background(), filepath.Join(t.TempDir(), "w.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return newAppStore(s)
}

// TestAppStoreApplyIsOneTransaction: a change set with one bad record
// writes nothing, not even its photo; a good one writes the record, its
// attachment and the photo's bytes, which the store gives back by hash.
func TestAppStoreApplyIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	v := gis.NewFeature(gis.Violation, orb.Point{106.6265, 20.8085})
	v.Attrs["kind"] = "encroachment"
	v.Attrs["status"] = "found"
	v.Attrs["found_on"] = gis.Date{Year: 2026, Month: 3, Day: 10}
	data := []byte("photo bytes")
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	att := gis.NewFeature(gis.Attachment, nil)
	att.Attrs["owner_kind"] = "violation"
	att.Attrs["owner_id"] = v.ID
	att.Attrs["sha256"] = hash
	att.Attrs["filename"] = "a.jpg"
	bad := gis.NewFeature(gis.Lamp, orb.Point{106.6265, 20.8085}) // no status: invalid
	err := s.Apply(ctx, "tester", app.Change{Blobs: []app.Blob{{SHA256: hash, Data: data}}, Insert: []*gis.Feature{v, att, bad}})
	if gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("err %v, want invalid", err)
	}
	if _, err := s.Get(ctx, gis.Violation, v.ID); gis.ErrorCode(err) != gis.ENOTFOUND {
		t.Fatalf("half of a failed change was written: %v", err)
	}
	var n int
	if err := s.QueryRow(ctx, `SELECT count(*) FROM wm_blob`, &n); err != nil || n != 0 {
		t.Fatalf("%d blobs after a failed change (%v)", n, err)
	}
	// a wrong hash is refused
	if err := s.Apply(ctx, "tester", app.Change{Blobs: []app.Blob{{SHA256: hash, Data: []byte("other")}}}); gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("mismatched hash: %v", err)
	}
	v2, att2 := cloneTestFeature(v), cloneTestFeature(att)
	if err := s.Apply(ctx, "tester", app.Change{Blobs: []app.Blob{{SHA256: hash, Data: data}}, Insert: []*gis.Feature{v2, att2}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, gis.Attachment, att.ID)
	if err != nil || got.Text("owner_id") != v.ID {
		t.Fatalf("attachment %v %v", got, err)
	}
	var size int
	if err := s.QueryRow(ctx, `SELECT size_bytes FROM wm_blob WHERE sha256 = '`+hash+`'`, &size); err != nil || size != len(data) {
		t.Fatalf("blob size %d (%v)", size, err)
	}
	// delete leaves a tombstone; restore brings it back
	ref := []app.Ref{{Kind: gis.Violation, ID: v.ID}}
	if err := s.Apply(ctx, "tester", app.Change{Delete: ref}); err != nil {
		t.Fatal(err)
	}
	if f, err := s.Get(ctx, gis.Violation, v.ID); err != nil || !f.Deleted {
		t.Fatalf("no tombstone: %v %v", f, err)
	}
	if err := s.Apply(ctx, "tester", app.Change{Restore: ref}); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.Get(ctx, gis.Violation, v.ID); f.Deleted {
		t.Fatal("not restored")
	}
}

// TestAppStoreSearchAcrossKinds finds streets and lamps of the demo ward
// without diacritics.
func TestAppStoreSearchAcrossKinds(t *testing.T) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, demoDB(t), gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st := newAppStore(s)
	fs, err := st.Search(ctx, "KA-L-0001", 10)
	if err != nil || len(fs) != 1 || fs[0].Kind != gis.Lamp {
		t.Fatalf("lamp search: %v %v", fs, err)
	}
	rs, err := s.Find(ctx, gpkg.Query{Kind: gis.Street, Limit: 1})
	if err != nil || len(rs) == 0 {
		t.Fatal(err)
	}
	name := rs[0].Text("name")
	fs, err = st.Search(ctx, gis.FoldASCII(name), 5)
	if err != nil || len(fs) == 0 || gis.FoldSearch(fs[0].Text("name")) != gis.FoldSearch(name) {
		t.Fatalf("search %q without diacritics: %v %v", gis.FoldASCII(name), fs, err)
	}
	if fs, _ := st.Search(ctx, "tim khong thay gi ca", 5); len(fs) != 0 {
		t.Errorf("nonsense found %d", len(fs))
	}
}

func cloneTestFeature(f *gis.Feature) *gis.Feature {
	c := *f
	c.Attrs = map[string]any{}
	for k, v := range f.Attrs {
		c.Attrs[k] = v
	}
	return &c
}
