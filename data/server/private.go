package server

import (
	"bytes"
	"encoding/json"
	"sync"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// SeesPrivate reports whether a role may read the private fields of
// records (a citizen's name and phone, internal notes: gis.Field.Private):
// the roles that handle field reports, per DOMAIN.md — the admin, the
// planners' office that receives and assigns reports, and the units that
// handle them. Viewers, TDP heads, inspectors and the leadership see the
// reports without them.
func SeesPrivate(role string) bool {
	return role == Admin || role == Planner || role == UnitOfficer
}

// privateFields maps each kind to its private fields.
var privateFields = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, k := range gis.Kinds() {
		s, _ := gis.Lookup(k)
		for _, f := range s.Fields {
			if f.Private {
				m[string(k)] = append(m[string(k)], f.Name)
			}
		}
	}
	return m
})

// PrivateFields lists a kind's private fields: what the OGC API (package
// data/server/ogcapi) leaves out, and never filters on, for the roles
// SeesPrivate refuses, so that it follows the sync API's rule.
func PrivateFields(kind string) []string { return privateFields()[kind] }

// hidePrivate drops the private fields of a record's kind from fields
// unless u may see them, and reports whether it dropped any.
func hidePrivate(u *User, kind string, fields map[string]any) bool {
	if SeesPrivate(u.Role) {
		return false
	}
	hid := false
	for _, f := range privateFields()[kind] {
		if _, ok := fields[f]; ok {
			delete(fields, f)
			hid = true
		}
	}
	return hid
}

// hidePrivateRaw is hidePrivate over a record's fields as stored JSON.
func hidePrivateRaw(u *User, r *RawRecord) error {
	if SeesPrivate(u.Role) || len(privateFields()[r.Kind]) == 0 {
		return nil
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.Fields))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return err
	}
	if !hidePrivate(u, r.Kind, m) {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	r.Fields = b
	return nil
}

// hidePrivateChanges drops private fields from history entries.
func hidePrivateChanges(u *User, cs []wire.Change) {
	for i := range cs {
		hidePrivate(u, cs[i].Kind, cs[i].Old)
		hidePrivate(u, cs[i].Kind, cs[i].New)
	}
}

// hidePrivateConflicts blanks the server's side of conflicts on private
// fields: a role that may not read a phone number must not learn it by
// pushing a change to it.
func hidePrivateConflicts(u *User, kind string, res *wire.OpResult) {
	if SeesPrivate(u.Role) {
		return
	}
	for i, c := range res.Conflicts {
		for _, f := range privateFields()[kind] {
			if c.Field == f {
				res.Conflicts[i].Theirs = nil
			}
		}
	}
}
