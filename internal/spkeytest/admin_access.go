package spkeytest

import (
	"errors"
	"net/http"
	"strconv"
	"time"
)

// The control endpoints for users, their accessible locks and a lock's
// residents, keys, device and temp keys (see controls in admin.go). Each
// is a thin wrapper over the Go method of the same change.

func adminGetUser(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	u, ok := s.User(r.PathValue("id"))
	if !ok {
		http.Error(w, "no such user", http.StatusNotFound)
		return
	}
	writeAdminJSON(w, u)
}

// adminPutUser creates the user, or changes the email and phone number
// given (a parameter that is absent stays).
func adminPutUser(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	q, id := r.URL.Query(), r.PathValue("id")
	var (
		u   User
		err error
	)
	if old, ok := s.User(id); ok {
		email, phone := old.Email, old.Phone
		if q.Has("email") {
			email = q.Get("email")
		}
		if q.Has("phone") {
			phone = q.Get("phone")
		}
		u, err = s.SetUserContact(id, email, phone)
	} else {
		u, err = s.AddUser(User{ID: id, Email: q.Get("email"), Phone: q.Get("phone")})
	}
	if err != nil {
		adminError(w, err)
		return
	}
	writeAdminJSON(w, u)
}

func adminDeleteUser(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	adminRemoved(w, s.DeleteUser(r.PathValue("id")), "no such user")
}

func adminUserEvents(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	evs, ok := s.UserEvents(r.PathValue("id"))
	if !ok {
		http.Error(w, "no such user", http.StatusNotFound)
		return
	}
	writeAdminJSON(w, evs)
}

func adminGrantAccess(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	q, lockID := r.URL.Query(), r.PathValue("lockId")
	a := AccessibleLock{LockID: lockID, LockName: q.Get("name"), AccessLevel: q.Get("level"), GrantedBy: q.Get("granted-by"), ExpiresAt: q.Get("expires-at")}
	if a.LockName == "" {
		a.LockName = "Lock " + lockID
	}
	if a.AccessLevel == "" {
		a.AccessLevel = AccessUser
	}
	if a.GrantedBy == "" {
		a.GrantedBy = s.actorID()
	}
	if err := s.GrantAccess(r.PathValue("id"), a); err != nil {
		adminError(w, err)
		return
	}
	writeAdminJSON(w, a)
}

func adminRevokeAccess(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	adminRemoved(w, s.RevokeAccess(r.PathValue("id"), r.PathValue("lockId")), "no such user or accessible lock")
}

func adminPutResident(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	q := r.URL.Query()
	res := Resident{UserID: r.PathValue("userId"), Name: q.Get("name"), Email: q.Get("email")}
	if res.Name == "" {
		http.Error(w, "name is required", http.StatusBadRequest)
		return
	}
	if err := s.AddResident(id, res); err != nil {
		adminError(w, err)
		return
	}
	rs, _ := s.Residents(id)
	for _, x := range rs {
		if x.UserID == res.UserID {
			writeAdminJSON(w, x)
			return
		}
	}
}

func adminRemoveResident(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	adminRemoved(w, s.RemoveResident(id, r.PathValue("userId")), "no such lock or resident")
}

func adminPutKey(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	q := r.URL.Query()
	k := Key{UUID: r.PathValue("uuid"), UserID: q.Get("user")}
	if text := q.Get("index"); text != "" {
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil || n < 0 {
			http.Error(w, "index must be a whole number, 0 or more", http.StatusBadRequest)
			return
		}
		k.IndexNumber = &n
	}
	if err := s.AddKey(id, k); err != nil {
		adminError(w, err)
		return
	}
	writeAdminJSON(w, k)
}

func adminRemoveKey(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	adminRemoved(w, s.RemoveKey(id, r.PathValue("uuid")), "no such lock or key")
}

func adminSetDevice(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	online, err := strconv.ParseBool(r.URL.Query().Get("online"))
	if err != nil {
		http.Error(w, "online must be true or false", http.StatusBadRequest)
		return
	}
	s.SetDeviceOffline(id, !online)
	noContent(w)
}

func adminUseTempKey(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	n := int64(1)
	if text := r.URL.Query().Get("n"); text != "" {
		var err error
		if n, err = strconv.ParseInt(text, 10, 64); err != nil || n < 1 {
			http.Error(w, "n must be a whole number, 1 or more", http.StatusBadRequest)
			return
		}
	}
	uuid := r.PathValue("uuid")
	if !s.UseTempKey(id, uuid, n) {
		http.Error(w, "no such lock or temp key", http.StatusNotFound)
		return
	}
	keys, _ := s.TempKeys(id)
	for _, k := range keys {
		if k.UUID == uuid {
			writeAdminJSON(w, k)
			return
		}
	}
}

func adminDeleteTempKey(s *Server, w http.ResponseWriter, r *http.Request, id int64) {
	adminRemoved(w, s.DeleteTempKey(id, r.PathValue("uuid")), "no such lock or temp key")
}

func adminSetClock(s *Server, w http.ResponseWriter, r *http.Request, _ int64) {
	var t time.Time
	if text := r.URL.Query().Get("now"); text != "" {
		var err error
		if t, err = time.Parse(time.RFC3339, text); err != nil {
			http.Error(w, "now must be an RFC 3339 date-time such as 2026-12-01T09:00:00Z", http.StatusBadRequest)
			return
		}
	}
	s.SetNow(t)
	writeAdminJSON(w, map[string]string{"now": s.Now().UTC().Format(time.RFC3339Nano)})
}

// adminRemoved answers a removal: 204, or 404 with what was missing.
func adminRemoved(w http.ResponseWriter, found bool, missing string) {
	if !found {
		http.Error(w, missing, http.StatusNotFound)
		return
	}
	noContent(w)
}

// adminError answers a refused change: 404 for what does not exist, 409
// for what another user holds, 400 for the rest.
func adminError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, errIDTaken), errors.Is(err, errTakenBy):
		status = http.StatusConflict
	}
	http.Error(w, err.Error(), status)
}
