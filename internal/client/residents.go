package client

import (
	"context"
	"errors"
	"net/http"
)

// A lock's residents: who its doorbell notifies.

// Resident is one entry of GET /locks/{id}/residents.
type Resident struct {
	UserID string
	Name   string
	// Email is nil when the API does not report one.
	Email *string
	// HasPhone says whether a phone number is on file; the number itself
	// is never returned.
	HasPhone bool
}

var (
	addResident = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/AddResident", effect: adds,
		conflictStatus: http.StatusBadRequest, notFound: messageNotFound, decode: decodeChange}
	removeResident = endpoint[*Change]{method: http.MethodPost, path: "/locks/{id}/RemoveResident", effect: removes,
		conflictStatus: http.StatusBadRequest, notFound: messageNotFound, decode: decodeChange}
	residents = endpoint[[]Resident]{method: http.MethodGet, path: "/locks/{id}/residents", shared: true,
		notFound: readNotFound, decode: decodeResidents}
)

// AddResident adds the user userID, called name, to the lock's residents.
// A resident already there is an *OutcomeError matching ErrAlreadyExists
// (Same when the name is the one sent).
func (c *Client) AddResident(ctx context.Context, lockID int64, userID, name string) (*Change, error) {
	body := jsonBody(map[string]string{"userId": userID, "name": name})
	return command(ctx, c, addResident, lockTarget(lockID), body, func(ctx context.Context) (presence, error) {
		found, err := c.findResident(ctx, lockID, userID)
		switch {
		case err != nil || found == nil:
			return absent, err
		case found.Name == name:
			return present, nil
		}
		return presentOther, nil
	})
}

// RemoveResident takes the user userID off the lock's residents. One who
// is not there is an *OutcomeError matching ErrNotPresent.
func (c *Client) RemoveResident(ctx context.Context, lockID int64, userID string) (*Change, error) {
	body := jsonBody(map[string]string{"userId": userID})
	return command(ctx, c, removeResident, lockTarget(lockID), body, func(ctx context.Context) (presence, error) {
		found, err := c.findResident(ctx, lockID, userID)
		if err != nil || found == nil {
			return absent, err
		}
		return present, nil
	})
}

// Residents reads a lock's residents. The answer is shared (see
// sharedReads): callers must not change it.
func (c *Client) Residents(ctx context.Context, lockID int64) ([]Resident, error) {
	return call(ctx, c, residents, lockTarget(lockID), nil)
}

// ResidentsAfter reads a lock's residents as they are after the change
// ch (nil: as Residents). The read is shared with every other caller whose
// own change came before it started, so that many adds to one lock read
// the list back a few times, not once each.
func (c *Client) ResidentsAfter(ctx context.Context, lockID int64, ch *Change) ([]Resident, error) {
	return readAfter(ctx, c, residents, lockTarget(lockID), ch)
}

// findResident reads the lock's residents afresh and returns userID's
// entry, or nil; a lock that does not exist has none.
func (c *Client) findResident(ctx context.Context, lockID int64, userID string) (*Resident, error) {
	list, err := fresh(ctx, c, residents, lockTarget(lockID))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return FindResident(list, userID), nil
}

// FindResident returns userID's entry in list, or nil. User ids are UUIDs,
// compared without regard to case.
func FindResident(list []Resident, userID string) *Resident {
	for i := range list {
		if sameUUID(list[i].UserID, userID) {
			return &list[i]
		}
	}
	return nil
}

type residentsWire struct {
	verdict
	Residents *[]residentWire `json:"residents"`
}

type residentWire struct {
	UserID   *string `json:"userId"`
	Name     *string `json:"name"`
	Email    *string `json:"email"`
	HasPhone *bool   `json:"hasPhone"`
}

func decodeResidents(body []byte, _ target) ([]Resident, error) {
	var w residentsWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if err := requireFields(field{"residents", w.Residents != nil}); err != nil {
		return nil, err
	}
	out := make([]Resident, len(*w.Residents))
	for i, r := range *w.Residents {
		err := requireFields(field{"userId", r.UserID != nil}, field{"name", r.Name != nil}, field{"hasPhone", r.HasPhone != nil})
		if err != nil {
			return nil, indexed("residents", i, err)
		}
		out[i] = Resident{UserID: *r.UserID, Name: *r.Name, Email: r.Email, HasPhone: *r.HasPhone}
	}
	return out, nil
}
