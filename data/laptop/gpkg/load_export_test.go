package gpkg

// SetLoadBatches sets the Loader's rows per INSERT and outbox entries per
// INSERT (1 and 1: the row-by-row path) until the returned func is called.
func SetLoadBatches(rows, outbox int) (restore func()) {
	r, o := batchRows, outboxBatch
	batchRows, outboxBatch = rows, outbox
	return func() { batchRows, outboxBatch = r, o }
}
