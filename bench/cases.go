package main

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The cases of issues 20 and 21: who may use a lock, at scale. Each is
// one resource of the provider with for_each, measured in the same run
// as its floor: terraform_data with the same number of instances holding
// the same arguments, what Terraform itself costs for them.
const (
	// access is (f): for_each over N users, one
	// spkey_user_accessible_locks_exclusive each, grantsPerUser locks.
	access      approach = "access"
	accessFloor approach = "access_floor"
	// resident is (g): for_each over N spkey_lock_resident of one lock.
	resident      approach = "resident"
	residentFloor approach = "resident_floor"
	// key is (h): for_each over N spkey_lock_key of one lock, the
	// provider minting each key's UUID.
	key      approach = "key"
	keyFloor approach = "key_floor"
)

// grantsPerUser is how many locks each user of (f) is granted.
const grantsPerUser = 10

// caseLock is the lock whose residents and keys (g) and (h) manage.
const caseLock = 1

// userIDFormat is the id of spkey-mock's numbered user n (its -users
// flag), in Go's and in Terraform's format().
const userIDFormat = "00000000-0000-4000-a000-%012d"

// actorUser is the numbered user the provider's actor_id names: the
// grantor recorded with every grant of (f). It is not one of the N users.
const actorUser = 999999

// handful is the most reads a re-plan of (g) or (h) may send: the
// provider shares one read of the lock among all its instances, and a
// few overlap before the first answer arrives.
const handful = 5

// whoCase is one case with what its targets are about.
type whoCase struct {
	approach, floor approach
	// resource is the provider's resource type; instance names its
	// instances in the label ("users", "residents", "keys").
	resource, instance string
	// fullN is the size the targets of issues 20 and 21 name; at other
	// sizes, time and memory are information.
	fullN int
	// add is the command apply sends addsPer times per instance; read
	// the read a refresh sends.
	add     string
	addsPer int
	read    string
	// readsExact: the re-plan sends exactly one read per instance
	// (a user's list is the user's own); else a handful at most.
	readsExact bool
	// boundsConcurrency: the apply's target includes that the mock
	// never serves more than max_concurrency requests at once.
	boundsConcurrency bool
}

var whoCases = []whoCase{
	{approach: access, floor: accessFloor, resource: "spkey_user_accessible_locks_exclusive", instance: "users", fullN: 1000,
		add: "AddAccessibleLock", addsPer: grantsPerUser, read: "accessible-locks", readsExact: true},
	{approach: resident, floor: residentFloor, resource: "spkey_lock_resident", instance: "residents", fullN: 1000,
		add: "AddResident", addsPer: 1, read: "residents"},
	{approach: key, floor: keyFloor, resource: "spkey_lock_key", instance: "keys", fullN: 500,
		add: "AddKey", addsPer: 1, read: "details", boundsConcurrency: true},
}

// caseOf returns the case an approach (the resource or its floor)
// belongs to.
func caseOf(a approach) (whoCase, bool) {
	for _, c := range whoCases {
		if c.approach == a || c.floor == a {
			return c, true
		}
	}
	return whoCase{}, false
}

// isCase reports whether an approach is one of the cases or their floors.
func (a approach) isCase() bool {
	_, ok := caseOf(a)
	return ok
}

// ownMock reports whether a job runs against a mock of its own: the
// cases change users and locks that the next measurement would find
// (a destroyed spkey_user_accessible_locks_exclusive leaves its grants),
// so each starts from a fresh mock holding its N users and the locks.
func (a approach) ownMock() bool {
	c, ok := caseOf(a)
	return ok && c.approach == a
}

// caseMockData is the -locks and -users of a case's own mock: locks 1-10
// (the grants of (f), the lock of (g) and (h)), the N users and the
// actor.
func caseMockData(j job) (locks, users string) {
	return fmt.Sprintf("1-%d", grantsPerUser), fmt.Sprintf("1-%d,%d", j.N, actorUser)
}

// caseConfig is main.tf's resources for a case or its floor (the
// provider block is configFor's). The floor holds the same arguments in
// terraform_data's input, from the same for_each expression.
func caseConfig(j job) string {
	var b strings.Builder
	b.WriteString("locals {\n  numbers = ")
	writeNumberList(&b, j.N)
	if j.Approach == access || j.Approach == accessFloor {
		fmt.Fprintf(&b, "  locks = { for id in range(1, %d) : tostring(id) => { lock_name = \"Lock ${id}\", access_level = \"USER\" } }\n", grantsPerUser+1)
	}
	b.WriteString("}\n\n")
	// The floor's for_each is the resource's: the same instances, from
	// the same expression.
	forEach := fmt.Sprintf("  for_each = { for n in local.numbers : format(%q, n) => n }\n\n", userIDFormat)
	if j.Approach == key || j.Approach == keyFloor {
		forEach = "  for_each = { for n in local.numbers : tostring(n) => n }\n\n"
	}
	lock := strconv.Itoa(caseLock)
	switch j.Approach {
	case access:
		b.WriteString("resource \"spkey_user_accessible_locks_exclusive\" \"user\" {\n" + forEach +
			"  user_id = each.key\n  locks   = local.locks\n}\n")
	case accessFloor:
		b.WriteString("resource \"terraform_data\" \"user\" {\n" + forEach +
			"  input = {\n    user_id = each.key\n    locks   = local.locks\n  }\n}\n")
	case resident:
		b.WriteString("resource \"spkey_lock_resident\" \"resident\" {\n" + forEach +
			"  lock_id = " + lock + "\n  user_id = each.key\n  name    = \"Resident ${each.value}\"\n}\n")
	case residentFloor:
		b.WriteString("resource \"terraform_data\" \"resident\" {\n" + forEach +
			"  input = {\n    lock_id = " + lock + "\n    user_id = each.key\n    name    = \"Resident ${each.value}\"\n  }\n}\n")
	case key:
		// key_uuid unset: the provider mints one per key.
		b.WriteString("resource \"spkey_lock_key\" \"key\" {\n" + forEach +
			"  lock_id          = " + lock + "\n  key_index_number = each.value\n}\n")
	case keyFloor:
		b.WriteString("resource \"terraform_data\" \"key\" {\n" + forEach +
			"  input = {\n    lock_id          = " + lock + "\n    key_index_number = each.value\n  }\n}\n")
	}
	return b.String()
}

// writeNumberList writes the value of a local, tolist([1, 2, ..., n]),
// twenty to a line. Terraform's range() stops at 1024 values, and a bare
// [...] is a tuple with one element type per number, which makes
// Terraform itself slow (at 10,000 locks, a 4 s plan takes 40 s).
func writeNumberList(b *strings.Builder, n int) {
	b.WriteString("tolist([")
	for i := 1; i <= n; i++ {
		if (i-1)%20 == 0 {
			b.WriteString("\n    ")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(strconv.Itoa(i))
		b.WriteString(",")
	}
	b.WriteString("\n  ])\n")
}

// caseCounts is a case row's requests by operation, the most the mock
// served at once and what serving them cost it, for the notes.
func caseCounts(r row) string {
	var ops []string
	for _, op := range slices.Sorted(maps.Keys(r.ByOp)) {
		ops = append(ops, fmt.Sprintf("%s %d", op, r.ByOp[op]))
	}
	if len(ops) == 0 {
		ops = []string{"none"}
	}
	return fmt.Sprintf("by operation: %s; at most %d at once; mock CPU %.2f s", strings.Join(ops, ", "), r.MaxInFlight, r.MockCPU)
}
