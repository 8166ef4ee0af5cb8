package indicator

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestAttributesCoverFormulas: every attribute the package's code reads
// through Feature.Text, Float, Bool, Date or Time is in Attributes, so a
// loader that reads only those leaves out nothing a formula needs.
func TestAttributesCoverFormulas(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\.(Text|Float|Bool|Date|Time)\("([a-z_]+)"\)`)
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen++
			if !slices.Contains(Attributes, m[2]) {
				t.Errorf("%s reads %q, which Attributes leaves out", name, m[2])
			}
		}
	}
	if seen < 20 {
		t.Fatalf("only %d attribute reads found: the pattern no longer matches the code", seen)
	}
}
