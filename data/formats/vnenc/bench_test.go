package vnenc

import "testing"

// BenchmarkDecodeCheck is the per-value cost of reading a .dbf text value
// in TCVN3 and checking it reads as Vietnamese.
func BenchmarkDecodeCheck(b *testing.B) {
	raw, _ := Encode(TCVN3, "Số 12 phố Hàng Bạc, phường Hoàn Kiếm")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		s, err := Decode(TCVN3, raw)
		if err == nil {
			err = Check(s)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
