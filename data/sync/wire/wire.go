// Package wire holds the sync protocol's messages, shared by the laptop's
// store (data/laptop/gpkg), the server (data/server) and the HTTP client and
// handler (data/sync/remote). Field values travel as the local store keeps
// them: text, numbers, booleans as 0/1, dates "YYYY-MM-DD", times in
// RFC 3339 UTC, and the geometry under "geom" as a GeoJSON geometry.
package wire

import (
	"bytes"
	"encoding/json"
	"time"
)

// Operation names of an outbox entry.
const (
	OpInsert = "insert"
	OpUpdate = "update"
	OpDelete = "delete"
)

// Result statuses of one pushed operation.
const (
	// Applied: every field of the operation is on the server.
	Applied = "applied"
	// Conflicted: the fields not in Conflicts were applied; each conflict's
	// field kept the server's value, the pushed one went to history.
	Conflicted = "conflict"
	// Rejected: nothing applied (invalid, unknown record); Error says why.
	Rejected = "rejected"
)

// FieldDeleted is the pseudo-field of a record's tombstone in conflicts
// and field revisions.
const FieldDeleted = "deleted"

// Op is one local change: an outbox entry. OpID makes pushing it again
// harmless: the server applies each OpID at most once.
type Op struct {
	OpID    string         `json:"op_id"`
	Kind    string         `json:"kind"`
	ID      string         `json:"id"`
	Op      string         `json:"op"`
	Fields  map[string]any `json:"fields,omitempty"`
	BaseRev int64          `json:"base_rev"`
	At      time.Time      `json:"at"`
	By      string         `json:"by,omitempty"`
	// Client names the laptop (a UUID it keeps): a field last changed by
	// the same laptop is never a conflict with itself.
	Client string `json:"client,omitempty"`
}

// Conflict is one field edited on both sides since the laptop's base
// revision.
type Conflict struct {
	Field     string `json:"field"`
	Mine      any    `json:"mine"`
	Theirs    any    `json:"theirs"`
	TheirsRev int64  `json:"theirs_rev"`
	TheirsBy  string `json:"theirs_by,omitempty"`
}

// OpResult is the server's answer to one Op.
type OpResult struct {
	OpID      string     `json:"op_id"`
	Status    string     `json:"status"`
	Rev       int64      `json:"rev,omitempty"`
	Conflicts []Conflict `json:"conflicts,omitempty"`
	Error     string     `json:"error,omitempty"`
	// Warnings say what the server changed in an applied operation (a text
	// cleaned of NUL or bytes that are not UTF-8), one per field.
	Warnings []string `json:"warnings,omitempty"`
}

// PushRequest and PushResponse are POST /api/v1/push.
type PushRequest struct {
	Ops []Op `json:"ops"`
}

type PushResponse struct {
	Results []OpResult `json:"results"`
}

// Record is the server's current state of one record: every field, the
// revision of its last change, and the tombstone.
type Record struct {
	Kind      string           `json:"kind"`
	ID        string           `json:"id"`
	Rev       int64            `json:"rev"`
	Fields    map[string]any   `json:"fields"`
	FieldRevs map[string]int64 `json:"field_revs,omitempty"`
	// Origins names the laptop (Op.Client) of each field's last change.
	Origins   map[string]string `json:"origins,omitempty"`
	Deleted   bool              `json:"deleted,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	CreatedBy string            `json:"created_by,omitempty"`
	UpdatedAt time.Time         `json:"updated_at"`
	UpdatedBy string            `json:"updated_by,omitempty"`
}

// Page is GET /api/v1/changes: records changed after a revision, in
// revision order. Next is the cursor to ask from; More says whether to.
type Page struct {
	Records []Record `json:"records"`
	Next    int64    `json:"next"`
	More    bool     `json:"more"`
	Head    int64    `json:"head"`
}

// Change is one entry of a record's history on the server.
type Change struct {
	Rev    int64          `json:"rev"`
	Kind   string         `json:"kind"`
	ID     string         `json:"id"`
	Action string         `json:"action"` // insert, update, delete, conflict
	By     string         `json:"by"`
	At     time.Time      `json:"at"`
	Old    map[string]any `json:"old,omitempty"`
	New    map[string]any `json:"new,omitempty"`
	OpID   string         `json:"op_id,omitempty"`
}

// Same reports whether two wire values are equal, whatever their Go types
// after a JSON round trip (1, 1.0 and json.Number("1") are the same).
func Same(a, b any) bool {
	return bytes.Equal(canon(a), canon(b))
}

func canon(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return b
	}
	out, _ := json.Marshal(x)
	return out
}

// Normalize turns json.Number values (from a decoder with UseNumber) into
// int64 when whole and float64 otherwise, recursively.
func Normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = Normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = Normalize(e)
		}
	}
	return v
}
