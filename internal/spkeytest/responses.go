package spkeytest

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// answer is a response decided but not yet written, so that a fault can
// replace it after the request was applied.
type answer struct {
	status int
	header http.Header
	body   []byte
	// drop closes the connection without answering.
	drop bool
	// stallAfter > 0 writes that many bytes of body, then stalls for stall
	// before writing the rest.
	stallAfter int
	stall      time.Duration
}

func jsonAnswer(status int, v any) answer {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return answer{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: b}
}

// errorA is the SetOrganization error shape:
// {"success":false,"error":"...","message":"...","code":N}.
func errorA(status int, title, message string) answer {
	return jsonAnswer(status, map[string]any{"success": false, "error": title, "message": message, "code": status})
}

// errorB is the basic-info error shape:
// {"success":false,"errors":[{"code":N,"message":"..."}]}.
func errorB(status int, message string) answer {
	return jsonAnswer(status, map[string]any{"success": false, "errors": []map[string]any{{"code": status, "message": message}}})
}

// statusMessages are the messages the real API uses for these statuses on
// its other endpoints.
var statusMessages = map[int]string{
	http.StatusTooManyRequests:    "Too many attempts",
	http.StatusBadGateway:         "Device unreachable",
	http.StatusServiceUnavailable: "Service temporarily unavailable",
	http.StatusGatewayTimeout:     "Upstream timed out",
	http.StatusConflict:           "Concurrent modification of the aggregate",
}

func faultAnswer(f Fault, op string) answer {
	switch f.Kind {
	case FaultStatus:
		msg := statusMessages[f.Status]
		if msg == "" {
			msg = "Injected failure"
		}
		var a answer
		if op == opBasicInfo {
			a = errorB(f.Status, msg)
		} else {
			a = errorA(f.Status, http.StatusText(f.Status), msg)
		}
		if f.RetryAfter != "" {
			a.header.Set("Retry-After", f.RetryAfter)
		}
		return a
	case FaultDrop:
		return answer{drop: true}
	case FaultMalformed:
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(`{"success": true, "aggregateId": "1", "vers`)}
	case FaultSuccessFalse:
		return errorA(http.StatusOK, "Conflict", "Injected failure: the command was rejected")
	case FaultHTML500:
		return answer{
			status: http.StatusInternalServerError,
			header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			body:   []byte("<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1><p>Worker threw exception</p></body></html>\n"),
		}
	case FaultOversized:
		body := append([]byte(`{"success": true, "padding": "`), bytes.Repeat([]byte("x"), OversizedBytes)...)
		body = append(body, `"}`...)
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: body}
	case FaultSlowBody:
		stall := f.SlowFor
		if stall <= 0 {
			stall = time.Minute
		}
		body := []byte(`{"success": true, "aggregateId": "1", "version": 1, "event": null}`)
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: body, stallAfter: 10, stall: stall}
	case FaultBody:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		return answer{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(f.Body)}
	}
	return errorA(http.StatusInternalServerError, "Internal Server Error", "unknown fault kind "+string(f.Kind))
}

func (a answer) write(w http.ResponseWriter, r *http.Request) {
	if a.drop {
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic(http.ErrAbortHandler)
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	if a.stallAfter > 0 && a.stallAfter < len(a.body) {
		_, _ = w.Write(a.body[:a.stallAfter])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if !sleep(r.Context(), a.stall) {
			return
		}
		_, _ = w.Write(a.body[a.stallAfter:])
		return
	}
	_, _ = w.Write(a.body)
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
