package spkeytest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// Key is one key registered on a lock, the credential its device accepts.
type Key struct {
	UUID string `json:"uuid"`
	// IndexNumber is the device's key slot; nil when none was given.
	IndexNumber *int64 `json:"indexNumber,omitempty"`
	// UserID is the key's holder, "" when none was given.
	UserID string `json:"userId,omitempty"`
}

func (k Key) same(o Key) bool {
	return k.UUID == o.UUID && k.UserID == o.UserID &&
		(k.IndexNumber == nil) == (o.IndexNumber == nil) && (k.IndexNumber == nil || *k.IndexNumber == *o.IndexNumber)
}

// clone copies k, so that a caller cannot change the stored slot.
func (k Key) clone() Key {
	if k.IndexNumber != nil {
		n := *k.IndexNumber
		k.IndexNumber = &n
	}
	return k
}

// addKey serves POST /locks/{id}/AddKey: it registers the key and sends
// it to the device, so an offline device answers 502 and records nothing.
// A keyUuid the lock already has answers 200 with "event": null and
// changes nothing: the contract has no 400 for AddKey, and a null event
// is how this API says that a command changed nothing (SetOrganization).
func (s *Server) addKey(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	k := Key{UUID: b.str("keyUuid", true), UserID: b.str("userId", false)}
	k.IndexNumber, _ = b.integer("keyIndexNumber", 0)
	if b.problem != "" {
		return keyError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, ev, err := s.store.addKey(c.lockID, k, false)
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(keyError, c.lockID)
	case errors.Is(err, errOffline):
		return deviceOffline()
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, nil)
}

// removeKey serves POST /locks/{id}/RemoveKey: the key named by keyUuid,
// else by keyIndexNumber (the oldest key in that slot). It goes to the
// device too.
func (s *Server) removeKey(c *call) answer {
	b := readJSONBody(c.r.Header.Get("Content-Type"), c.body)
	uuid := b.str("keyUuid", false)
	index, _ := b.integer("keyIndexNumber", 0)
	if uuid == "" && index == nil {
		b.fail("Give keyUuid or keyIndexNumber")
	}
	if b.problem != "" {
		return keyError(http.StatusBadRequest, "Bad Request", b.problem)
	}
	if s.forbiddenLock(c) {
		return forbiddenAnswer()
	}
	l, ev, err := s.store.removeKey(c.lockID, uuid, index, true)
	switch {
	case errors.Is(err, errNoLock):
		return lockNotFound(keyError, c.lockID)
	case errors.Is(err, errNoEntry):
		// The key's uuid is a credential: the message does not repeat it.
		return keyError(http.StatusNotFound, "Not Found", fmt.Sprintf("No such key on lock %d", c.lockID))
	case errors.Is(err, errOffline):
		return deviceOffline()
	}
	return commandAnswer(c.aggregateID(), l.Version, ev, nil)
}

// deviceOffline is the API's own 502 for a device it cannot reach (in its
// JSON shape, unlike a gateway's HTML 502: see FaultGateway).
func deviceOffline() answer {
	return keyError(http.StatusBadGateway, "Bad Gateway", "The lock's device could not be reached; nothing was recorded")
}

// AddKey registers k on a lock behind Terraform's back, whether or not
// its device is online: a KeyAdded event, or KeyRemoved and KeyAdded
// when the lock has k.UUID with another slot or holder. It fails with
// ErrNotFound when the lock does not exist.
func (s *Server) AddKey(lockID int64, k Key) error {
	if k.UUID == "" {
		return errors.New("a key needs a UUID")
	}
	if k.IndexNumber != nil && *k.IndexNumber < 0 {
		return errors.New("a key's IndexNumber must not be negative")
	}
	_, _, err := s.store.addKey(lockID, k.clone(), true)
	return err
}

// RemoveKey removes a key from a lock behind Terraform's back, whether or
// not its device is online (a KeyRemoved event). It reports false when
// the lock or the key does not exist.
func (s *Server) RemoveKey(lockID int64, keyUUID string) bool {
	_, _, err := s.store.removeKey(lockID, keyUUID, nil, false)
	return err == nil
}

// Keys returns a lock's keys in the order they were added.
func (s *Server) Keys(lockID int64) ([]Key, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	_, acc, ok := s.store.readAccess(lockID)
	if !ok {
		return nil, false
	}
	return cloneKeys(acc.keys.values()), true
}

func cloneKeys(keys []Key) []Key {
	for i, k := range keys {
		keys[i] = k.clone()
	}
	return keys
}

// SetDeviceOffline makes a lock's device unreachable (or reachable again):
// AddKey and RemoveKey then answer the API's 502 and record nothing. The
// switch belongs to the lock id, whether or not the lock exists yet.
func (s *Server) SetDeviceOffline(lockID int64, offline bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if offline {
		s.store.offline[lockID] = true
	} else {
		delete(s.store.offline, lockID)
	}
}

// DeviceOffline reports whether a lock's device is unreachable.
func (s *Server) DeviceOffline(lockID int64) bool {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	return s.store.offline[lockID]
}

// addKey registers k. A key the lock has already is left alone (nil
// event), unless replace and it differs. Only a command that reaches the
// device (not replace) fails with errOffline.
func (s *store) addKey(lockID int64, k Key, replace bool) (Lock, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, nil, err
	}
	old, had := acc.keys.get(k.UUID)
	if had && (!replace || old.same(k)) {
		return *p, nil, nil
	}
	if !replace && s.offline[lockID] {
		return *p, nil, errOffline
	}
	if had {
		s.removeKeyLocked(p, acc, old)
	}
	acc.keys.put(k.UUID, k)
	extra := map[string]any{"keyUuid": k.UUID}
	if k.IndexNumber != nil {
		if acc.keysByIndex == nil {
			acc.keysByIndex = map[int64][]string{}
		}
		acc.keysByIndex[*k.IndexNumber] = append(acc.keysByIndex[*k.IndexNumber], k.UUID)
		extra["keyIndexNumber"] = *k.IndexNumber
	}
	if k.UserID != "" {
		extra["userId"] = k.UserID
	}
	ev := s.record(p, EventKeyAdded, extra)
	return *p, &ev, nil
}

// removeKey removes the key uuid names, or else the oldest in slot index
// (errNoEntry when there is none); throughDevice fails it with errOffline
// when the device cannot be reached.
func (s *store) removeKey(lockID int64, uuid string, index *int64, throughDevice bool) (Lock, *Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, acc, err := s.lockLocked(lockID)
	if err != nil {
		return Lock{}, nil, err
	}
	if uuid == "" && index != nil && len(acc.keysByIndex[*index]) > 0 {
		uuid = acc.keysByIndex[*index][0]
	}
	k, ok := acc.keys.get(uuid)
	if !ok {
		return *p, nil, errNoEntry
	}
	if throughDevice && s.offline[lockID] {
		return *p, nil, errOffline
	}
	ev := s.removeKeyLocked(p, acc, k)
	return *p, &ev, nil
}

func (s *store) removeKeyLocked(p *Lock, acc *lockAccess, k Key) Event {
	acc.keys.remove(k.UUID)
	extra := map[string]any{"keyUuid": k.UUID}
	if k.IndexNumber != nil {
		n := *k.IndexNumber
		if slot := slices.DeleteFunc(acc.keysByIndex[n], func(u string) bool { return u == k.UUID }); len(slot) > 0 {
			acc.keysByIndex[n] = slot
		} else {
			delete(acc.keysByIndex, n)
		}
		extra["keyIndexNumber"] = n
	}
	return s.record(p, EventKeyRemoved, extra)
}
