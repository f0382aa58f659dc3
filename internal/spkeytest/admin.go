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
// need no credentials and are never part of the real API.
//
//	GET    /_mock/stats             counters as JSON
//	POST   /_mock/stats/reset       zero the counters and forget requests
//	GET    /_mock/locks             every lock as JSON
//	PUT    /_mock/locks/{id}?org=X  create the lock or move it to org X (drift)
//	DELETE /_mock/locks/{id}        delete the lock
//	POST   /_mock/faults            add a fault; body in -fault syntax
//	DELETE /_mock/faults            remove every fault
const adminPrefix = "/_mock/"

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, adminPrefix)
	switch {
	case path == "stats" && r.Method == http.MethodGet:
		writeAdminJSON(w, s.Stats())
	case path == "stats/reset" && r.Method == http.MethodPost:
		s.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	case path == "locks" && r.Method == http.MethodGet:
		writeAdminJSON(w, s.Locks())
	case strings.HasPrefix(path, "locks/"):
		id, err := strconv.ParseInt(strings.TrimPrefix(path, "locks/"), 10, 64)
		if err != nil || id < 1 {
			http.Error(w, "lock id must be a positive integer", http.StatusBadRequest)
			return
		}
		switch r.Method {
		case http.MethodPut:
			writeAdminJSON(w, s.AddLock(id, r.URL.Query().Get("org")))
		case http.MethodDelete:
			if !s.DeleteLock(id) {
				http.Error(w, "no such lock", http.StatusNotFound)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			http.Error(w, "use PUT or DELETE", http.StatusMethodNotAllowed)
		}
	case path == "faults" && r.Method == http.MethodPost:
		spec, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
		f, err := ParseFault(string(spec))
		if err == nil {
			err = s.InjectFault(f)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "faults" && r.Method == http.MethodDelete:
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "unknown mock control endpoint", http.StatusNotFound)
	}
}

func writeAdminJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
