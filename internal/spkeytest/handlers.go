package spkeytest

import (
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The operations the mock serves under /locks/{id}/, as Request.Op and
// Fault.Op name them.
const (
	OpSetOrganization = "SetOrganization"
	OpBasicInfo       = "basic-info"
	OpSetOwner        = "SetOwner"
	OpEvents          = "events"
)

// EventsPageSize is the number of events on one page of
// GET /locks/{id}/events, as the API documents it.
const EventsPageSize = 10

// endpoint is one operation under /locks/{id}/{op}: a new operation is an
// entry here and one function.
type endpoint struct {
	method string
	serve  func(s *Server, r *http.Request, lockID int64, body []byte) answer
}

var endpoints = map[string]endpoint{
	OpSetOrganization: {method: http.MethodPost, serve: (*Server).setOrganization},
	OpBasicInfo:       {method: http.MethodGet, serve: (*Server).basicInfo},
	OpSetOwner:        {method: http.MethodPost, serve: (*Server).setOwner},
	OpEvents:          {method: http.MethodGet, serve: (*Server).events},
}

// opNames lists the operations in a stable order, for messages.
func opNames() []string { return slices.Sorted(maps.Keys(endpoints)) }

func unauthorized() answer {
	return errorA(http.StatusUnauthorized, "Unauthorized", "Authentication required. Please provide a valid API token")
}

func forbiddenAnswer() answer {
	return errorA(http.StatusForbidden, "Forbidden", "The API key's organization does not own this lock")
}

// notFound is the lock-not-found answer of every endpoint but basic-info
// (see basicInfoNotFound).
func notFound() answer {
	return errorA(http.StatusNotFound, "Not Found", "The requested resource was not found")
}

func (s *Server) authenticated(r *http.Request) bool {
	return s.tokenOK(r) || s.keyOK(r)
}

func (s *Server) tokenOK(r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && s.opts.Token != "" && token == s.opts.Token
}

func (s *Server) keyOK(r *http.Request) bool {
	return s.opts.APIKey != "" && r.Header.Get("X-API-Key") == s.opts.APIKey
}

// forbidden applies the B2B rule: a key's organization must own the lock.
func (s *Server) forbidden(r *http.Request, l Lock) bool {
	return s.opts.APIKeyOrg != "" && !s.tokenOK(r) && l.OrgID != "" && l.OrgID != s.opts.APIKeyOrg
}

// setOrganization serves POST /locks/{id}/SetOrganization.
func (s *Server) setOrganization(r *http.Request, id int64, body []byte) answer {
	return s.assignCommand(r, id, body, "orgId", organization)
}

// setOwner serves POST /locks/{id}/SetOwner. Any non-empty userId is
// accepted: the API documents no format check.
func (s *Server) setOwner(r *http.Request, id int64, body []byte) answer {
	return s.assignCommand(r, id, body, "userId", owner)
}

// assignCommand is SetOrganization and SetOwner: the body's field names
// the new value; the answer carries the event, or null when nothing
// changed.
func (s *Server) assignCommand(r *http.Request, id int64, body []byte, field string, a assignment) answer {
	value, msg := parseCommandBody(r.Header.Get("Content-Type"), body, field)
	if msg != "" {
		return errorA(http.StatusBadRequest, "Bad Request", msg)
	}
	l, ok := s.store.get(id)
	if !ok {
		return notFound()
	}
	if s.forbidden(r, l) {
		return forbiddenAnswer()
	}
	l, ev, ok := s.store.assign(id, a, value)
	if !ok {
		return notFound()
	}
	res := map[string]any{
		"success":     true,
		"aggregateId": strconv.FormatInt(id, 10),
		"version":     l.Version,
		"event":       nil,
	}
	if ev != nil {
		res["event"] = map[string]any{"type": ev.Type, "data": ev.Data}
	}
	return jsonAnswer(http.StatusOK, res)
}

// basicInfo serves GET /locks/{id}/basic-info.
func (s *Server) basicInfo(r *http.Request, id int64, _ []byte) answer {
	l, ok := s.store.get(id)
	if !ok {
		return basicInfoNotFound(id)
	}
	if s.forbidden(r, l) {
		return forbiddenAnswer()
	}
	res := map[string]any{
		"id":           strconv.FormatInt(id, 10),
		"lockId":       id,
		"uuid":         l.UUID,
		"version":      l.Version,
		"serialNumber": l.SerialNumber,
		"doId":         fmt.Sprintf("%064x", id),
		"r2Prefix":     fmt.Sprintf("locks/%d/", id),
	}
	if l.OwnerID != "" {
		res["ownerId"] = l.OwnerID
	}
	if l.OrgID != "" {
		res["orgId"] = l.OrgID
		res["organizationId"] = l.OrgID
	}
	return jsonAnswer(http.StatusOK, res)
}

// basicInfoNotFound is the contract's basic-info 404, the only answer
// that means "this lock does not exist" there.
func basicInfoNotFound(id int64) answer {
	return errorB(http.StatusNotFound, fmt.Sprintf("Lock %d not found", id))
}

// events serves GET /locks/{id}/events?page=N: EventsPageSize events per
// page, oldest first, page 1-based, the last page without page. A page
// beyond the last has no events.
func (s *Server) events(r *http.Request, id int64, _ []byte) answer {
	l, evs, ok := s.store.history(id)
	if !ok {
		return notFound()
	}
	if s.forbidden(r, l) {
		return forbiddenAnswer()
	}
	totalPages := max(1, (len(evs)+EventsPageSize-1)/EventsPageSize)
	page := totalPages
	if text := r.URL.Query().Get("page"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			return errorA(http.StatusBadRequest, "Bad Request", "page must be a positive integer")
		}
		page = n
	}
	from := min(len(evs), (page-1)*EventsPageSize)
	to := min(len(evs), from+EventsPageSize)
	return jsonAnswer(http.StatusOK, map[string]any{
		"aggregateId": strconv.FormatInt(id, 10),
		"totalEvents": len(evs),
		"page":        page,
		"pageSize":    EventsPageSize,
		"totalPages":  totalPages,
		"events":      append([]Event{}, evs[from:to]...),
	})
}

// parseCommandBody checks a command's body against the contract
// ({"<field>": "<non-empty string>"}) and returns the value, or a message
// for a 400.
func parseCommandBody(contentType string, body []byte, field string) (value, problem string) {
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		return "", "Content-Type must be application/json"
	}
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		return "", "Request body must be a JSON object"
	}
	raw, ok := req[field]
	if !ok {
		return "", field + " is required"
	}
	if err := json.Unmarshal(raw, &value); err != nil {
		return "", field + " must be a string"
	}
	if strings.TrimSpace(value) == "" {
		return "", field + " must not be empty"
	}
	return value, ""
}
