package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
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

// MaxEventPages is the most pages RecentEvents reads for one call: 500
// pages are 5,000 events at the API's 10 a page, and a server that claims
// more pages, or answers slowly, never holds a plan for long.
const MaxEventPages = 500

// ErrEventPageCap matches a RecentEvents that read MaxEventPages pages
// without finding limit events of the types asked for.
var ErrEventPageCap = errors.New("the event history is too long to read back this far")

// RecentEvents returns up to limit of the lock's most recent events whose
// type is one of types (any type when types is empty), newest first. It
// starts at the last page and reads older pages only while it has fewer
// than limit events, and at most MaxEventPages of them. Every page must
// hold only events older than those already read (versions grow with
// every event): a page served twice, or pages out of order, would repeat
// events or mix them up, and are a *DecodeError.
func (c *Client) RecentEvents(ctx context.Context, lockID int64, types []string, limit int) ([]Event, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit %d is not a positive number", limit)
	}
	var out []Event
	// oldest is the oldest event read so far, and the page it was on.
	var oldest *Event
	oldestPage := int64(0)
	for page, read := 0, 0; ; read++ {
		if read == MaxEventPages {
			return nil, fmt.Errorf("GET %s: %w: the %d pages read (a read stops there), back to page %d, hold %d of the %d events "+
				"asked for. Lower limit, or narrow types to events that happened more recently",
				lockTarget(lockID).path(lockEvents.path), ErrEventPageCap, MaxEventPages, page+1, len(out), limit)
		}
		p, err := c.LockEvents(ctx, lockID, page)
		if err != nil {
			return nil, err
		}
		if err := inOrder(lockID, p, oldest, oldestPage); err != nil {
			return nil, err
		}
		if len(p.Events) > 0 {
			oldest, oldestPage = &p.Events[0], p.Page
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

// inOrder checks that page p's events are oldest first and all older than
// oldest, the oldest event of the pages read before it (nil for the first
// page read).
func inOrder(lockID int64, p *EventsPage, oldest *Event, oldestPage int64) error {
	bad := func(format string, args ...any) error {
		t := lockTarget(lockID)
		t.query = url.Values{"page": {strconv.FormatInt(p.Page, 10)}}
		return &DecodeError{Method: http.MethodGet, Path: t.path(lockEvents.path) + "?" + t.query.Encode(), StatusCode: http.StatusOK,
			Err: fmt.Errorf(format, args...)}
	}
	for i := 1; i < len(p.Events); i++ {
		if compareVersions(p.Events[i-1].Version, p.Events[i].Version) >= 0 {
			return bad("events[%d] has version %s, not newer than version %s before it: a page lists its events oldest first",
				i, p.Events[i].Version, p.Events[i-1].Version)
		}
	}
	if oldest != nil && len(p.Events) > 0 {
		newest := p.Events[len(p.Events)-1].Version
		if compareVersions(newest, oldest.Version) >= 0 {
			return bad("page %d holds version %s, not older than version %s on page %d read before it: the pages repeat "+
				"or are out of order, so the history cannot be read back without repeating or mixing up events",
				p.Page, newest, oldest.Version, oldestPage)
		}
	}
	return nil
}

// compareVersions compares two versions as numbers (the decoder has
// checked that they are).
func compareVersions(a, b json.Number) int {
	x, _, errA := big.ParseFloat(string(a), 10, 128, big.ToNearestEven)
	y, _, errB := big.ParseFloat(string(b), 10, 128, big.ToNearestEven)
	if errA != nil || errB != nil {
		return strings.Compare(string(a), string(b))
	}
	return x.Cmp(y)
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
