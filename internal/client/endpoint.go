package client

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// endpoint is one operation of the API, as data: how to reach it, how to
// read its answers, and what may happen when an answer is lost. A new
// operation is an endpoint value, its decoder and a method that calls it
// (see DESIGN.md, "Adding a resource with a real delete").
type endpoint[T any] struct {
	method string
	// path is the path template: "{id}" stands for the target's lock id
	// ("/locks/{id}/AddResident") or user id ("/users/{id}/accessible-locks");
	// a path without it ("/users/by-email") needs no target.
	path string
	// effect says what the operation does to its aggregate, and so what a
	// retry after a lost answer may do (see effect).
	effect effect
	// conflictStatus is, for an add, the status the API answers when the
	// entry is already there (400); for a remove, the status it answers
	// when the entry is not there (400 for residents and grants, 404 for
	// keys). The same status also means "invalid request", so the client
	// reads back before it believes either (command).
	conflictStatus int
	// device marks a command the API forwards to the lock's device: a 502
	// in the API's own JSON shape then means the device could not be
	// reached and nothing was recorded, so sending again is safe.
	device bool
	// shared marks a read whose answers are shared by every caller within
	// the client's life until a write to the aggregate (sharedReads).
	shared bool
	// opaque marks an operation whose answers hold secrets (a temporary
	// key's UUID): an error about an answer never quotes it.
	opaque bool
	// notFound reports whether a 404 body is this operation's own "not
	// found" answer. Any other 404 comes from something that is not the
	// API (a proxy, a wrong path prefix) and matches ErrNotSpkeyAPI.
	notFound func(*errorBody) bool
	// decode reads a 2xx body about target t, which the answer must be
	// about too.
	decode func(body []byte, t target) (T, error)
}

// effect is what an operation does, which decides whether a request whose
// answer was lost (a timeout or a dropped connection after it was sent, a
// gateway's 502/503/504) may simply be sent again.
type effect int

const (
	// reads change nothing: sending again is harmless.
	reads effect = iota
	// sets are idempotent in effect (SetOrganization: setting the value a
	// lock already has answers "event": null): sending again is harmless.
	sets
	// adds put an entry in a list and answer conflictStatus when it is
	// already there, so a resent add that succeeded the first time fails:
	// the client reads the list back instead (command).
	adds
	// removes take an entry out and answer conflictStatus when it is not
	// there; read back likewise.
	removes
)

// resendable reports whether a request of this effect may be sent again
// after a lost answer without first reading back.
func (e effect) resendable() bool { return e == reads || e == sets }

// target is what one call is about: a lock, a user, or neither, plus the
// URL's query.
type target struct {
	lockID int64
	userID string
	query  url.Values
}

func lockTarget(lockID int64) target { return target{lockID: lockID} }

// userTarget is a call about a user. The id goes into the path in lower
// case, as the API writes user ids: the provider compares them without
// regard to case (an id typed in upper case is the same user), so the
// path must not depend on how the configuration spelled it.
func userTarget(userID string) target { return target{userID: strings.ToLower(userID)} }

// check rejects a target the path cannot carry before anything is sent:
// lock ids the API's schema forbids (exclusiveMinimum 0), a user id that is
// empty or holds a character no id has.
func (t target) check(template string) error {
	switch {
	case !strings.Contains(template, "{id}"):
		return nil
	case strings.HasPrefix(template, "/locks/"):
		if t.lockID < 1 {
			return fmt.Errorf("lock id %d is not a positive integer", t.lockID)
		}
	case strings.TrimSpace(t.userID) == "":
		return fmt.Errorf("the user id is empty")
	case strings.ContainsAny(t.userID, "/?#%") || hasControl(t.userID):
		return fmt.Errorf("user id %q holds a character no user id has", excerpt([]byte(t.userID), 60))
	}
	return nil
}

// path fills the template in.
func (t target) path(template string) string {
	id := t.userID
	if strings.HasPrefix(template, "/locks/") {
		id = strconv.FormatInt(t.lockID, 10)
	}
	return strings.Replace(template, "{id}", id, 1)
}

// aggregate names the event-sourced aggregate a path belongs to ("/locks/7",
// "/users/<id>"); a write to it makes every shared read of it stale. Paths
// outside an aggregate ("/users/by-email") have none.
func aggregateOf(path string) string {
	for _, prefix := range []string{"/locks/", "/users/"} {
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok {
			continue
		}
		id, _, found := strings.Cut(rest, "/")
		if found {
			return prefix + id
		}
	}
	return ""
}
