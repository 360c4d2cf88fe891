// Package errs holds the one error type of Huitouke's data layer that a user can act on: an
// area and a code say what kind of problem it is, a field (and index) which input it is
// about. resources/vocab words every code once, for the window and the command line alike;
// Error() is the technical detail shown beneath that sentence or written to a log.
package errs

import (
	"errors"
	"fmt"
)

// Areas: the part of the data layer that found the problem.
const (
	Customers = "customers" // a value typed on a customer card, a merge, a referral
	Calls     = "calls"     // a call-rule setting
	Figures   = "figures"   // a segment threshold or membership tier setting
	Import    = "import"    // a file that imported nothing
)

// Error is a problem the user can fix: Code is one of the areas' codes (e.g. "phone",
// "order", "corrupt"), Field names the input ("phone", "CoolingDays", "Levels"), Index the
// row of a list input (a membership tier), Value what was entered, Err the cause.
type Error struct {
	Area  string
	Code  string
	Field string
	Index int
	Value string
	Err   error
}

func (e *Error) Error() string {
	s := e.Area + ": " + e.Code
	switch {
	case e.Field != "" && e.Value != "":
		s = fmt.Sprintf("%s: %s %q: %s", e.Area, e.Field, e.Value, e.Code)
	case e.Field != "":
		s = fmt.Sprintf("%s: %s: %s", e.Area, e.Field, e.Code)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Area: a, Code: c}) match any error of that area and code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Area == e.Area && (t.Code == "" || t.Code == e.Code) && (t.Field == "" || t.Field == e.Field)
}

// As finds the *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
