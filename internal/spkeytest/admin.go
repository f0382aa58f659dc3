package spkeytest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// adminPrefix holds the control endpoints that scripts (the demo, the
// benchmark, users' pipelines) use against a standalone spkey-mock. They
// need no credentials, are never recorded and are never part of the real
// API. ControlEndpoints lists them.
const adminPrefix = "/_mock/"

// ControlEndpoint documents one control endpoint under /_mock/.
type ControlEndpoint struct {
	Method string
	// Path is a ServeMux pattern: {id} is a lock id under /_mock/locks/,
	// a user id under /_mock/users/.
	Path string
	// Params are the query parameters and the body, "" for none.
	Params string
	// Answer is what it answers.
	Answer string

	serve func(s *Server, w http.ResponseWriter, r *http.Request, id int64)
}

// ControlEndpoints lists every control endpoint, for spkey-mock -h and
// the README.
func ControlEndpoints() []ControlEndpoint {
	out := make([]ControlEndpoint, len(controls))
	for i, c := range controls {
		c.serve = nil
		out[i] = c
	}
	return out
}

var controls = []ControlEndpoint{
	{Method: "GET", Path: "/_mock/stats", Answer: "200, the counters as JSON (requests, connections, faults, rate_limited, by_status, by_op: requests per operation, max_in_flight: most served at once)",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { writeAdminJSON(w, s.Stats()) }},
	{Method: "POST", Path: "/_mock/stats/reset", Answer: "204; zeroes the counters and forgets the recorded requests (locks stay)",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { s.ResetStats(); noContent(w) }},
	{Method: "GET", Path: "/_mock/locks", Answer: "200, every lock as JSON (id, uuid, version, serial_number, owner_id, org_id)",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { writeAdminJSON(w, s.Locks()) }},
	{Method: "PUT", Path: "/_mock/locks/{id}", Params: "query: org=ORG (optional)",
		Answer: "200, the lock as JSON; creates the lock, or moves it to ORG out of band (drift, an OrganizationSet event)",
		serve: func(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
			writeAdminJSON(w, s.AddLock(id, r.URL.Query().Get("org")))
		}},
	{Method: "DELETE", Path: "/_mock/locks/{id}", Answer: "204; deletes the lock and its events (404 when there is none)",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, id int64) {
			if !s.DeleteLock(id) {
				http.Error(w, "no such lock", http.StatusNotFound)
				return
			}
			noContent(w)
		}},
	{Method: "PUT", Path: "/_mock/locks/{id}/owner", Params: "query: user=USER (empty removes the owner)",
		Answer: "200, the lock as JSON; gives the lock to USER out of band (drift, an OwnerSet event; OwnerRemoved when empty)",
		serve: func(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
			adminLockChange(s, w, id, s.SetOwner(id, r.URL.Query().Get("user")))
		}},
	{Method: "POST", Path: "/_mock/locks/{id}/bump", Answer: "200, the lock as JSON; records an unrelated event (KeyIssued): the version grows by one, nothing else changes",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, id int64) {
			adminLockChange(s, w, id, s.BumpVersion(id))
		}},
	{Method: "GET", Path: "/_mock/locks/{id}/events", Answer: "200, the lock's whole history as a JSON array of events, oldest first, unpaged",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, id int64) {
			evs, ok := s.Events(id)
			if !ok {
				http.Error(w, "no such lock", http.StatusNotFound)
				return
			}
			writeAdminJSON(w, evs)
		}},
	{Method: "PUT", Path: "/_mock/locks/{id}/residents/{userId}", Params: "query: name=NAME (required), email=EMAIL (default: the user's)",
		Answer: "200, the resident as JSON; puts USERID on the doorbell list out of band (ResidentAdded; ResidentRemoved first when the entry differs)",
		serve:  adminPutResident},
	{Method: "DELETE", Path: "/_mock/locks/{id}/residents/{userId}", Answer: "204; takes USERID off the doorbell list out of band (ResidentRemoved; 404 when not there)",
		serve: adminRemoveResident},
	{Method: "PUT", Path: "/_mock/locks/{id}/keys/{uuid}", Params: "query: index=N, user=USER (both optional)",
		Answer: "200, the key as JSON; registers the key out of band, even with the device offline (KeyAdded; KeyRemoved first when it differs)",
		serve:  adminPutKey},
	{Method: "DELETE", Path: "/_mock/locks/{id}/keys/{uuid}", Answer: "204; removes the key out of band, even with the device offline (KeyRemoved; 404 when not there)",
		serve: adminRemoveKey},
	{Method: "PUT", Path: "/_mock/locks/{id}/device", Params: "query: online=true|false",
		Answer: "204; with online=false, AddKey and RemoveKey on this lock answer the API's 502 and record nothing",
		serve:  adminSetDevice},
	{Method: "POST", Path: "/_mock/locks/{id}/temp-keys/{uuid}/use", Params: "query: n=N (1 when absent)",
		Answer: "200, the temp key as JSON; counts N uses (usedCount grows; a TempKeyUsed event)",
		serve:  adminUseTempKey},
	{Method: "DELETE", Path: "/_mock/locks/{id}/temp-keys/{uuid}", Answer: "204; deletes the temp key out of band (TempKeyDeleted; 404 when not there)",
		serve: adminDeleteTempKey},
	{Method: "GET", Path: "/_mock/users", Answer: "200, every user as JSON (id, email, phone, created_at, version)",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { writeAdminJSON(w, s.Users()) }},
	{Method: "GET", Path: "/_mock/users/{id}", Answer: "200, the user as JSON (404 when there is none)",
		serve: adminGetUser},
	{Method: "PUT", Path: "/_mock/users/{id}", Params: "query: email=EMAIL, phone=PHONE (each optional; empty removes it)",
		Answer: "200, the user as JSON; creates the user (UserCreated), or changes its email or phone out of band (UserUpdated); 400 when malformed, 409 when another user's",
		serve:  adminPutUser},
	{Method: "DELETE", Path: "/_mock/users/{id}", Answer: "204; deletes the user and its history (404 when there is none)",
		serve: adminDeleteUser},
	{Method: "GET", Path: "/_mock/users/{id}/events", Answer: "200, the user's whole history as a JSON array of events, oldest first",
		serve: adminUserEvents},
	{Method: "PUT", Path: "/_mock/users/{id}/accessible-locks/{lockId}", Params: "query: name=NAME (default \"Lock LOCKID\"), level=OWNER|ADMIN|USER|GUEST (default USER), granted-by=USER (default the actor), expires-at=TIME (optional)",
		Answer: "200, the entry as JSON; grants the lock out of band (AccessibleLockAdded; AccessibleLockRemoved first when the entry differs)",
		serve:  adminGrantAccess},
	{Method: "DELETE", Path: "/_mock/users/{id}/accessible-locks/{lockId}", Answer: "204; revokes the lock out of band (AccessibleLockRemoved; 404 when not there)",
		serve: adminRevokeAccess},
	{Method: "PUT", Path: "/_mock/clock", Params: "query: now=RFC3339 (empty: the real time again)",
		Answer: "200, {\"now\": TIME}; the time temp key statuses are computed at (event timestamps keep the event clock)",
		serve:  adminSetClock},
	{Method: "POST", Path: "/_mock/faults", Params: "body: one fault in -fault syntax",
		Answer: "204; adds the fault (400 with the reason when the spec is wrong)",
		serve: func(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
			spec, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
			f, err := ParseFault(string(spec))
			if err == nil {
				err = s.InjectFault(f)
			}
			adminResult(w, err)
		}},
	{Method: "DELETE", Path: "/_mock/faults", Answer: "204; removes every fault",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { s.ClearFaults(); noContent(w) }},
	{Method: "POST", Path: "/_mock/canned", Params: "query: path=PATH (exact, or a prefix ending in *), status=N (default 200), content-type=TYPE (default none), method=M (default any); body: the answer's body",
		Answer: "204; from now on PATH answers exactly this, before authentication, routing and faults (400 with the reason when a parameter is wrong)",
		serve: func(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
			q := r.URL.Query()
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			c := Canned{Method: q.Get("method"), Path: q.Get("path"), ContentType: q.Get("content-type"), Body: string(body)}
			var err error
			if st := q.Get("status"); st != "" {
				c.Status, err = strconv.Atoi(st)
			}
			if err == nil {
				err = s.AddCanned(c)
			}
			adminResult(w, err)
		}},
	{Method: "GET", Path: "/_mock/canned", Answer: "200, the canned answers as JSON",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { writeAdminJSON(w, s.CannedAnswers()) }},
	{Method: "DELETE", Path: "/_mock/canned", Answer: "204; removes every canned answer",
		serve: func(s *Server, w http.ResponseWriter, _ *http.Request, _ int64) { s.ClearCanned(); noContent(w) }},
}

// newAdminMux routes the control endpoints of s. A known path with another
// method answers 405, an unknown path 404.
func newAdminMux(s *Server) *http.ServeMux {
	mux := http.NewServeMux()
	for _, c := range controls {
		mux.HandleFunc(c.Method+" "+c.Path, func(w http.ResponseWriter, r *http.Request) {
			var id int64
			if text := r.PathValue("id"); text != "" && strings.HasPrefix(c.Path, "/_mock/locks/") {
				var err error
				if id, err = strconv.ParseInt(text, 10, 64); err != nil || id < 1 {
					http.Error(w, "lock id must be a positive integer", http.StatusBadRequest)
					return
				}
			}
			c.serve(s, w, r, id)
		})
	}
	return mux
}

func adminLockChange(s *Server, w http.ResponseWriter, id int64, found bool) {
	if !found {
		http.Error(w, "no such lock", http.StatusNotFound)
		return
	}
	l, _ := s.Lock(id)
	writeAdminJSON(w, l)
}

func adminResult(w http.ResponseWriter, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	noContent(w)
}

func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

func writeAdminJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
