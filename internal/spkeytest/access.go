package spkeytest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// The access levels of an accessible lock: a label in the user's app, not
// a permission (opening the door takes a key).
const (
	AccessOwner = "OWNER"
	AccessAdmin = "ADMIN"
	AccessUser  = "USER"
	AccessGuest = "GUEST"
)

var accessLevels = []string{AccessOwner, AccessAdmin, AccessUser, AccessGuest}

// AccessibleLock is one entry of a user's accessible locks, the locks the
// user's app shows.
type AccessibleLock struct {
	// LockID is the lock's id as a decimal string. The API does not check
	// that the lock exists, and neither does the mock.
	LockID      string `json:"lockId"`
	LockName    string `json:"lockName"`
	AccessLevel string `json:"accessLevel"`
	GrantedBy   string `json:"grantedBy"`
	// ExpiresAt is never set by AddAccessibleLock, which accepts
	// validFrom and validUntil without applying them; GrantAccess may set
	// it to show what a client does with one.
	ExpiresAt string `json:"expiresAt,omitempty"`
}

// addAccessibleLock serves POST /users/{id}/AddAccessibleLock.
func (s *Server) addAccessibleLock(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	a := AccessibleLock{
		LockID:      b.str("lockId", true),
		LockName:    b.str("lockName", true),
		AccessLevel: b.oneOf("accessLevel", accessLevels...),
		GrantedBy:   b.str("grantedBy", true),
	}
	// Accepted, not applied (SmartphoneKey's workflow guide).
	b.text("validFrom", 64)
	b.text("validUntil", 64)
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	ev, version, err := s.store.grant(c.userID, a, false)
	switch {
	case errors.Is(err, errNoUser):
		return userNotFound(c.userID)
	case errors.Is(err, errExists):
		return commandError(http.StatusBadRequest, "Bad Request", fmt.Sprintf("Lock %s is already accessible to this user", a.LockID))
	}
	return commandAnswer(c.userID, version, ev, map[string]any{"lockId": a.LockID, "accessLevel": a.AccessLevel})
}

// removeAccessibleLock serves POST /users/{id}/RemoveAccessibleLock.
func (s *Server) removeAccessibleLock(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	lockID, removedBy, reason := b.str("lockId", true), b.str("removedBy", true), b.str("reason", true)
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	ev, version, err := s.store.revoke(c.userID, lockID, removedBy, reason)
	switch {
	case errors.Is(err, errNoUser):
		return userNotFound(c.userID)
	case errors.Is(err, errNoEntry):
		return commandError(http.StatusBadRequest, "Bad Request", fmt.Sprintf("Lock %s is not accessible to this user", lockID))
	}
	return commandAnswer(c.userID, version, ev, map[string]any{"lockId": lockID, "removedAt": ev.Data["removedAt"]})
}

// accessibleLocks serves GET /users/{id}/accessible-locks.
func (s *Server) accessibleLocks(c *call) answer {
	locks, ok := s.AccessibleLocks(c.userID)
	if !ok {
		return errorB(http.StatusNotFound, fmt.Sprintf("User %s not found", c.userID))
	}
	return jsonAnswer(http.StatusOK, map[string]any{"locks": locks, "totalCount": len(locks)})
}

func userNotFound(id string) answer {
	return commandError(http.StatusNotFound, "Not Found", fmt.Sprintf("User %s not found", id))
}

// GrantAccess puts a on a user's accessible locks behind Terraform's back:
// added (an AccessibleLockAdded event) when the user has no entry for
// a.LockID; replaced (AccessibleLockRemoved, then AccessibleLockAdded, at
// the end of the list, since the API can only remove and add again) when
// the entry differs; left alone when it is the same. GrantedBy defaults
// to Options.ActorID. It fails with ErrNotFound when the user does not
// exist.
func (s *Server) GrantAccess(userID string, a AccessibleLock) error {
	if a.GrantedBy == "" {
		a.GrantedBy = s.actorID()
	}
	switch {
	case a.LockID == "" || a.LockName == "":
		return errors.New("an accessible lock needs a LockID and a LockName")
	case !slices.Contains(accessLevels, a.AccessLevel):
		return fmt.Errorf("access level %q must be one of %v", a.AccessLevel, accessLevels)
	}
	_, _, err := s.store.grant(userID, a, true)
	return err
}

// RevokeAccess removes lockID from a user's accessible locks behind
// Terraform's back (an AccessibleLockRemoved event by Options.ActorID).
// It reports false when the user or the entry does not exist.
func (s *Server) RevokeAccess(userID, lockID string) bool {
	_, _, err := s.store.revoke(userID, lockID, s.actorID(), "revoked out of band")
	return err == nil
}

// AccessibleLocks returns a user's accessible locks in the order they
// were added.
func (s *Server) AccessibleLocks(userID string) ([]AccessibleLock, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	rec := s.store.users[userID]
	if rec == nil {
		return nil, false
	}
	return rec.grants.values(), true
}

// grant adds a to a user's accessible locks (errExists when it has the
// lock, unless replace) and returns the event and the user's version.
func (s *store) grant(userID string, a AccessibleLock, replace bool) (*Event, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.users[userID]
	if rec == nil {
		return nil, 0, errNoUser
	}
	if old, ok := rec.grants.get(a.LockID); ok {
		if !replace {
			return nil, rec.Version, errExists
		}
		if old == a {
			return nil, rec.Version, nil
		}
		s.revokeLocked(rec, a.LockID, a.GrantedBy, "replaced out of band")
	}
	rec.grants.put(a.LockID, a)
	ev := s.recordUserLocked(rec, EventAccessibleLockAdded, map[string]any{
		"userId": rec.ID, "lockId": a.LockID, "lockName": a.LockName, "accessLevel": a.AccessLevel, "grantedBy": a.GrantedBy,
	})
	return &ev, rec.Version, nil
}

// revoke removes lockID from a user's accessible locks (errNoEntry when
// it is not there).
func (s *store) revoke(userID, lockID, removedBy, reason string) (*Event, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.users[userID]
	if rec == nil {
		return nil, 0, errNoUser
	}
	if _, ok := rec.grants.get(lockID); !ok {
		return nil, rec.Version, errNoEntry
	}
	ev := s.revokeLocked(rec, lockID, removedBy, reason)
	return &ev, rec.Version, nil
}

func (s *store) revokeLocked(rec *userRecord, lockID, removedBy, reason string) Event {
	rec.grants.remove(lockID)
	ts := s.timestamp()
	return s.recordUserAt(rec, EventAccessibleLockRemoved, ts, map[string]any{
		"userId": rec.ID, "lockId": lockID, "removedBy": removedBy, "reason": reason, "removedAt": ts,
	})
}
