// Package citybench holds BenchmarkCity (make bench): a city of a hundred
// wards on one PostgreSQL + PostGIS, each ward's work measured next to the
// same work on a database of one ward. See README.md.
package citybench
