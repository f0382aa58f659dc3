package client

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

// A lock's temporary keys: time-limited web access. Whoever knows a
// temporary key's UUID can open the door, so the UUID is a secret: every
// error about a temporary key call is redacted of it, and the decoders of
// these answers never quote the answer (opaque).

// TempKey is one entry of GET /locks/{id}/temp-keys.
type TempKey struct {
	UUID           string
	AccessMode     string
	AllowedUserIDs []string
	ValidFrom      string
	ValidUntil     string
	// MaxUses is nil for unlimited use.
	MaxUses   *int64
	UsedCount int64
	CreatedAt string
	CreatedBy string
	// Status is valid, expired, used-up or not-yet-valid.
	Status string
}

// NewTempKey is what create-temp-key sends. The caller mints UUID.
type NewTempKey struct {
	UUID           string
	AccessMode     string
	AllowedUserIDs []string
	ValidFrom      string
	ValidUntil     string
	// MaxUses is nil for unlimited use.
	MaxUses     *int64
	Description *string
}

// TempKeyChanges is what update-temp-key sends: only the fields set.
type TempKeyChanges struct {
	ValidFrom      *string
	ValidUntil     *string
	AccessMode     *string
	AllowedUserIDs *[]string
	// SetMaxUses sends maxUses: MaxUses, or null (unlimited) when nil.
	SetMaxUses bool
	MaxUses    *int64
}

var (
	createTempKey = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/create-temp-key", effect: adds,
		conflictStatus: http.StatusBadRequest, notFound: messageNotFound, decode: decodeChange, opaque: true}
	// update-temp-key sends the new values, not a difference: sending it
	// again is harmless.
	updateTempKey = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/update-temp-key", effect: sets,
		notFound: messageNotFound, decode: decodeChange, opaque: true}
	deleteTempKey = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/delete-temp-key", effect: removes,
		conflictStatus: http.StatusNotFound, notFound: messageNotFound, decode: decodeChange, opaque: true}
	tempKeys = endpoint[[]TempKey]{method: http.MethodGet, path: "/locks/{id}/temp-keys", shared: true,
		notFound: messageNotFound, decode: decodeTempKeys, opaque: true}
)

// CreateTempKey creates a temporary key on the lock.
func (c *Client) CreateTempKey(ctx context.Context, lockID int64, k NewTempKey) (*Change, error) {
	body := map[string]any{"tempKeyUuid": k.UUID, "accessMode": k.AccessMode, "allowedUserIds": nonNil(k.AllowedUserIDs),
		"validFrom": k.ValidFrom, "validUntil": k.ValidUntil, "maxUses": k.MaxUses}
	if k.Description != nil {
		body["description"] = *k.Description
	}
	return command(ctx, c, createTempKey, lockTarget(lockID), jsonBody(body), func(ctx context.Context) (presence, error) {
		found, err := c.findTempKey(ctx, lockID, k.UUID)
		switch {
		case err != nil || found == nil:
			return absent, err
		case found.AccessMode == k.AccessMode && SameInstant(found.ValidFrom, k.ValidFrom) && SameInstant(found.ValidUntil, k.ValidUntil) &&
			sameInt(found.MaxUses, k.MaxUses) && SameUUIDSet(found.AllowedUserIDs, k.AllowedUserIDs):
			return present, nil
		}
		return presentOther, nil
	}, k.UUID)
}

// UpdateTempKey changes the fields of ch on the temporary key uuid. A key
// that does not exist is an *APIError matching ErrNotFound.
func (c *Client) UpdateTempKey(ctx context.Context, lockID int64, uuid string, ch TempKeyChanges) (*Change, error) {
	body := map[string]any{"tempKeyUuid": uuid}
	for name, v := range map[string]*string{"validFrom": ch.ValidFrom, "validUntil": ch.ValidUntil, "accessMode": ch.AccessMode} {
		if v != nil {
			body[name] = *v
		}
	}
	if ch.AllowedUserIDs != nil {
		body["allowedUserIds"] = nonNil(*ch.AllowedUserIDs)
	}
	if ch.SetMaxUses {
		body["maxUses"] = ch.MaxUses
	}
	return call(ctx, c, updateTempKey, lockTarget(lockID), jsonBody(body), uuid)
}

// DeleteTempKey deletes the temporary key uuid. A key that is not there is
// an *OutcomeError matching ErrNotPresent.
func (c *Client) DeleteTempKey(ctx context.Context, lockID int64, uuid string) (*Change, error) {
	return command(ctx, c, deleteTempKey, lockTarget(lockID), jsonBody(map[string]string{"tempKeyUuid": uuid}),
		func(ctx context.Context) (presence, error) {
			found, err := c.findTempKey(ctx, lockID, uuid)
			if err != nil || found == nil {
				return absent, err
			}
			return present, nil
		}, uuid)
}

// TempKeys reads a lock's temporary keys. The answer is shared (see
// sharedReads): callers must not change it.
func (c *Client) TempKeys(ctx context.Context, lockID int64) ([]TempKey, error) {
	return call(ctx, c, tempKeys, lockTarget(lockID), nil)
}

// TempKeysAfter reads a lock's temporary keys as they are after the
// change ch (nil: as TempKeys), sharing the read with every other caller
// whose own change came before it started (see ResidentsAfter).
func (c *Client) TempKeysAfter(ctx context.Context, lockID int64, ch *Change) ([]TempKey, error) {
	return readAfter(ctx, c, tempKeys, lockTarget(lockID), ch)
}

// findTempKey reads the lock's temporary keys afresh and returns uuid's
// entry, or nil; a lock that does not exist has none.
func (c *Client) findTempKey(ctx context.Context, lockID int64, uuid string) (*TempKey, error) {
	list, err := fresh(ctx, c, tempKeys, lockTarget(lockID))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return FindTempKey(list, uuid), nil
}

// FindTempKey returns uuid's entry in list, or nil.
func FindTempKey(list []TempKey, uuid string) *TempKey {
	for i := range list {
		if sameUUID(list[i].UUID, uuid) {
			return &list[i]
		}
	}
	return nil
}

// SameUUIDSet reports whether two lists hold the same UUIDs, in any order
// and case.
func SameUUIDSet(a, b []string) bool {
	norm := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = strings.ToLower(id)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(norm(a), norm(b))
}

// SameInstant compares two RFC 3339 times as instants ("Z" and "+00:00"
// are one time); text that does not parse compares as text.
func SameInstant(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	if errA != nil || errB != nil {
		return a == b
	}
	return ta.Equal(tb)
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

type tempKeysWire struct {
	verdict
	TempKeys *[]struct {
		UUID           *string   `json:"uuid"`
		AccessMode     *string   `json:"accessMode"`
		AllowedUserIDs *[]string `json:"allowedUserIds"`
		ValidFrom      *string   `json:"validFrom"`
		ValidUntil     *string   `json:"validUntil"`
		MaxUses        *number   `json:"maxUses"`
		UsedCount      *number   `json:"usedCount"`
		CreatedAt      *string   `json:"createdAt"`
		CreatedBy      *string   `json:"createdBy"`
		Status         *string   `json:"status"`
	} `json:"tempKeys"`
}

func decodeTempKeys(body []byte, _ target) ([]TempKey, error) {
	var w tempKeysWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if err := requireFields(field{"tempKeys", w.TempKeys != nil}); err != nil {
		return nil, err
	}
	out := make([]TempKey, len(*w.TempKeys))
	for i, k := range *w.TempKeys {
		err := requireFields(field{"uuid", k.UUID != nil}, field{"accessMode", k.AccessMode != nil}, field{"validFrom", k.ValidFrom != nil},
			field{"validUntil", k.ValidUntil != nil}, field{"usedCount", k.UsedCount != nil}, field{"status", k.Status != nil})
		if err != nil {
			return nil, indexed("tempKeys", i, err)
		}
		used, err := wholeNumber("usedCount", k.UsedCount)
		if err != nil {
			return nil, indexed("tempKeys", i, err)
		}
		tk := TempKey{UUID: *k.UUID, AccessMode: *k.AccessMode, ValidFrom: *k.ValidFrom, ValidUntil: *k.ValidUntil,
			UsedCount: used, Status: *k.Status, CreatedAt: deref(k.CreatedAt), CreatedBy: deref(k.CreatedBy)}
		if k.AllowedUserIDs != nil {
			tk.AllowedUserIDs = *k.AllowedUserIDs
		}
		if k.MaxUses != nil {
			n, err := wholeNumber("maxUses", k.MaxUses)
			if err != nil {
				return nil, indexed("tempKeys", i, err)
			}
			tk.MaxUses = &n
		}
		out[i] = tk
	}
	return out, nil
}
