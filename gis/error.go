// Package gis is wardmap's domain core: the kinds of things that live on the
// ward's map, their typed attributes with Vietnamese and English labels,
// validation, and the error codes every layer speaks. It is pure Go over orb:
// it knows no UI, no SQL and no HTTP.
package gis

import (
	"errors"
	"fmt"
)

// Error codes, in the style of benbjohnson/wtf: the store, the server and the
// UI map them to exit codes, HTTP statuses and dialogs.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
)

// Error is an error with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil. Validation errors are EINVALID.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var v ValidationErrors
	if errors.As(err, &v) {
		return EINVALID
	}
	return EINTERNAL
}
