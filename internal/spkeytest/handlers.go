package spkeytest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// EventsPageSize is the number of events on one page of
// GET /locks/{id}/events, as the API documents it.
const EventsPageSize = 10

func unauthorized() answer {
	return errorA(http.StatusUnauthorized, "Unauthorized", "Authentication required. Please provide a valid API token")
}

func forbiddenAnswer() answer {
	return errorA(http.StatusForbidden, "Forbidden", "The API key's organization does not own this lock")
}

// notFound is the lock-not-found answer of SetOrganization, SetOwner and
// events (see basicInfoNotFound).
func notFound() answer {
	return errorA(http.StatusNotFound, "Not Found", "The requested resource was not found")
}

// lockNotFound is the lock-not-found answer of the access operations, in
// the operation's error shape.
func lockNotFound(shape func(status int, title, message string) answer, id int64) answer {
	return shape(http.StatusNotFound, "Not Found", fmt.Sprintf("Lock %d not found", id))
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

// forbiddenLock applies the B2B rule to the lock of a lock-scoped call; a
// lock that does not exist is left to the operation's own 404.
func (s *Server) forbiddenLock(c *call) bool {
	l, ok := s.store.get(c.lockID)
	return ok && s.forbidden(c.r, l)
}

// setOrganization serves POST /locks/{id}/SetOrganization.
func (s *Server) setOrganization(c *call) answer {
	return s.assignCommand(c, "orgId", organization)
}

// setOwner serves POST /locks/{id}/SetOwner. Any non-empty userId is
// accepted: the API documents no format check.
func (s *Server) setOwner(c *call) answer {
	return s.assignCommand(c, "userId", owner)
}

// assignCommand is SetOrganization and SetOwner: the body's field names
// the new value; the answer carries the event, or null when nothing
// changed.
func (s *Server) assignCommand(c *call, field string, a assignment) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	value := b.str(field, true)
	if b.problem != "" {
		return errorA(http.StatusBadRequest, "Bad Request", b.problem)
	}
	l, ok := s.store.get(c.lockID)
	if !ok {
		return notFound()
	}
	if s.forbidden(c.r, l) {
		return forbiddenAnswer()
	}
	l, ev, ok := s.store.assign(c.lockID, a, value)
	if !ok {
		return notFound()
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, nil)
}

// basicInfo serves GET /locks/{id}/basic-info.
func (s *Server) basicInfo(c *call) answer {
	l, ok := s.store.get(c.lockID)
	if !ok {
		return basicInfoNotFound(c.lockID)
	}
	if s.forbidden(c.r, l) {
		return forbiddenAnswer()
	}
	return jsonAnswer(http.StatusOK, lockInfo(l))
}

// details serves GET /locks/{id}/details: basic-info's fields, the keys,
// the residents (without hasPhone), the time of the lock's last event
// and orgId, which details always has ("" for none; the contract
// requires it).
func (s *Server) details(c *call) answer {
	s.store.mu.Lock()
	p, acc, ok := s.store.readAccess(c.lockID)
	var (
		l         Lock
		keys      []Key
		residents []map[string]any
		ts        string
	)
	if ok {
		l, keys = *p, cloneKeys(acc.keys.values())
		for _, r := range acc.residents.values() {
			res := map[string]any{"userId": r.UserID, "name": r.Name}
			if r.Email != "" {
				res["email"] = r.Email
			}
			residents = append(residents, res)
		}
		if evs := s.store.events[c.lockID]; len(evs) > 0 {
			ts = evs[len(evs)-1].Timestamp
		}
	}
	s.store.mu.Unlock()
	if !ok {
		return basicInfoNotFound(c.lockID)
	}
	if s.forbidden(c.r, l) {
		return forbiddenAnswer()
	}
	res := lockInfo(l)
	res["keys"] = keys
	res["residents"] = append([]map[string]any{}, residents...)
	res["orgId"] = l.OrgID
	res["timestamp"] = ts
	return jsonAnswer(http.StatusOK, res)
}

// lockInfo is basic-info's answer for l: orgId and organizationId only
// with an organization, ownerId only with an owner.
func lockInfo(l Lock) map[string]any {
	id := l.ID
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
	return res
}

// basicInfoNotFound is the contract's basic-info 404, the only answer
// that means "this lock does not exist" there.
func basicInfoNotFound(id int64) answer {
	return errorB(http.StatusNotFound, fmt.Sprintf("Lock %d not found", id))
}

// events serves GET /locks/{id}/events?page=N: EventsPageSize events per
// page, oldest first, page 1-based, the last page without page. A page
// beyond the last has no events.
func (s *Server) events(c *call) answer {
	id := c.lockID
	l, evs, ok := s.store.history(id)
	if !ok {
		return notFound()
	}
	if s.forbidden(c.r, l) {
		return forbiddenAnswer()
	}
	totalPages := max(1, (len(evs)+EventsPageSize-1)/EventsPageSize)
	page := totalPages
	if text := c.r.URL.Query().Get("page"); text != "" {
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
