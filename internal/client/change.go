package client

import (
	"encoding/json"
	"strconv"
	"strings"
)

// changeWire is the answer every add and remove of the access contract
// shares: {"success": true, "aggregateId", "version", "event", ...}. The
// rest (the event, echoed fields) is informational and not decoded.
type changeWire struct {
	verdict
	AggregateID *string `json:"aggregateId"`
	Version     *number `json:"version"`
}

// decodeChange decodes a 2xx answer to an add or remove about t: the
// aggregate must be t's lock (its id in decimal) or t's user.
func decodeChange(body []byte, t target) (*Change, error) {
	var w changeWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	err := requireFields(field{"success", w.Success != nil}, field{"aggregateId", w.AggregateID != nil}, field{"version", w.Version != nil})
	if err != nil {
		return nil, err
	}
	if err := sameAggregate(*w.AggregateID, t); err != nil {
		return nil, err
	}
	return &Change{AggregateID: *w.AggregateID, Version: json.Number(*w.Version)}, nil
}

// sameAggregate checks that an answer's aggregateId names t: a lock's id
// in decimal, or a user's id (UUIDs compare without regard to case).
func sameAggregate(aggregateID string, t target) error {
	if t.userID == "" {
		return sameLockID(aggregateID, t.lockID)
	}
	if !strings.EqualFold(aggregateID, t.userID) {
		return otherAggregate("aggregateId", aggregateID, "user "+t.userID)
	}
	return nil
}

// lockIDString is a lock id as the user endpoints carry it: a decimal
// string.
func lockIDString(lockID int64) string { return strconv.FormatInt(lockID, 10) }
