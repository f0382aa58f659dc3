package spkeytest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// User is one user aggregate as the mock stores it. A user has an email,
// a phone number or both.
type User struct {
	// ID is a lower-case UUID.
	ID string `json:"id"`
	// Email is "" for a phone-only user.
	Email string `json:"email"`
	// Phone is in international form, "+48123456789"; "" for none.
	Phone string `json:"phone"`
	// CreatedAt is the time of the user's creation event; AddUser and
	// Options.Users set it from the event clock when it is zero.
	CreatedAt time.Time `json:"created_at"`
	// Version is the user aggregate's version: 1 at creation, one more for
	// each event (an accessible lock added or removed, ...).
	Version int64 `json:"version"`
}

// UserUUID is the id of the n-th numbered user (spkey-mock -users): for
// n below 10^12, "00000000-0000-4000-a000-" and n in twelve digits.
func UserUUID(n int64) string { return fmt.Sprintf("00000000-0000-4000-a000-%012d", n) }

// NumberedUser is the n-th user of spkey-mock's -users range: id
// UserUUID(n), email user<n>@example.com and phone +48 6xx xxx xxx, that
// is "+48" and 600000000+n in nine digits ("+48600000001" for n = 1; the
// same as "+4860000" and n in four digits, for n up to 9999).
func NumberedUser(n int64) User {
	return User{ID: UserUUID(n), Email: fmt.Sprintf("user%d@example.com", n), Phone: fmt.Sprintf("+48%09d", 600_000_000+n)}
}

// userRecord is a user aggregate: the user, what it may open and its
// history.
type userRecord struct {
	User
	grants ordered[string, AccessibleLock]
	events []Event
}

// AddUser creates a user (see User; ID may be "" for a new id, Email and
// Phone are checked and normalized as the look-ups do), recording a
// UserCreated event. It fails when the id, the email or the phone number
// is taken or malformed.
func (s *Server) AddUser(u User) (User, error) {
	u, err := normalizeUser(u)
	if err != nil {
		return User{}, err
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	rec, err := s.store.createUserLocked(u)
	if err != nil {
		return User{}, err
	}
	return rec.User, nil
}

// SetUserContact changes a user's email and phone number behind
// Terraform's back ("" removes one), recording a UserUpdated event when
// anything changed. It fails when the user does not exist (ErrNotFound)
// or the new email or phone number is malformed or another user's.
func (s *Server) SetUserContact(id, email, phone string) (User, error) {
	u, err := normalizeUser(User{ID: id, Email: email, Phone: phone})
	if err != nil {
		return User{}, err
	}
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	rec := st.users[u.ID]
	if rec == nil {
		return User{}, errNoUser
	}
	if other := st.usersByEmail[strings.ToLower(u.Email)]; u.Email != "" && other != "" && other != u.ID {
		return User{}, fmt.Errorf("email: %w", errTakenBy)
	}
	if other := st.usersByPhone[u.Phone]; u.Phone != "" && other != "" && other != u.ID {
		return User{}, fmt.Errorf("phone: %w", errTakenBy)
	}
	if rec.Email == u.Email && rec.Phone == u.Phone {
		return rec.User, nil
	}
	st.unindexUserLocked(rec)
	rec.Email, rec.Phone = u.Email, u.Phone
	st.indexUserLocked(rec)
	st.recordUserLocked(rec, EventUserUpdated, contactData(rec.User))
	return rec.User, nil
}

// DeleteUser removes a user and its history, as if the account were
// closed. The locks that list it as a resident keep it.
func (s *Server) DeleteUser(id string) bool {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	rec := st.users[id]
	if rec == nil {
		return false
	}
	st.unindexUserLocked(rec)
	delete(st.users, id)
	return true
}

// User returns a user's current state.
func (s *Server) User(id string) (User, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	rec := s.store.users[id]
	if rec == nil {
		return User{}, false
	}
	return rec.User, true
}

// Users returns every user, ordered by id (so numbered users come in
// their order).
func (s *Server) Users() []User {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	out := make([]User, 0, len(s.store.users))
	for _, rec := range s.store.users {
		out = append(out, rec.User)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// UserEvents returns a user's whole history, oldest first.
func (s *Server) UserEvents(id string) ([]Event, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	rec := s.store.users[id]
	if rec == nil {
		return nil, false
	}
	return append([]Event(nil), rec.events...), true
}

// normalizeUser checks a user's fields and puts them in stored form.
func normalizeUser(u User) (User, error) {
	if u.ID != "" {
		if !lockids.LooksLikeUUID(u.ID) {
			return User{}, fmt.Errorf("user id %q must be a UUID", u.ID)
		}
		u.ID = strings.ToLower(u.ID)
	}
	if u.Email != "" && !isEmail(u.Email) {
		return User{}, errors.New("the email must be an address such as user@example.com")
	}
	if u.Phone != "" {
		p, ok := normalizePhone(u.Phone)
		if !ok {
			return User{}, errors.New(phoneProblem)
		}
		u.Phone = p
	}
	return u, nil
}

// createUserLocked creates a normalized user, with a new id when u.ID is
// "". The caller holds s.mu.
func (s *store) createUserLocked(u User) (*userRecord, error) {
	if u.ID == "" {
		u.ID = s.newUserIDLocked()
	}
	if s.users[u.ID] != nil {
		return nil, errIDTaken
	}
	if u.Email != "" && s.usersByEmail[strings.ToLower(u.Email)] != "" {
		return nil, fmt.Errorf("email: %w", errTakenBy)
	}
	if u.Phone != "" && s.usersByPhone[u.Phone] != "" {
		return nil, fmt.Errorf("phone: %w", errTakenBy)
	}
	u.Version = 0
	rec := &userRecord{User: u}
	s.users[u.ID] = rec
	s.indexUserLocked(rec)
	ev := s.recordUserLocked(rec, EventUserCreated, contactData(u))
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt, _ = time.Parse(time.RFC3339Nano, ev.Timestamp)
	}
	return rec, nil
}

// newUserIDLocked is the id of a user a look-up creates without uuid=:
// "00000000-0000-4000-b000-" and a counter, apart from UserUUID's ids.
func (s *store) newUserIDLocked() string {
	for {
		s.createdUsers++
		id := fmt.Sprintf("00000000-0000-4000-b000-%012d", s.createdUsers)
		if s.users[id] == nil {
			return id
		}
	}
}

func (s *store) indexUserLocked(rec *userRecord) {
	if rec.Email != "" {
		s.usersByEmail[strings.ToLower(rec.Email)] = rec.ID
	}
	if rec.Phone != "" {
		s.usersByPhone[rec.Phone] = rec.ID
	}
}

func (s *store) unindexUserLocked(rec *userRecord) {
	delete(s.usersByEmail, strings.ToLower(rec.Email))
	delete(s.usersByPhone, rec.Phone)
}

// userByEmailLocked finds a user by email, case-insensitively.
func (s *store) userByEmailLocked(email string) *userRecord {
	return s.users[s.usersByEmail[strings.ToLower(email)]]
}

// userByPhoneLocked finds a user by a normalized phone number.
func (s *store) userByPhoneLocked(phone string) *userRecord {
	return s.users[s.usersByPhone[phone]]
}

// recordUserLocked applies one event with payload data to a user. The
// caller holds s.mu.
func (s *store) recordUserLocked(rec *userRecord, typ string, data map[string]any) Event {
	return s.recordUserAt(rec, typ, s.timestamp(), data)
}

// recordUserAt is recordUserLocked for an event whose payload carries its
// time ts (the event clock is read once per event).
func (s *store) recordUserAt(rec *userRecord, typ, ts string, data map[string]any) Event {
	rec.Version++
	ev := Event{
		AggregateType: UserAggregateType,
		AggregateID:   rec.ID,
		Version:       rec.Version,
		Type:          typ,
		Timestamp:     ts,
		Data:          data,
	}
	rec.events = append(rec.events, ev)
	return ev
}

// contactData is the payload of UserCreated and UserUpdated.
func contactData(u User) map[string]any {
	data := map[string]any{"userId": u.ID}
	if u.Email != "" {
		data["email"] = u.Email
	}
	if u.Phone != "" {
		data["phoneNumber"] = u.Phone
	}
	return data
}
