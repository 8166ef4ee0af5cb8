package demo_test

import (
	"fmt"

	"wardmap/gis"
	"wardmap/gis/demo"
)

func ExampleGenerate() {
	w := demo.Generate()
	fmt.Println(w.Name)
	fmt.Println(len(w.ByKind(gis.TDP)), "tổ dân phố")
	// Output:
	// Phường Kiến An (dữ liệu mẫu — DEMO DATA)
	// 12 tổ dân phố
}
