package spkeytest

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
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

// errorBTitled is errorB with the signature of endpoint.fail.
func errorBTitled(status int, _, message string) answer { return errorB(status, message) }

// commandError is the error shape of the access commands and of
// GET /locks/{id}/temp-keys: {"error":"...","message":"..."}.
func commandError(status int, title, message string) answer {
	return jsonAnswer(status, map[string]any{"error": title, "message": message})
}

// keyError is the error shape of AddKey and RemoveKey:
// {"success":false,"error":"...","message":"..."}.
func keyError(status int, title, message string) answer {
	return jsonAnswer(status, map[string]any{"success": false, "error": title, "message": message})
}

// lookupError is the error shape of the user look-ups: {"error":"..."}.
func lookupError(status int, message string) answer {
	return jsonAnswer(status, map[string]any{"error": message})
}

// lookupErrorTitled is lookupError with the signature of endpoint.fail.
func lookupErrorTitled(status int, _, message string) answer { return lookupError(status, message) }

// commandAnswer is the 200 of every command: the aggregate, its version
// after the command and the event it recorded (null when nothing
// changed), plus the operation's own fields.
func commandAnswer(aggregateID string, version int64, ev *Event, extra map[string]any) answer {
	res := map[string]any{"success": true, "aggregateId": aggregateID, "version": version, "event": nil}
	if ev != nil {
		res["event"] = map[string]any{"type": ev.Type, "data": ev.Data}
	}
	maps.Copy(res, extra)
	return jsonAnswer(http.StatusOK, res)
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
