package spkeytest

import (
	"fmt"
	"sort"
	"sync"
)

// Lock is one lock aggregate as the mock stores it.
type Lock struct {
	ID           int64  `json:"id"`
	UUID         string `json:"uuid"`
	Version      int64  `json:"version"`
	SerialNumber string `json:"serial_number"`
	OwnerID      string `json:"owner_id"`
	// OrgID is "" when the lock has no organization.
	OrgID string `json:"org_id"`
}

// AddLock creates a lock (with orgID, or none when "") if it does not
// exist, or moves an existing lock to orgID, as an out-of-band change
// would.
func (s *Server) AddLock(id int64, orgID string) Lock { return s.store.add(id, orgID) }

// SetOrg moves a lock to orgID behind Terraform's back (drift). It reports
// false when the lock does not exist.
func (s *Server) SetOrg(id int64, orgID string) bool {
	_, _, found := s.store.setOrg(id, orgID)
	return found
}

// BumpVersion records an unrelated event on the lock: its version grows,
// its organization stays.
func (s *Server) BumpVersion(id int64) bool { return s.store.bump(id) }

// DeleteLock removes a lock, as if it were decommissioned.
func (s *Server) DeleteLock(id int64) bool { return s.store.remove(id) }

// Lock returns a lock's current state.
func (s *Server) Lock(id int64) (Lock, bool) { return s.store.get(id) }

// Locks returns every lock, ordered by id.
func (s *Server) Locks() []Lock { return s.store.all() }

// store is the mock's lock table. Versions start at 1 (the lock's creation
// event) and grow by one with every event that changes the lock.
type store struct {
	mu    sync.Mutex
	locks map[int64]*Lock
}

func newStore() *store {
	return &store{locks: map[int64]*Lock{}}
}

func newLock(id int64) *Lock {
	return &Lock{
		ID:           id,
		UUID:         fmt.Sprintf("00000000-0000-4000-8000-%012d", id%1_000_000_000_000),
		Version:      1,
		SerialNumber: fmt.Sprintf("SPK-%08d", id%100_000_000),
		OwnerID:      fmt.Sprintf("6f1c0000-0000-4000-9000-%012d", id%1_000_000_000_000),
	}
}

func (s *store) add(id int64, orgID string) Lock {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.locks[id]
	if !ok {
		l = newLock(id)
		s.locks[id] = l
	}
	if orgID != "" && l.OrgID != orgID {
		l.OrgID = orgID
		l.Version++
	}
	return *l
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

// setOrg applies a SetOrganization command. changed is false (and the
// version stays) when the lock already had orgID.
func (s *store) setOrg(id int64, orgID string) (l Lock, changed, found bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.locks[id]
	if !ok {
		return Lock{}, false, false
	}
	if p.OrgID != orgID {
		p.OrgID = orgID
		p.Version++
		changed = true
	}
	return *p, changed, true
}

// bump records an event that does not concern the organization (a key
// issued, a resident added), as other parts of the API do.
func (s *store) bump(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.locks[id]
	if ok {
		p.Version++
	}
	return ok
}

func (s *store) remove(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.locks[id]
	delete(s.locks, id)
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
