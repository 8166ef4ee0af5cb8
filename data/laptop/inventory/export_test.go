package inventory

// FeatureChunk is how many GeoJSON features a parser takes at a time.
const FeatureChunk = featureChunk

// BuildChunk is how many records a goroutine maps at a time.
const BuildChunk = buildChunk
