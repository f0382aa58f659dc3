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
	"time"
)

// The operations the mock serves under /locks/{id}/, as Request.Op and
// Fault.Op name them.
const (
	OpSetOrganization = "SetOrganization"
	OpBasicInfo       = "basic-info"
)

// endpoint is one operation under /locks/{id}/{op}: a new operation is an
// entry here and one function.
type endpoint struct {
	method string
	serve  func(s *Server, r *http.Request, lockID int64, body []byte) answer
}

// opNames lists the operations in a stable order, for messages.
func opNames() []string { return slices.Sorted(maps.Keys(endpoints)) }

var endpoints = map[string]endpoint{
	OpSetOrganization: {method: http.MethodPost, serve: (*Server).setOrganization},
	OpBasicInfo:       {method: http.MethodGet, serve: (*Server).basicInfo},
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

func (s *Server) setOrganization(r *http.Request, id int64, body []byte) answer {
	orgID, msg := parseSetOrganizationBody(r.Header.Get("Content-Type"), body)
	if msg != "" {
		return errorA(http.StatusBadRequest, "Bad Request", msg)
	}
	l, ok := s.store.get(id)
	if !ok {
		return errorA(http.StatusNotFound, "Not Found", "The requested resource was not found")
	}
	if s.forbidden(r, l) {
		return errorA(http.StatusForbidden, "Forbidden", "The API key's organization does not own this lock")
	}
	l, changed, ok := s.store.setOrg(id, orgID)
	if !ok {
		return errorA(http.StatusNotFound, "Not Found", "The requested resource was not found")
	}
	res := map[string]any{
		"success":     true,
		"aggregateId": strconv.FormatInt(id, 10),
		"version":     l.Version,
		"event":       nil,
	}
	if changed {
		res["event"] = map[string]any{
			"type": "OrganizationSet",
			"data": map[string]any{
				"lockId":    id,
				"uuid":      l.UUID,
				"timestamp": time.Now().UTC().Format(time.RFC3339Nano),
				"orgId":     orgID,
			},
		}
	}
	return jsonAnswer(http.StatusOK, res)
}

func (s *Server) basicInfo(r *http.Request, id int64, _ []byte) answer {
	l, ok := s.store.get(id)
	if !ok {
		return errorB(http.StatusNotFound, fmt.Sprintf("Lock %d not found", id))
	}
	if s.forbidden(r, l) {
		return errorA(http.StatusForbidden, "Forbidden", "The API key's organization does not own this lock")
	}
	res := map[string]any{
		"id":           strconv.FormatInt(id, 10),
		"lockId":       id,
		"uuid":         l.UUID,
		"version":      l.Version,
		"serialNumber": l.SerialNumber,
		"ownerId":      l.OwnerID,
		"doId":         fmt.Sprintf("%064x", id),
		"r2Prefix":     fmt.Sprintf("locks/%d/", id),
	}
	if l.OrgID != "" {
		res["orgId"] = l.OrgID
		res["organizationId"] = l.OrgID
	}
	return jsonAnswer(http.StatusOK, res)
}

// parseSetOrganizationBody checks a SetOrganization body against the
// contract and returns the orgId, or a message for a 400.
func parseSetOrganizationBody(contentType string, body []byte) (orgID, problem string) {
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		return "", "Content-Type must be application/json"
	}
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		return "", "Request body must be a JSON object"
	}
	raw, ok := req["orgId"]
	if !ok {
		return "", "orgId is required"
	}
	if err := json.Unmarshal(raw, &orgID); err != nil {
		return "", "orgId must be a string"
	}
	if strings.TrimSpace(orgID) == "" {
		return "", "orgId must not be empty"
	}
	return orgID, ""
}
