package inventory

// FeatureChunk is how many GeoJSON features a parser takes at a time.
const FeatureChunk = featureChunk
