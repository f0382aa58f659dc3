package spkeytest

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"time"
)

// The access modes of a temp key.
const (
	AccessPublic        = "public"
	AccessUserWhitelist = "user-whitelist"
)

// The statuses of a temp key, computed when it is read from the mock's
// Now (see Server.SetNow).
const (
	TempKeyValid       = "valid"
	TempKeyExpired     = "expired"
	TempKeyUsedUp      = "used-up"
	TempKeyNotYetValid = "not-yet-valid"
)

// maxDescription is the contract's maxLength of a temp key's description.
const maxDescription = 2000

// TempKey is one temporary web key of a lock, as GET
// /locks/{id}/temp-keys lists it. Its UUID is its web link: a secret.
type TempKey struct {
	UUID           string   `json:"uuid"`
	LockID         int64    `json:"lockId"`
	LockUUID       string   `json:"lockUuid"`
	AccessMode     string   `json:"accessMode"`
	AllowedUserIDs []string `json:"allowedUserIds"`
	// ValidFrom and ValidUntil are RFC 3339 date-times, kept as the
	// client wrote them.
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil"`
	// MaxUses is nil for a key without a limit (JSON null).
	MaxUses   *int64 `json:"maxUses"`
	UsedCount int64  `json:"usedCount"`
	CreatedAt string `json:"createdAt"`
	CreatedBy string `json:"createdBy"`
	// Status is computed when the key is read.
	Status string `json:"status"`
	// Description is stored but never returned by the API.
	Description string `json:"-"`
}

// tempKey is a stored temp key with its parsed times.
type tempKey struct {
	TempKey
	from, until time.Time
}

// status applies the contract's statuses in order: not yet valid,
// expired, used up, else valid.
func (t *tempKey) status(now time.Time) string {
	switch {
	case now.Before(t.from):
		return TempKeyNotYetValid
	case !now.Before(t.until):
		return TempKeyExpired
	case t.MaxUses != nil && t.UsedCount >= *t.MaxUses:
		return TempKeyUsedUp
	}
	return TempKeyValid
}

// check applies the contract's rules to a temp key as a command would
// leave it; "" when it is valid.
func (t *tempKey) check() string {
	switch {
	case !t.until.After(t.from):
		return "validUntil must be after validFrom"
	case t.AccessMode == AccessUserWhitelist && len(t.AllowedUserIDs) == 0:
		return "accessMode user-whitelist needs at least one entry in allowedUserIds"
	case t.AccessMode == AccessPublic && len(t.AllowedUserIDs) > 0:
		return "accessMode public takes no allowedUserIds (send [] to clear them)"
	}
	return ""
}

// view is the key as a read returns it: a copy, with its status.
func (t *tempKey) view(now time.Time) TempKey {
	v := t.TempKey
	v.AllowedUserIDs = slices.Clone(v.AllowedUserIDs)
	if v.MaxUses != nil {
		n := *v.MaxUses
		v.MaxUses = &n
	}
	v.Status = t.status(now)
	return v
}

// maxUsesValue is a MaxUses for a JSON payload: the number, or null.
func maxUsesValue(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

// createTempKey serves POST /locks/{id}/create-temp-key.
func (s *Server) createTempKey(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	t := &tempKey{}
	t.UUID = b.str("tempKeyUuid", true)
	t.AccessMode = b.oneOf("accessMode", AccessPublic, AccessUserWhitelist)
	t.AllowedUserIDs, _ = b.stringList("allowedUserIds")
	if t.AllowedUserIDs == nil {
		t.AllowedUserIDs = []string{}
	}
	t.ValidFrom, t.from = b.timestamp("validFrom")
	t.ValidUntil, t.until = b.timestamp("validUntil")
	t.MaxUses, _ = b.integer("maxUses", 1)
	t.Description = b.text("description", maxDescription)
	if b.problem == "" {
		if msg := t.check(); msg != "" {
			b.fail(msg)
		}
	}
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, ev, err := s.store.createTempKey(c.lockID, t, s.actorID())
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(commandError, c.lockID)
	case errors.Is(err, errExists):
		// The uuid is a secret: the message does not repeat it.
		return commandError(http.StatusBadRequest, "Bad Request", "tempKeyUuid is already in use; mint a new one")
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, map[string]any{"tempKeyUuid": t.UUID})
}

// updateTempKey serves POST /locks/{id}/update-temp-key: the fields sent
// change, the rest stay, and the result must pass create's rules. At
// least one field besides tempKeyUuid is required (an update that
// changes nothing is a client's mistake, and would record an empty
// event).
func (s *Server) updateTempKey(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	uuid := b.str("tempKeyUuid", true)
	changes := map[string]any{}
	var apply []func(*tempKey)
	if _, ok := b.fields["validFrom"]; ok {
		text, at := b.timestamp("validFrom")
		changes["validFrom"] = text
		apply = append(apply, func(t *tempKey) { t.ValidFrom, t.from = text, at })
	}
	if _, ok := b.fields["validUntil"]; ok {
		text, at := b.timestamp("validUntil")
		changes["validUntil"] = text
		apply = append(apply, func(t *tempKey) { t.ValidUntil, t.until = text, at })
	}
	if n, present := b.integer("maxUses", 1); present {
		changes["maxUses"] = maxUsesValue(n)
		apply = append(apply, func(t *tempKey) { t.MaxUses = n })
	}
	if ids, present := b.stringList("allowedUserIds"); present {
		if ids == nil {
			ids = []string{}
		}
		changes["allowedUserIds"] = ids
		apply = append(apply, func(t *tempKey) { t.AllowedUserIDs = ids })
	}
	if _, ok := b.fields["accessMode"]; ok {
		mode := b.oneOf("accessMode", AccessPublic, AccessUserWhitelist)
		changes["accessMode"] = mode
		apply = append(apply, func(t *tempKey) { t.AccessMode = mode })
	}
	if len(changes) == 0 {
		b.fail("Give at least one of validFrom, validUntil, maxUses, allowedUserIds or accessMode to change")
	}
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, ev, err := s.store.updateTempKey(c.lockID, uuid, func(t *tempKey) {
		for _, f := range apply {
			f(t)
		}
	}, changes, s.actorID())
	var inv invalid
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(commandError, c.lockID)
	case errors.Is(err, errNoEntry):
		return tempKeyNotFound()
	case errors.As(err, &inv):
		return commandError(http.StatusBadRequest, "Bad Request", string(inv))
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, nil)
}

// deleteTempKey serves POST /locks/{id}/delete-temp-key.
func (s *Server) deleteTempKey(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	uuid := b.str("tempKeyUuid", true)
	if b.problem != "" {
		return commandError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, ev, err := s.store.deleteTempKey(c.lockID, uuid, s.actorID())
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(commandError, c.lockID)
	case errors.Is(err, errNoEntry):
		return tempKeyNotFound()
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, nil)
}

// tempKeys serves GET /locks/{id}/temp-keys.
func (s *Server) tempKeys(c *call) answer {
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	keys, ok := s.TempKeys(c.lockID)
	if !ok {
		return lockNotFound(commandError, c.lockID)
	}
	return jsonAnswer(http.StatusOK, map[string]any{"tempKeys": keys})
}

func tempKeyNotFound() answer {
	return commandError(http.StatusNotFound, "Not Found", "Temporary key not found on this lock")
}

// TempKeys returns a lock's temp keys in the order they were created,
// each with its status at the mock's Now.
func (s *Server) TempKeys(lockID int64) ([]TempKey, bool) {
	now := s.Now()
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	_, acc, ok := s.store.readAccess(lockID)
	if !ok {
		return nil, false
	}
	out := make([]TempKey, 0, acc.tempKeys.size())
	for _, t := range acc.tempKeys.values() {
		out = append(out, t.view(now))
	}
	return out, true
}

// UseTempKey counts n uses of a temp key (n >= 1), as visitors opening
// the door with it would, recording a TempKeyUsed event. It reports false
// when the lock or the key does not exist or n < 1.
func (s *Server) UseTempKey(lockID int64, uuid string, n int64) bool {
	if n < 1 {
		return false
	}
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	p, acc, ok := st.readAccess(lockID)
	if !ok {
		return false
	}
	t, ok := acc.tempKeys.get(uuid)
	if !ok {
		return false
	}
	t.UsedCount += n
	ts := st.timestamp()
	data := tempKeyData(p, uuid, ts)
	data["usedCount"] = t.UsedCount
	st.recordAt(p, EventTempKeyUsed, ts, data)
	return true
}

// DeleteTempKey deletes a temp key behind Terraform's back (a
// TempKeyDeleted event by Options.ActorID). It reports false when the
// lock or the key does not exist.
func (s *Server) DeleteTempKey(lockID int64, uuid string) bool {
	_, _, err := s.store.deleteTempKey(lockID, uuid, s.actorID())
	return err == nil
}

// tempKeyData is the payload every temp key event starts with.
func tempKeyData(p *Lock, uuid, ts string) map[string]any {
	return map[string]any{"tempKeyUuid": uuid, "lockId": p.ID, "lockUuid": p.UUID, "timestamp": ts}
}

// createTempKey stores t (errExists when its uuid is in use on any lock).
func (s *store) createTempKey(lockID int64, t *tempKey, actor string) (Lock, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, nil, err
	}
	if _, used := s.tempKeyLocks[t.UUID]; used {
		return *p, nil, errExists
	}
	ts := s.timestamp()
	t.LockID, t.LockUUID, t.CreatedAt, t.CreatedBy = p.ID, p.UUID, ts, actor
	acc.tempKeys.put(t.UUID, t)
	s.tempKeyLocks[t.UUID] = lockID
	data := tempKeyData(p, t.UUID, ts)
	maps.Copy(data, map[string]any{
		"accessMode": t.AccessMode, "allowedUserIds": slices.Clone(t.AllowedUserIDs),
		"validFrom": t.ValidFrom, "validUntil": t.ValidUntil, "maxUses": maxUsesValue(t.MaxUses), "createdBy": actor,
	})
	ev := s.recordAt(p, EventTempKeyCreated, ts, data)
	return *p, &ev, nil
}

// updateTempKey applies change to a copy of the key and keeps it when it
// passes check (invalid otherwise).
func (s *store) updateTempKey(lockID int64, uuid string, change func(*tempKey), changes map[string]any, actor string) (Lock, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, nil, err
	}
	t, ok := acc.tempKeys.get(uuid)
	if !ok {
		return *p, nil, errNoEntry
	}
	next := *t
	change(&next)
	if msg := next.check(); msg != "" {
		return *p, nil, invalid(msg)
	}
	*t = next
	ts := s.timestamp()
	data := tempKeyData(p, uuid, ts)
	data["changes"], data["updatedBy"] = changes, actor
	ev := s.recordAt(p, EventTempKeyUpdated, ts, data)
	return *p, &ev, nil
}

func (s *store) deleteTempKey(lockID int64, uuid, actor string) (Lock, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, nil, err
	}
	if !acc.tempKeys.remove(uuid) {
		return *p, nil, errNoEntry
	}
	delete(s.tempKeyLocks, uuid)
	ts := s.timestamp()
	data := tempKeyData(p, uuid, ts)
	data["deletedBy"] = actor
	ev := s.recordAt(p, EventTempKeyDeleted, ts, data)
	return *p, &ev, nil
}
