package client

import (
	"context"
	"errors"
	"net/http"
)

// A user's accessible locks: what makes a lock appear in the user's app.
// The API has no call that changes a grant: a new name or level is a
// remove, then an add.

// AccessibleLock is one entry of GET /users/{id}/accessible-locks.
type AccessibleLock struct {
	// LockID is the lock id in decimal, as the user endpoints carry it.
	LockID      string
	LockName    string
	AccessLevel string
	GrantedBy   string
	// ExpiresAt is nil when the API does not report one.
	ExpiresAt *string
}

// Grant is what AddAccessibleLock sends.
type Grant struct {
	LockID      int64
	LockName    string
	AccessLevel string
	GrantedBy   string
}

// Revocation is what RemoveAccessibleLock sends.
type Revocation struct {
	LockID    int64
	RemovedBy string
	Reason    string
}

var (
	addAccessibleLock = endpoint[*Change]{method: http.MethodPost, path: "/users/{id}/AddAccessibleLock", effect: adds,
		conflictStatus: http.StatusBadRequest, notFound: messageNotFound, decode: decodeChange}
	removeAccessibleLock = endpoint[*Change]{method: http.MethodPost, path: "/users/{id}/RemoveAccessibleLock", effect: removes,
		conflictStatus: http.StatusBadRequest, notFound: messageNotFound, decode: decodeChange}
	accessibleLocks = endpoint[[]AccessibleLock]{method: http.MethodGet, path: "/users/{id}/accessible-locks", shared: true,
		notFound: readNotFound, decode: decodeAccessibleLocks}
)

// AddAccessibleLock grants userID access to a lock. A grant already there
// is an *OutcomeError matching ErrAlreadyExists (Same when its name and
// level are the ones sent).
func (c *Client) AddAccessibleLock(ctx context.Context, userID string, g Grant) (*Change, error) {
	body := jsonBody(map[string]string{"lockId": lockIDString(g.LockID), "lockName": g.LockName, "accessLevel": g.AccessLevel, "grantedBy": g.GrantedBy})
	return command(ctx, c, addAccessibleLock, userTarget(userID), body, func(ctx context.Context) (presence, error) {
		found, err := c.findGrant(ctx, userID, g.LockID)
		switch {
		case err != nil || found == nil:
			return absent, err
		case found.LockName == g.LockName && found.AccessLevel == g.AccessLevel:
			return present, nil
		}
		return presentOther, nil
	})
}

// RemoveAccessibleLock takes a lock out of userID's accessible locks. A
// lock that is not there is an *OutcomeError matching ErrNotPresent.
func (c *Client) RemoveAccessibleLock(ctx context.Context, userID string, r Revocation) (*Change, error) {
	body := jsonBody(map[string]string{"lockId": lockIDString(r.LockID), "removedBy": r.RemovedBy, "reason": r.Reason})
	return command(ctx, c, removeAccessibleLock, userTarget(userID), body, func(ctx context.Context) (presence, error) {
		found, err := c.findGrant(ctx, userID, r.LockID)
		if err != nil || found == nil {
			return absent, err
		}
		return present, nil
	})
}

// AccessibleLocks reads userID's accessible locks. The answer is shared
// (see sharedReads): callers must not change it.
func (c *Client) AccessibleLocks(ctx context.Context, userID string) ([]AccessibleLock, error) {
	return call(ctx, c, accessibleLocks, userTarget(userID), nil)
}

// findGrant reads userID's list afresh and returns the lock's entry, or
// nil; a user that does not exist has none.
func (c *Client) findGrant(ctx context.Context, userID string, lockID int64) (*AccessibleLock, error) {
	locks, err := fresh(ctx, c, accessibleLocks, userTarget(userID))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return FindGrant(locks, lockID), nil
}

// FindGrant returns the lock's entry in list, or nil.
func FindGrant(list []AccessibleLock, lockID int64) *AccessibleLock {
	want := lockIDString(lockID)
	for i := range list {
		if list[i].LockID == want {
			return &list[i]
		}
	}
	return nil
}

type accessibleLocksWire struct {
	verdict
	Locks      *[]accessibleLockWire `json:"locks"`
	TotalCount *number               `json:"totalCount"`
}

type accessibleLockWire struct {
	LockID      *string `json:"lockId"`
	LockName    *string `json:"lockName"`
	AccessLevel *string `json:"accessLevel"`
	GrantedBy   *string `json:"grantedBy"`
	ExpiresAt   *string `json:"expiresAt"`
}

func decodeAccessibleLocks(body []byte, _ target) ([]AccessibleLock, error) {
	var w accessibleLocksWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if err := requireFields(field{"locks", w.Locks != nil}, field{"totalCount", w.TotalCount != nil}); err != nil {
		return nil, err
	}
	out := make([]AccessibleLock, len(*w.Locks))
	for i, l := range *w.Locks {
		err := requireFields(field{"lockId", l.LockID != nil}, field{"lockName", l.LockName != nil},
			field{"accessLevel", l.AccessLevel != nil}, field{"grantedBy", l.GrantedBy != nil})
		if err != nil {
			return nil, indexed("locks", i, err)
		}
		out[i] = AccessibleLock{LockID: *l.LockID, LockName: *l.LockName, AccessLevel: *l.AccessLevel, GrantedBy: *l.GrantedBy, ExpiresAt: l.ExpiresAt}
	}
	return out, nil
}
