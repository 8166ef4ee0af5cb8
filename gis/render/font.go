package render

// FontTTF returns the embedded DejaVu Sans (TrueType), the font that
// carries every Vietnamese letter, for documents drawn elsewhere (the PDF
// reports). The bytes are shared: do not modify them.
func FontTTF() []byte { return dejaVuSans }
