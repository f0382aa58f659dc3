package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
)

// SetOrganizationResult is the API's answer to SetOrganization.
type SetOrganizationResult struct {
	// AggregateID is the event-sourced aggregate's id; for a lock, the lock
	// id in decimal ("123").
	AggregateID string
	// Version is the aggregate's version after the command, exactly as the
	// API wrote it (7 stays "7", 3.14 stays "3.14").
	Version json.Number
	// Event is the OrganizationSet event, or nil when the organization did
	// not change.
	Event *OrganizationSetEvent
}

// OrganizationSetEvent is the event SetOrganization records.
type OrganizationSetEvent struct {
	Type      string
	LockID    json.Number
	UUID      string
	Timestamp string
	OrgID     string
}

// LockInfo is GET /locks/{id}/basic-info. Optional fields are nil when the
// API omits them.
type LockInfo struct {
	ID             string
	LockID         json.Number
	UUID           string
	Version        json.Number
	SerialNumber   *string
	OwnerID        *string
	OrgID          *string
	OrganizationID *string
	DOID           *string
	R2Prefix       string
}

// Organization returns the lock's organization: orgId, falling back to
// organizationId; nil when the lock has none.
func (l *LockInfo) Organization() *string {
	if l.OrgID != nil && *l.OrgID != "" {
		return l.OrgID
	}
	if l.OrganizationID != nil && *l.OrganizationID != "" {
		return l.OrganizationID
	}
	return nil
}

// SetOrganization assigns orgID to the lock.
func (c *Client) SetOrganization(ctx context.Context, lockID int64, orgID string) (*SetOrganizationResult, error) {
	if err := checkLockID(lockID); err != nil {
		return nil, err
	}
	body, err := json.Marshal(struct {
		OrgID string `json:"orgId"`
	}{orgID})
	if err != nil {
		return nil, err
	}
	path := lockPath(lockID, "SetOrganization")
	resp, err := c.do(ctx, http.MethodPost, path, body)
	if err != nil {
		return nil, err
	}
	res, err := decodeSetOrganization(resp.body)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			apiErr.Method, apiErr.Path, apiErr.Attempts = http.MethodPost, path, resp.attempts
			return nil, apiErr
		}
		return nil, &DecodeError{Method: http.MethodPost, Path: path, StatusCode: resp.status, Err: err}
	}
	return res, nil
}

// LockBasicInfo reads a lock's basic information.
func (c *Client) LockBasicInfo(ctx context.Context, lockID int64) (*LockInfo, error) {
	if err := checkLockID(lockID); err != nil {
		return nil, err
	}
	path := lockPath(lockID, "basic-info")
	resp, err := c.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	info, err := decodeLockInfo(resp.body)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			apiErr.Method, apiErr.Path, apiErr.Attempts = http.MethodGet, path, resp.attempts
			return nil, apiErr
		}
		return nil, &DecodeError{Method: http.MethodGet, Path: path, StatusCode: resp.status, Err: err}
	}
	return info, nil
}

func lockPath(lockID int64, op string) string {
	return "/locks/" + strconv.FormatInt(lockID, 10) + "/" + op
}

// checkLockID rejects ids the API's schema forbids (exclusiveMinimum 0)
// before anything is sent.
func checkLockID(lockID int64) error {
	if lockID < 1 {
		return fmt.Errorf("lock id %d is not a positive integer", lockID)
	}
	return nil
}

// number is a JSON number that, unlike json.Number, refuses a quoted
// string: "version": "7" is a contract violation, not a version.
type number json.Number

func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		// An *UnmarshalTypeError gets the field name filled in by
		// encoding/json, so the message can say which field was wrong.
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[float64]()}
	}
	*n = number(b)
	return nil
}

// jsonKind names the JSON type of a raw value.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "number"
}

type setOrganizationWire struct {
	Success     *bool           `json:"success"`
	AggregateID *string         `json:"aggregateId"`
	Version     *number         `json:"version"`
	Event       json.RawMessage `json:"event"`
	Error       string          `json:"error"`
	Message     string          `json:"message"`
}

type eventWire struct {
	Type string `json:"type"`
	Data struct {
		LockID    number `json:"lockId"`
		UUID      string `json:"uuid"`
		Timestamp string `json:"timestamp"`
		OrgID     string `json:"orgId"`
	} `json:"data"`
}

// decodeSetOrganization decodes a 200 answer to SetOrganization. A body
// with "success": false comes back as an *APIError; the caller fills in
// method, path and attempts.
func decodeSetOrganization(body []byte) (*SetOrganizationResult, error) {
	var w setOrganizationWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if w.Success == nil {
		return nil, errors.New(`required field "success" is missing or null`)
	}
	if !*w.Success {
		msg := w.Message
		if msg == "" {
			msg = `the API answered "success": false without a message`
		}
		return nil, &APIError{StatusCode: http.StatusOK, Title: w.Error, Message: msg}
	}
	if w.AggregateID == nil {
		return nil, errors.New(`required field "aggregateId" is missing or null`)
	}
	if w.Version == nil {
		return nil, errors.New(`required field "version" is missing or null`)
	}
	res := &SetOrganizationResult{AggregateID: *w.AggregateID, Version: json.Number(*w.Version)}
	// The event is informational (state does not use it), so an odd event
	// is not worth failing an apply that the API accepted: the published
	// documentation even shows "event": "null" as a string.
	if len(w.Event) > 0 && w.Event[0] == '{' {
		var ev eventWire
		if err := json.Unmarshal(w.Event, &ev); err == nil {
			res.Event = &OrganizationSetEvent{
				Type:      ev.Type,
				LockID:    json.Number(ev.Data.LockID),
				UUID:      ev.Data.UUID,
				Timestamp: ev.Data.Timestamp,
				OrgID:     ev.Data.OrgID,
			}
		}
	}
	return res, nil
}

type lockInfoWire struct {
	ID             *string `json:"id"`
	LockID         *number `json:"lockId"`
	UUID           *string `json:"uuid"`
	Version        *number `json:"version"`
	SerialNumber   *string `json:"serialNumber"`
	OwnerID        *string `json:"ownerId"`
	OrgID          *string `json:"orgId"`
	OrganizationID *string `json:"organizationId"`
	DOID           *string `json:"doId"`
	R2Prefix       *string `json:"r2Prefix"`
	// Success is not part of the answer, but an error body sent with a 200
	// has it.
	Success json.RawMessage `json:"success"`
}

// decodeLockInfo decodes a 200 answer to basic-info. A body with "success":
// false comes back as an *APIError; the caller fills in method, path and
// attempts.
func decodeLockInfo(body []byte) (*LockInfo, error) {
	var w lockInfoWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if string(w.Success) == "false" {
		// Either error shape: the message, else the first of "errors".
		var eb errorBody
		_ = json.Unmarshal(body, &eb)
		msg := eb.Message
		if msg == "" && len(eb.Errors) > 0 {
			msg = eb.Errors[0].Message
		}
		if msg == "" {
			msg = `the API answered "success": false without a message`
		}
		return nil, &APIError{StatusCode: http.StatusOK, Title: eb.Error, Message: msg}
	}
	for _, f := range []struct {
		name    string
		present bool
	}{
		{"id", w.ID != nil}, {"lockId", w.LockID != nil}, {"uuid", w.UUID != nil},
		{"version", w.Version != nil}, {"r2Prefix", w.R2Prefix != nil},
	} {
		if !f.present {
			return nil, fmt.Errorf("required field %q is missing or null", f.name)
		}
	}
	return &LockInfo{
		ID:             *w.ID,
		LockID:         json.Number(*w.LockID),
		UUID:           *w.UUID,
		Version:        json.Number(*w.Version),
		SerialNumber:   w.SerialNumber,
		OwnerID:        w.OwnerID,
		OrgID:          w.OrgID,
		OrganizationID: w.OrganizationID,
		DOID:           w.DOID,
		R2Prefix:       *w.R2Prefix,
	}, nil
}

// strictUnmarshal decodes one JSON object and nothing after it. Unknown
// fields are allowed: the API may add fields without breaking clients.
func strictUnmarshal(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return errors.New("empty body")
	}
	if trimmed[0] != '{' {
		return fmt.Errorf("want a JSON object, got %q", excerpt(trimmed, 60))
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return fmt.Errorf("field %q has the wrong JSON type: want %s, got %s", typeErr.Field, jsonTypeName(typeErr.Type), typeErr.Value)
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	// dec.More would miss a stray "}" or "]": compare offsets instead (the
	// body was trimmed, so the object must end it).
	if dec.InputOffset() != int64(len(trimmed)) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// jsonTypeName names a Go type by the JSON type it decodes from.
func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	default:
		return "object"
	}
}
