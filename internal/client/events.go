package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// EventsPage is one page of GET /locks/{id}/events. Pages are 1-based and
// run from the oldest events to the newest.
type EventsPage struct {
	AggregateID string
	TotalEvents int64
	Page        int64
	PageSize    int64
	TotalPages  int64
	// Events are in the API's order, oldest first.
	Events []Event
}

// Event is one event of a lock's history.
type Event struct {
	AggregateType string
	AggregateID   string
	// Version is the aggregate's version after the event, exactly as the
	// API wrote it.
	Version   json.Number
	Type      string
	Timestamp string
	OrgID     string
	// Event is the event's data as the API sent it (for OrganizationSet:
	// lockId, uuid, timestamp, orgId); nil when absent.
	Event json.RawMessage
}

var lockEvents = endpoint[*EventsPage]{method: http.MethodGet, path: "/locks/{id}/events", notFound: commandNotFound, decode: decodeEventsPage}

// LockEvents reads one page of a lock's event history. Page 0 sends no
// page parameter, which asks for the last page (the most recent events).
// An answer for another page than the one asked for is a *DecodeError.
func (c *Client) LockEvents(ctx context.Context, lockID int64, page int) (*EventsPage, error) {
	if page < 0 {
		return nil, fmt.Errorf("events page %d is negative; pages start at 1 (0 asks for the last page)", page)
	}
	t := lockTarget(lockID)
	if page > 0 {
		t.query = url.Values{"page": {strconv.Itoa(page)}}
	}
	p, err := call(ctx, c, lockEvents, t, nil)
	if err == nil && page > 0 && p.Page != int64(page) {
		path := t.path(lockEvents.path) + "?" + t.query.Encode()
		return nil, &DecodeError{Method: http.MethodGet, Path: path, StatusCode: http.StatusOK,
			Err: fmt.Errorf("field \"page\" is %d, but page %d was asked for", p.Page, page)}
	}
	return p, err
}

// RecentEvents returns up to limit of the lock's most recent events whose
// type is one of types (any type when types is empty), newest first. It
// starts at the last page and reads older pages only while it has fewer
// than limit events.
func (c *Client) RecentEvents(ctx context.Context, lockID int64, types []string, limit int) ([]Event, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit %d is not a positive number", limit)
	}
	var out []Event
	for page := 0; ; {
		p, err := c.LockEvents(ctx, lockID, page)
		if err != nil {
			return nil, err
		}
		for i := len(p.Events) - 1; i >= 0 && len(out) < limit; i-- {
			if len(types) == 0 || slices.Contains(types, p.Events[i].Type) {
				out = append(out, p.Events[i])
			}
		}
		if len(out) >= limit || p.Page <= 1 {
			return out, nil
		}
		page = int(p.Page) - 1
	}
}

type eventsPageWire struct {
	verdict
	AggregateID *string      `json:"aggregateId"`
	TotalEvents *number      `json:"totalEvents"`
	Page        *number      `json:"page"`
	PageSize    *number      `json:"pageSize"`
	TotalPages  *number      `json:"totalPages"`
	Events      *[]eventWire `json:"events"`
}

type eventWire struct {
	AggregateType *string         `json:"aggregateType"`
	AggregateID   *string         `json:"aggregateId"`
	Version       *number         `json:"version"`
	Type          *string         `json:"type"`
	Timestamp     *string         `json:"timestamp"`
	OrgID         *string         `json:"orgId"`
	Event         json.RawMessage `json:"event"`
}

// decodeEventsPage decodes a 2xx answer to events about lockID: every
// field the contract requires, the page within totalPages, and every event
// about this lock.
func decodeEventsPage(body []byte, t target) (*EventsPage, error) {
	lockID := t.lockID
	var w eventsPageWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if err := requireFields(field{"aggregateId", w.AggregateID != nil}, field{"events", w.Events != nil}); err != nil {
		return nil, err
	}
	if err := sameLockID(*w.AggregateID, lockID); err != nil {
		return nil, err
	}
	p := &EventsPage{AggregateID: *w.AggregateID}
	if err := p.decodeCounts(&w); err != nil {
		return nil, err
	}
	if p.Page > max(p.TotalPages, 1) {
		return nil, fmt.Errorf("field \"page\" is %d, beyond totalPages %d", p.Page, p.TotalPages)
	}
	var err error
	if p.Events, err = decodeEvents(*w.Events, lockID); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeCounts fills the page's counts, each a whole number.
func (p *EventsPage) decodeCounts(w *eventsPageWire) error {
	for _, n := range []struct {
		name string
		wire *number
		dst  *int64
	}{{"totalEvents", w.TotalEvents, &p.TotalEvents}, {"page", w.Page, &p.Page}, {"pageSize", w.PageSize, &p.PageSize}, {"totalPages", w.TotalPages, &p.TotalPages}} {
		v, err := wholeNumber(n.name, n.wire)
		if err != nil {
			return err
		}
		*n.dst = v
	}
	return nil
}

func decodeEvents(wire []eventWire, lockID int64) ([]Event, error) {
	events := make([]Event, 0, len(wire))
	for i, e := range wire {
		err := requireFields(field{"aggregateType", e.AggregateType != nil}, field{"aggregateId", e.AggregateID != nil},
			field{"version", e.Version != nil}, field{"type", e.Type != nil}, field{"timestamp", e.Timestamp != nil},
			field{"orgId", e.OrgID != nil})
		if err == nil {
			err = sameLockID(*e.AggregateID, lockID)
		}
		if err != nil {
			return nil, fmt.Errorf("events[%d]: %w", i, err)
		}
		ev := Event{AggregateType: *e.AggregateType, AggregateID: *e.AggregateID, Version: json.Number(*e.Version),
			Type: *e.Type, Timestamp: *e.Timestamp, OrgID: *e.OrgID}
		if len(e.Event) > 0 && string(e.Event) != "null" {
			ev.Event = e.Event
		}
		events = append(events, ev)
	}
	return events, nil
}
