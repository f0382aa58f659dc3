// Package lockids reads SmartphoneKey lock ids as people write them: one id
// ("123") or a list of ids and inclusive ranges ("100-199,250"). It knows
// nothing of Terraform, so that the provider and the mock server share one
// parser, one bound and one wording of its errors (users read them).
package lockids

import (
	"fmt"
	"strconv"
	"strings"
)

// Format is how every message describes a valid lock id.
const Format = "a lock id is a positive whole number such as 123"

// Parse reads one lock id: decimal digits only, no sign, no spaces, at
// least 1. It is strict on purpose: "12 3" or "1.5" is a typo, not a lock,
// and a UUID is a lock's uuid or a user id, the most common mix-up with
// this API.
func Parse(s string) (int64, error) {
	switch {
	case s == "":
		return 0, fmt.Errorf("the lock id is empty; %s", Format)
	case strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\r\n"):
		return 0, fmt.Errorf("%q contains white space; %s", s, Format)
	case LooksLikeUUID(s):
		return 0, fmt.Errorf("%q is a UUID, not a lock id: lock ids are numeric (a UUID is a lock's uuid or a user id); %s", s, Format)
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not a lock id; %s", s, Format)
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large for a lock id; %s", s, Format)
	}
	if id < 1 {
		return 0, fmt.Errorf("%q is not a lock id: it must be at least 1; %s", s, Format)
	}
	return id, nil
}

// LooksLikeUUID reports whether s has the 8-4-4-4-12 hexadecimal shape of
// a UUID.
func LooksLikeUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}
