package client

import (
	"context"
	"errors"
	"net/http"
)

// A lock's keys: the credentials its device accepts. AddKey and RemoveKey
// go to the device; when it cannot be reached the API answers 502 in its
// own shape and records nothing (ErrDeviceUnreachable), so those are sent
// again within the retry budget. A lost answer is resolved by reading the
// lock's details back.

// Key is one entry of a lock's details.keys.
type Key struct {
	UUID string
	// IndexNumber and UserID are nil when the key has none.
	IndexNumber *int64
	UserID      *string
}

// LockDetails is GET /locks/{id}/details: the lock with its keys and
// residents.
type LockDetails struct {
	ID        string
	LockID    string
	Version   string
	Keys      []Key
	Residents []Resident
}

var (
	addKey = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/AddKey", effect: adds, device: true,
		notFound: commandNotFound, decode: decodeChange}
	// RemoveKey answers 404 both for a lock and for a key that does not
	// exist: either way the key is gone, which the read-back confirms.
	removeKey = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/RemoveKey", effect: removes, device: true,
		conflictStatus: http.StatusNotFound, notFound: commandNotFound, decode: decodeChange}
	lockDetails = endpoint[*LockDetails]{method: http.MethodGet, path: "/locks/{id}/details", shared: true,
		notFound: readNotFound, decode: decodeLockDetails}
)

// AddKey registers a key on the lock and sends it to the device. The API
// has no status for a key that is already there; a lost answer whose
// read-back finds the key with other values is an *OutcomeError matching
// ErrAlreadyExists.
func (c *Client) AddKey(ctx context.Context, lockID int64, k Key) (*Change, error) {
	body := map[string]any{"keyUuid": k.UUID}
	if k.IndexNumber != nil {
		body["keyIndexNumber"] = *k.IndexNumber
	}
	if k.UserID != nil {
		body["userId"] = *k.UserID
	}
	return command(ctx, c, addKey, lockTarget(lockID), jsonBody(body), func(ctx context.Context) (presence, error) {
		found, err := c.findKey(ctx, lockID, k.UUID)
		switch {
		case err != nil || found == nil:
			return absent, err
		case sameInt(found.IndexNumber, k.IndexNumber) && sameOptionalUUID(found.UserID, k.UserID):
			return present, nil
		}
		return presentOther, nil
	})
}

// RemoveKey takes the key keyUUID off the lock and the device. A key that
// is not there is an *OutcomeError matching ErrNotPresent.
func (c *Client) RemoveKey(ctx context.Context, lockID int64, keyUUID string) (*Change, error) {
	return command(ctx, c, removeKey, lockTarget(lockID), jsonBody(map[string]string{"keyUuid": keyUUID}),
		func(ctx context.Context) (presence, error) {
			found, err := c.findKey(ctx, lockID, keyUUID)
			if err != nil || found == nil {
				return absent, err
			}
			return present, nil
		})
}

// LockDetails reads a lock's details. The answer is shared (see
// sharedReads): callers must not change it.
func (c *Client) LockDetails(ctx context.Context, lockID int64) (*LockDetails, error) {
	return call(ctx, c, lockDetails, lockTarget(lockID), nil)
}

// findKey reads the lock's details afresh and returns the key's entry, or
// nil; a lock that does not exist has none.
func (c *Client) findKey(ctx context.Context, lockID int64, keyUUID string) (*Key, error) {
	d, err := fresh(ctx, c, lockDetails, lockTarget(lockID))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return FindKey(d.Keys, keyUUID), nil
}

// FindKey returns the key keyUUID in keys, or nil.
func FindKey(keys []Key, keyUUID string) *Key {
	for i := range keys {
		if sameUUID(keys[i].UUID, keyUUID) {
			return &keys[i]
		}
	}
	return nil
}

func sameInt(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameOptionalUUID(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || sameUUID(*a, *b))
}

type lockDetailsWire struct {
	verdict
	ID      *string `json:"id"`
	LockID  *number `json:"lockId"`
	Version *number `json:"version"`
	Keys    *[]struct {
		UUID        *string `json:"uuid"`
		IndexNumber *number `json:"indexNumber"`
		UserID      *string `json:"userId"`
	} `json:"keys"`
	Residents *[]residentWire `json:"residents"`
}

// decodeLockDetails decodes a 2xx answer to details about the target
// lock. Only what the provider uses is required: the lock, its keys and
// its residents.
func decodeLockDetails(body []byte, t target) (*LockDetails, error) {
	var w lockDetailsWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	err := requireFields(field{"id", w.ID != nil}, field{"lockId", w.LockID != nil}, field{"version", w.Version != nil},
		field{"keys", w.Keys != nil}, field{"residents", w.Residents != nil})
	if err != nil {
		return nil, err
	}
	if !sameNumber(string(*w.LockID), t.lockID) {
		return nil, otherLock("lockId", string(*w.LockID), t.lockID)
	}
	d := &LockDetails{ID: *w.ID, LockID: string(*w.LockID), Version: string(*w.Version), Keys: make([]Key, len(*w.Keys))}
	for i, k := range *w.Keys {
		if k.UUID == nil {
			return nil, indexed("keys", i, requireFields(field{"uuid", false}))
		}
		d.Keys[i] = Key{UUID: *k.UUID, UserID: k.UserID}
		if k.IndexNumber != nil {
			n, err := wholeNumber("indexNumber", k.IndexNumber)
			if err != nil {
				return nil, indexed("keys", i, err)
			}
			d.Keys[i].IndexNumber = &n
		}
	}
	for i, r := range *w.Residents {
		if err := requireFields(field{"userId", r.UserID != nil}, field{"name", r.Name != nil}); err != nil {
			return nil, indexed("residents", i, err)
		}
		d.Residents = append(d.Residents, Resident{UserID: *r.UserID, Name: *r.Name, Email: r.Email})
	}
	return d, nil
}
