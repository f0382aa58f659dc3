package provider

// Reading a restapi_object that made one entry of a list, for a moved
// block into spkey_lock_access (a user's accessible lock) or
// spkey_lock_resident (a lock's resident): readRestapiObject reads the
// paths, entry finds the JSON object the values come from, and these map
// its keys to the resource's attributes.

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// restapiGrant is what a restapi_object that called AddAccessibleLock
// granted: the user from its path, the rest from the body it sent.
type restapiGrant struct {
	restapiNames
	lockName, accessLevel, grantedBy string
}

// restapiResident is what a restapi_object that called AddResident added:
// the lock from its path, the user and name from the body it sent.
type restapiResident struct {
	restapiNames
	name string
}

var (
	restapiAccessibleLocks = restapiList{key: "locks", name: "the accessible-locks answer", id: "lockId", on: "locks"}
	restapiResidents       = restapiList{key: "residents", name: "the residents answer", id: "userId", on: "users"}
)

// parseRestapiGrant reads a restapi_object's state for a grant: a POST to
// /users/{id}/AddAccessibleLock with data {"lockId", "lockName",
// "accessLevel", "grantedBy"}, the API's body.
func parseRestapiGrant(raw []byte) (restapiGrant, error) {
	obj, fe := readRestapiObject(raw, restapiAddAccessibleLock)
	if fe != nil {
		return restapiGrant{}, fe
	}
	entry, where, fe := obj.entry(restapiAccessibleLocks)
	var g restapiGrant
	if fe == nil {
		fe = restapiDataFields(entry, where, []restapiDataTarget{
			{restapiField{keys: []string{"lockId"}, must: `be a lock id in a string, such as "123"`, valid: isLockIDText}, func(v string) {
				id, _ := parseRestapiID("locks", v)
				obj.name("locks", id)
			}},
			{restapiField{keys: []string{"lockName"}, must: "name the lock in the user's app"}, func(v string) { g.lockName = v }},
			{restapiField{keys: []string{"accessLevel"}, must: "be one of " + strings.Join(accessLevels, ", "),
				valid: func(v string) bool { return slices.Contains(accessLevels, v) }}, func(v string) { g.accessLevel = v }},
			{restapiField{keys: []string{"grantedBy"}, must: "be the id (a UUID) of the user who granted the access",
				valid: lockids.LooksLikeUUID}, func(v string) { g.grantedBy = v }},
		})
	}
	if fe != nil {
		fe.restapiNames = obj.restapiNames
		return restapiGrant{}, fe
	}
	g.restapiNames = obj.restapiNames
	return g, nil
}

// parseRestapiResident reads a restapi_object's state for a resident: a
// POST to /locks/{id}/AddResident with data {"userId", "name"}. A resident
// that data names by email or phone number does not fit: which user that
// is takes a look-up, and a move makes no API call.
func parseRestapiResident(raw []byte) (restapiResident, error) {
	obj, fe := readRestapiObject(raw, restapiAddResident)
	if fe != nil {
		return restapiResident{}, fe
	}
	entry, where, fe := obj.entry(restapiResidents)
	var r restapiResident
	if fe == nil {
		if _, ok := entry["userId"]; !ok {
			fe = residentByContact(entry, where)
		}
	}
	if fe == nil {
		fe = restapiDataFields(entry, where, []restapiDataTarget{
			{restapiField{keys: []string{"userId"}, must: "be the resident's user id (a UUID)", valid: lockids.LooksLikeUUID}, func(v string) {
				id, _ := parseRestapiID("users", v)
				obj.name("users", id)
			}},
			{restapiField{keys: []string{"name"}, must: "be the resident's name"}, func(v string) { r.name = v }},
		})
	}
	if fe != nil {
		fe.restapiNames = obj.restapiNames
		return restapiResident{}, fe
	}
	r.restapiNames = obj.restapiNames
	return r, nil
}

// residentByContact is the error for a resident that entry names by email
// or phone number instead of userId; nil when it names neither (the field
// check then says that userId is missing).
func residentByContact(entry map[string]json.RawMessage, where string) *restapiFieldError {
	var by []string
	for _, key := range []string{"email", "phoneNumber"} {
		if _, ok := entry[key]; ok {
			by = append(by, key)
		}
	}
	if len(by) == 0 {
		return nil
	}
	return &restapiFieldError{field: where, held: "the resident's " + strings.Join(by, " and ") + " but no userId",
		why: "a move needs data.userId, because it runs before the provider is configured and cannot look the user up; " +
			"find the user id (data.spkey_user looks a user up by email or phone number) and import the resident instead"}
}

// restapiDataTarget is one field of an entry and where its value goes.
type restapiDataTarget struct {
	field restapiField
	set   func(string)
}

// restapiDataFields reads each field of entry in order and hands its value
// on; the first that does not fit is the error.
func restapiDataFields(entry map[string]json.RawMessage, where string, fields []restapiDataTarget) *restapiFieldError {
	for _, f := range fields {
		v, fe := restapiDataField(entry, where, f.field)
		if fe != nil {
			return fe
		}
		f.set(v)
	}
	return nil
}

// isLockIDText reports whether s is a lock id as text, as the API's
// bodies carry it to user endpoints ("123").
func isLockIDText(s string) bool {
	_, err := parseLockID(s)
	return err == nil
}
