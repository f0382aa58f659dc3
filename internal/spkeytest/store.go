package spkeytest

import (
	"errors"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Lock is one lock aggregate as the mock stores it.
type Lock struct {
	ID           int64  `json:"id"`
	UUID         string `json:"uuid"`
	Version      int64  `json:"version"`
	SerialNumber string `json:"serial_number"`
	// OwnerID is "" when the lock has no owner (basic-info then omits
	// ownerId).
	OwnerID string `json:"owner_id"`
	// OrgID is "" when the lock has no organization.
	OrgID string `json:"org_id"`
}

// Event is one event of an aggregate's history (a lock's or a user's),
// with the fields of GET /locks/{id}/events.
type Event struct {
	AggregateType string `json:"aggregateType"`
	AggregateID   string `json:"aggregateId"`
	Version       int64  `json:"version"`
	Type          string `json:"type"`
	Timestamp     string `json:"timestamp"`
	// OrgID is the lock's organization once the event applied ("" for
	// none, and for user events).
	OrgID string `json:"orgId"`
	// Data is the event's payload as the command's answer shows it: for
	// most lock events lockId, uuid and timestamp, plus orgId for
	// OrganizationSet and userId for OwnerSet; for temp key events
	// tempKeyUuid, lockId, lockUuid and timestamp instead.
	Data map[string]any `json:"event"`
}

// The event types the mock records. Those that a command's answer shows
// are the contract's (OrganizationSet, OwnerSet, AccessibleLockAdded and
// the rest below them); the others stand for the API's other events
// (LockCreated and UserCreated at version 1, KeyIssued for BumpVersion,
// TempKeyUsed when a temp key opens the door) and for out-of-band changes
// that no API call can make (OrganizationRemoved, OwnerRemoved,
// UserUpdated).
const (
	EventLockCreated         = "LockCreated"
	EventOrganizationSet     = "OrganizationSet"
	EventOwnerSet            = "OwnerSet"
	EventKeyIssued           = "KeyIssued"
	EventOrganizationRemoved = "OrganizationRemoved"
	EventOwnerRemoved        = "OwnerRemoved"

	EventUserCreated           = "UserCreated"
	EventUserUpdated           = "UserUpdated"
	EventAccessibleLockAdded   = "AccessibleLockAdded"
	EventAccessibleLockRemoved = "AccessibleLockRemoved"

	EventResidentAdded   = "ResidentAdded"
	EventResidentRemoved = "ResidentRemoved"
	EventKeyAdded        = "KeyAdded"
	EventKeyRemoved      = "KeyRemoved"
	EventTempKeyCreated  = "TempKeyCreated"
	EventTempKeyUpdated  = "TempKeyUpdated"
	EventTempKeyDeleted  = "TempKeyDeleted"
	EventTempKeyUsed     = "TempKeyUsed"
)

// AggregateType is the aggregateType of every lock event.
const AggregateType = "lock"

// UserAggregateType is the aggregateType of every user event.
const UserAggregateType = "user"

// AddLock creates a lock (with orgID, or none when "") if it does not
// exist, or moves an existing lock to orgID, as an out-of-band change
// would.
func (s *Server) AddLock(id int64, orgID string) Lock { return s.store.add(id, orgID) }

// SetOrg moves a lock to orgID behind Terraform's back (drift), recording
// an OrganizationSet event (OrganizationRemoved for ""). It reports false
// when the lock does not exist.
func (s *Server) SetOrg(id int64, orgID string) bool {
	_, _, found := s.store.assign(id, organization, orgID)
	return found
}

// SetOwner gives a lock to userID behind Terraform's back (drift),
// recording an OwnerSet event (OwnerRemoved for "", which leaves the lock
// without an owner). It reports false when the lock does not exist.
func (s *Server) SetOwner(id int64, userID string) bool {
	_, _, found := s.store.assign(id, owner, userID)
	return found
}

// BumpVersion records an unrelated event (KeyIssued) on the lock: its
// version grows, its organization and owner stay.
func (s *Server) BumpVersion(id int64) bool { return s.store.bump(id) }

// DeleteLock removes a lock and its history, as if it were decommissioned.
func (s *Server) DeleteLock(id int64) bool { return s.store.remove(id) }

// Lock returns a lock's current state.
func (s *Server) Lock(id int64) (Lock, bool) { return s.store.get(id) }

// Locks returns every lock, ordered by id.
func (s *Server) Locks() []Lock { return s.store.all() }

// Events returns a lock's whole history, oldest first: one event per
// version, so the last event's Version is the lock's.
func (s *Server) Events(id int64) ([]Event, bool) {
	_, evs, ok := s.store.history(id)
	return evs, ok
}

// assignment is one of the two ownership facts of a lock: how to read it,
// the events that record its change and the payload field that carries it.
type assignment struct {
	field            func(*Lock) *string
	setEvent, remove string
	dataKey          string
}

var (
	organization = assignment{field: func(l *Lock) *string { return &l.OrgID }, setEvent: EventOrganizationSet, remove: EventOrganizationRemoved, dataKey: "orgId"}
	owner        = assignment{field: func(l *Lock) *string { return &l.OwnerID }, setEvent: EventOwnerSet, remove: EventOwnerRemoved, dataKey: "userId"}
)

// store holds the mock's aggregates: locks and users. Versions start at 1
// (the aggregate's creation event) and grow by one with every event that
// changes it; each event is kept in the aggregate's history. One mutex
// guards everything, since some commands read both kinds (AddResident
// resolves a user, then changes a lock).
type store struct {
	mu     sync.Mutex
	now    func() time.Time
	locks  map[int64]*Lock
	events map[int64][]Event
	// access holds a lock's residents, keys and temp keys, created on
	// first use so that a fleet of bare locks stays small.
	access map[int64]*lockAccess
	// tempKeyLocks maps every temp key uuid in use to its lock: a temp
	// key's uuid is its web link, unique across locks.
	tempKeyLocks map[string]int64
	// offline holds the locks whose device cannot be reached (see
	// SetDeviceOffline); a switch of the device, kept across DeleteLock.
	offline map[int64]bool

	users        map[string]*userRecord
	usersByEmail map[string]string // lower-cased email -> user id
	usersByPhone map[string]string // normalized phone -> user id
	createdUsers int64             // for the ids of users the look-ups create
}

func newStore(now func() time.Time) *store {
	if now == nil {
		now = time.Now
	}
	return &store{
		now: now, locks: map[int64]*Lock{}, events: map[int64][]Event{},
		access: map[int64]*lockAccess{}, tempKeyLocks: map[string]int64{}, offline: map[int64]bool{},
		users: map[string]*userRecord{}, usersByEmail: map[string]string{}, usersByPhone: map[string]string{},
	}
}

// timestamp reads the event clock once, in the form of every timestamp
// the mock writes.
func (s *store) timestamp() string { return s.now().UTC().Format(time.RFC3339Nano) }

func newLock(id int64) *Lock {
	return &Lock{
		ID:           id,
		UUID:         fmt.Sprintf("00000000-0000-4000-8000-%012d", id%1_000_000_000_000),
		SerialNumber: fmt.Sprintf("SPK-%08d", id%100_000_000),
		OwnerID:      fmt.Sprintf("6f1c0000-0000-4000-9000-%012d", id%1_000_000_000_000),
	}
}

// record applies one event with the usual payload (lockId, uuid,
// timestamp) plus extra to p. The caller holds s.mu.
func (s *store) record(p *Lock, typ string, extra map[string]any) Event {
	ts := s.timestamp()
	data := map[string]any{"lockId": p.ID, "uuid": p.UUID, "timestamp": ts}
	maps.Copy(data, extra)
	return s.recordAt(p, typ, ts, data)
}

// recordAt applies one event with payload data, written at ts, to p (the
// version grows by one) and appends it to the history. The caller holds
// s.mu.
func (s *store) recordAt(p *Lock, typ, ts string, data map[string]any) Event {
	p.Version++
	ev := Event{
		AggregateType: AggregateType,
		AggregateID:   strconv.FormatInt(p.ID, 10),
		Version:       p.Version,
		Type:          typ,
		Timestamp:     ts,
		OrgID:         p.OrgID,
		Data:          data,
	}
	s.events[p.ID] = append(s.events[p.ID], ev)
	return ev
}

func (s *store) add(id int64, orgID string) Lock {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.locks[id]
	if !ok {
		p = newLock(id)
		s.locks[id] = p
		s.record(p, EventLockCreated, nil)
	}
	if orgID != "" {
		s.assignLocked(p, organization, orgID)
	}
	return *p
}

func (s *store) get(id int64) (Lock, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.locks[id]
	if !ok {
		return Lock{}, false
	}
	return *l, true
}

// history returns a lock and a copy of its events.
func (s *store) history(id int64) (Lock, []Event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.locks[id]
	if !ok {
		return Lock{}, nil, false
	}
	return *l, append([]Event(nil), s.events[id]...), true
}

// assign applies a SetOrganization or SetOwner command. ev is nil (and the
// version stays) when the lock already had value.
func (s *store) assign(id int64, a assignment, value string) (l Lock, ev *Event, found bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.locks[id]
	if !ok {
		return Lock{}, nil, false
	}
	return *p, s.assignLocked(p, a, value), true
}

func (s *store) assignLocked(p *Lock, a assignment, value string) *Event {
	field := a.field(p)
	if *field == value {
		return nil
	}
	*field = value
	var ev Event
	if value == "" {
		ev = s.record(p, a.remove, nil)
	} else {
		ev = s.record(p, a.setEvent, map[string]any{a.dataKey: value})
	}
	return &ev
}

// bump records an event that does not concern the organization or the
// owner (a key issued), as other parts of the API do.
func (s *store) bump(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.locks[id]
	if ok {
		s.record(p, EventKeyIssued, nil)
	}
	return ok
}

func (s *store) remove(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.locks[id]
	delete(s.locks, id)
	delete(s.events, id)
	if acc := s.access[id]; acc != nil {
		for _, uuid := range acc.tempKeys.keys {
			delete(s.tempKeyLocks, uuid)
		}
		delete(s.access, id)
	}
	return ok
}

func (s *store) all() []Lock {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Lock, 0, len(s.locks))
	for _, l := range s.locks {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ErrNotFound is wrapped by the errors of the Go API when the lock, the
// user or the entry does not exist.
var ErrNotFound = errors.New("not found")

// Why a change was refused; handlers turn them into the API's answers.
var (
	errNoLock  = fmt.Errorf("no such lock: %w", ErrNotFound)
	errNoUser  = fmt.Errorf("no such user: %w", ErrNotFound)
	errNoEntry = fmt.Errorf("no such entry: %w", ErrNotFound)
	errExists  = errors.New("already there")
	errOffline = errors.New("the lock's device cannot be reached")
	errIDTaken = errors.New("the user id is taken")
	errTakenBy = errors.New("another user has this email or phone number")
)

// invalid is a change refused for the reason it holds (a 400).
type invalid string

func (e invalid) Error() string { return string(e) }

// lockAccess is who may use one lock: its residents, keys and temp keys.
type lockAccess struct {
	residents ordered[string, Resident]
	keys      ordered[string, Key]
	// keysByIndex lists the uuids of the keys in each device slot, oldest
	// first (the contract does not forbid two keys in one slot).
	keysByIndex map[int64][]string
	tempKeys    ordered[string, *tempKey]
}

// lockLocked returns lock id and its access lists (created when missing).
// The caller holds s.mu.
func (s *store) lockLocked(id int64) (*Lock, *lockAccess, error) {
	p, ok := s.locks[id]
	if !ok {
		return nil, nil, errNoLock
	}
	acc := s.access[id]
	if acc == nil {
		acc = &lockAccess{}
		s.access[id] = acc
	}
	return p, acc, nil
}

// readAccess returns a lock and its access lists for reading; acc is an
// empty value for a lock that never had any. The caller holds s.mu.
func (s *store) readAccess(id int64) (*Lock, *lockAccess, bool) {
	p, ok := s.locks[id]
	if !ok {
		return nil, nil, false
	}
	acc := s.access[id]
	if acc == nil {
		acc = &lockAccess{}
	}
	return p, acc, true
}
