package spkeytest

import (
	"errors"
	"net/http"
	"strings"
)

// Resident is one entry of a lock's doorbell list: who is notified when
// its doorbell rings.
type Resident struct {
	UserID string `json:"userId"`
	Name   string `json:"name"`
	// Email is the user's, when known.
	Email string `json:"email,omitempty"`
	// HasPhone tells whether a phone number is on file; the API never
	// returns the number itself.
	HasPhone bool `json:"hasPhone"`
}

// residentRef is how a command names a resident: by user id, or by the
// email or phone number of an existing user.
type residentRef struct{ userID, email, phone string }

// readResidentRef reads userId, email and phoneNumber; one is required.
func readResidentRef(b *jsonBody) residentRef {
	ref := residentRef{userID: b.str("userId", false), email: b.str("email", false)}
	if ref.email != "" && !isEmail(ref.email) {
		b.fail("email must be an address such as user@example.com")
	}
	if raw := b.str("phoneNumber", false); raw != "" {
		phone, ok := normalizePhone(raw)
		if !ok {
			b.fail("phoneNumber: " + phoneProblem)
		}
		ref.phone = phone
	}
	if ref == (residentRef{}) {
		b.fail("Give the resident's userId, email or phoneNumber")
	}
	return ref
}

// addResident serves POST /locks/{id}/AddResident. userId is used as
// given (email and hasPhone come from the user when one has that id);
// email and phoneNumber must name an existing user (404 otherwise, as the
// contract says: look the user up first).
func (s *Server) addResident(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	name := b.str("name", true)
	ref := readResidentRef(b)
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, r, ev, err := s.store.addResident(c.lockID, ref, name)
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(commandError, c.lockID)
	case errors.Is(err, errNoUser):
		return commandError(http.StatusNotFound, "Not Found", "No user has this "+ref.what()+"; look the user up with GET /users/by-email or /users/by-phone first")
	case errors.Is(err, errExists):
		return commandError(http.StatusBadRequest, "Bad Request", "Resident already exists")
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, emailField(r.Email))
}

// removeResident serves POST /locks/{id}/RemoveResident.
func (s *Server) removeResident(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	ref := readResidentRef(b)
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, r, ev, err := s.store.removeResident(c.lockID, ref)
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(commandError, c.lockID)
	case errors.Is(err, errNoEntry):
		return commandError(http.StatusBadRequest, "Bad Request", "Resident not found on this lock")
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, emailField(r.Email))
}

// residents serves GET /locks/{id}/residents.
func (s *Server) residents(c *call) answer {
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	rs, ok := s.Residents(c.lockID)
	if !ok {
		return basicInfoNotFound(c.lockID)
	}
	return jsonAnswer(http.StatusOK, map[string]any{"residents": rs})
}

func (ref residentRef) what() string {
	if ref.email != "" {
		return "email address"
	}
	return "phone number"
}

// emailField is the optional email of a resident command's answer.
func emailField(email string) map[string]any {
	if email == "" {
		return nil
	}
	return map[string]any{"email": email}
}

// AddResident puts r on a lock's doorbell list behind Terraform's back: a
// ResidentAdded event, or ResidentRemoved and ResidentAdded when the entry
// for r.UserID differs. Email and HasPhone default to the user's when a
// user has that id. It fails with ErrNotFound when the lock does not
// exist.
func (s *Server) AddResident(lockID int64, r Resident) error {
	if r.UserID == "" || r.Name == "" {
		return errors.New("a resident needs a UserID and a Name")
	}
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	p, acc, err := st.lockLocked(lockID)
	if err != nil {
		return err
	}
	if u := st.users[r.UserID]; u != nil && r.Email == "" && !r.HasPhone {
		r.Email, r.HasPhone = u.Email, u.Phone != ""
	}
	_, err = st.putResidentLocked(p, acc, r, true)
	return err
}

// RemoveResident takes userID off a lock's doorbell list behind
// Terraform's back (a ResidentRemoved event). It reports false when the
// lock does not exist or the user is not on the list.
func (s *Server) RemoveResident(lockID int64, userID string) bool {
	_, _, _, err := s.store.removeResident(lockID, residentRef{userID: userID})
	return err == nil
}

// Residents returns a lock's doorbell list in the order it was built.
func (s *Server) Residents(lockID int64) ([]Resident, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	_, acc, ok := s.store.readAccess(lockID)
	if !ok {
		return nil, false
	}
	return acc.residents.values(), true
}

// addResident resolves ref to a user and puts it on the lock's list
// (errExists when it is there).
func (s *store) addResident(lockID int64, ref residentRef, name string) (Lock, Resident, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, Resident{}, nil, err
	}
	r := Resident{Name: name}
	if ref.userID != "" {
		r.UserID = ref.userID
		if u := s.users[ref.userID]; u != nil {
			r.Email, r.HasPhone = u.Email, u.Phone != ""
		}
		if r.Email == "" {
			r.Email = ref.email
		}
		r.HasPhone = r.HasPhone || ref.phone != ""
	} else {
		u := s.userByEmailLocked(ref.email)
		if ref.email == "" {
			u = s.userByPhoneLocked(ref.phone)
		}
		if u == nil {
			return *p, Resident{}, nil, errNoUser
		}
		r.UserID, r.Email, r.HasPhone = u.ID, u.Email, u.Phone != ""
	}
	ev, err := s.putResidentLocked(p, acc, r, false)
	return *p, r, ev, err
}

// putResidentLocked adds r (errExists when its user is on the list,
// unless replace: then a different entry is removed and r added). ev is
// nil when nothing changed.
func (s *store) putResidentLocked(p *Lock, acc *lockAccess, r Resident, replace bool) (*Event, error) {
	if old, ok := acc.residents.get(r.UserID); ok {
		switch {
		case !replace:
			return nil, errExists
		case old == r:
			return nil, nil
		}
		s.removeResidentLocked(p, acc, old)
	}
	acc.residents.put(r.UserID, r)
	extra := map[string]any{"userId": r.UserID, "name": r.Name}
	if r.Email != "" {
		extra["email"] = r.Email
	}
	ev := s.record(p, EventResidentAdded, extra)
	return &ev, nil
}

// removeResident takes the resident ref names off the lock's list
// (errNoEntry when it is not there). An email or phone number names the
// user that has it; an email also matches a resident's own email.
func (s *store) removeResident(lockID int64, ref residentRef) (Lock, Resident, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, Resident{}, nil, err
	}
	r, ok := acc.residents.get(ref.userID)
	if ref.userID == "" {
		u := s.userByEmailLocked(ref.email)
		if ref.email == "" {
			u = s.userByPhoneLocked(ref.phone)
		}
		if u != nil {
			r, ok = acc.residents.get(u.ID)
		}
		for _, k := range acc.residents.keys {
			if ok || ref.email == "" {
				break
			}
			if other := acc.residents.vals[k]; strings.EqualFold(other.Email, ref.email) {
				r, ok = other, true
			}
		}
	}
	if !ok {
		return *p, Resident{}, nil, errNoEntry
	}
	ev := s.removeResidentLocked(p, acc, r)
	return *p, r, &ev, nil
}

func (s *store) removeResidentLocked(p *Lock, acc *lockAccess, r Resident) Event {
	acc.residents.remove(r.UserID)
	extra := map[string]any{"userId": r.UserID}
	if r.Email != "" {
		extra["email"] = r.Email
	}
	return s.record(p, EventResidentRemoved, extra)
}
