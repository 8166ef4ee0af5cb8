package osmimport

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// A PBF read once takes its plain nodes on the decoders, where their place
// in the file is unknown: a plain node after a way imports as in the
// sorted file (the whole file is read before any way is built), while an
// address node after a way, which the reading goroutine sees in order, is
// refused as before, and so is any node after a way read in three passes.
// The PBFs are written by osmium from XML, keeping the XML's order.
func TestPBFNodeAfterWay(t *testing.T) {
	if _, err := exec.LookPath("osmium"); err != nil {
		t.Fatal("osmium (osmium-tool) is required: .ci/deps.sh test installs it")
	}
	const (
		head   = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n"
		n1     = "<node id='1' version='1' lat='20.8000000' lon='106.6000000'/>\n"
		n2     = "<node id='2' version='1' lat='20.8000000' lon='106.6010000'/>\n"
		n3     = "<node id='3' version='1' lat='20.8010000' lon='106.6010000'/>\n"
		addr   = "<node id='4' version='1' lat='20.8005000' lon='106.6005000'><tag k='addr:housenumber' v='12'/><tag k='addr:street' v='Lê Lợi'/></node>\n"
		street = "<way id='10' version='1'><nd ref='1'/><nd ref='2'/><nd ref='3'/><tag k='highway' v='residential'/><tag k='name' v='Lê Lợi'/></way>\n"
		tail   = "</osm>\n"
	)
	dir := t.TempDir()
	pbf := func(name, doc string) string {
		t.Helper()
		xml := filepath.Join(dir, name+".osm")
		if err := os.WriteFile(xml, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, name+".osm.pbf")
		if msg, err := exec.Command("osmium", "cat", "--no-progress", "-o", out, xml).CombinedOutput(); err != nil {
			t.Fatalf("osmium cat: %v\n%s", err, msg)
		}
		return out
	}
	read := func(path string, max int64) (*Collector, error) {
		old := singlePassMax
		singlePassMax = max
		defer func() { singlePassMax = old }()
		var c Collector
		_, err := ReadFile(context.Background(), path, Options{}, &c)
		return &c, err
	}
	sorted := pbf("sorted", head+n1+n2+n3+addr+street+tail)
	want, err := read(sorted, 1<<62)
	if err != nil || len(want.Segments) != 1 || len(want.Addresses) != 1 {
		t.Fatalf("sorted file: %v, %d segments, %d addresses", err, len(want.Segments), len(want.Addresses))
	}
	plainLate := pbf("plain-late", head+n1+n2+addr+street+n3+tail)
	got, err := read(plainLate, 1<<62)
	if err != nil {
		t.Fatalf("plain node after a way, read once: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("plain node after a way, read once:\n got  %+v\n want %+v", got, want)
	}
	if _, err := read(plainLate, -1); !errors.Is(err, ErrUnsorted) {
		t.Errorf("plain node after a way, three passes: %v, want ErrUnsorted", err)
	}
	addrLate := pbf("addr-late", head+n1+n2+n3+street+addr+tail)
	for _, max := range []int64{1 << 62, -1} {
		if _, err := read(addrLate, max); !errors.Is(err, ErrUnsorted) {
			t.Errorf("address node after a way (read once: %v): %v, want ErrUnsorted", max > 0, err)
		}
	}
}
