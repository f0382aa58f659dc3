package provider

// Reading a restapi_object's state: what a lock's organization or owner, a
// user's access to a lock or a lock's resident looked like under
// Mastercard's generic REST provider, for a moved block into the spkey
// resource that does the same. Pure functions over the state's JSON:
// MoveState runs before the provider is configured, so everything must
// come from the state itself.
//
// The shapes, from real runs (testdata/restapi): restapi 1.x and 2.x
// (plugin SDKv2) and 3.x (plugin framework) write the same top-level
// attributes: path, create_path, read_path, update_path, destroy_path,
// object_id, id, data and destroy_data (JSON strings), api_data,
// api_response, create_response and more. Where they differ is data after
// a refresh: 1.x keeps what the user wrote ({"orgId": ...}), 3.x stores
// the read answer there: basic-info for a lock ({"id": "123", "orgId": ...,
// "ownerId": ..., ...}), and for a grant or a resident the user's or the
// lock's whole list ({"locks": [...]}, {"residents": [...]}), in which
// only destroy_data still says which entry the object made.

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// restapiObjectType is the resource type teams used with the generic REST
// provider.
const restapiObjectType = "restapi_object"

// isRestapiProvider reports whether a MoveResourceState source provider
// address is Mastercard's REST provider: HOST/mastercard/restapi in any
// case, or the bare "restapi" that OpenTofu sent before 1.12.4.
func isRestapiProvider(addr string) bool {
	return providerAddressIs(addr, "mastercard", "restapi")
}

// isSpkeyProvider reports whether a source provider address is this
// provider's type, spkey, under any host and namespace (state that a CLI
// recorded as hashicorp/spkey, before required_providers named
// smartphonekey/spkey, is still this provider's state), or the bare
// "spkey".
func isSpkeyProvider(addr string) bool {
	return providerAddressIs(addr, "", "spkey")
}

// providerAddressIs reports whether addr (HOST/NAMESPACE/TYPE,
// NAMESPACE/TYPE or TYPE) names the provider TYPE in namespace ns,
// ignoring case and host; ns "" accepts any namespace.
func providerAddressIs(addr, ns, typ string) bool {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(addr)), "/")
	if len(parts) > 3 || parts[len(parts)-1] != typ {
		return false
	}
	return ns == "" || len(parts) == 1 || parts[len(parts)-2] == ns
}

// restapiCall is what a restapi_object must do to become one spkey
// resource: the command its create path names, on a lock or a user, and,
// for a lock assignment, the keys of data that hold the assigned value, in
// order of preference.
type restapiCall struct {
	call string   // "SetOrganization"
	on   string   // what the path names before the command: "locks" or "users"
	keys []string // "orgId"
	noun string   // what the value names: "organization"
}

var (
	restapiSetOrganization = restapiCall{call: "SetOrganization", on: "locks", keys: []string{"orgId"}, noun: "organization"}
	// The user wrote userId (SetOwner's body); after a refresh restapi
	// 3.x holds basic-info there, which calls the owner ownerId.
	restapiSetOwner          = restapiCall{call: "SetOwner", on: "locks", keys: []string{"userId", "ownerId"}, noun: "owner"}
	restapiAddAccessibleLock = restapiCall{call: "AddAccessibleLock", on: "users"}
	restapiAddResident       = restapiCall{call: "AddResident", on: "locks"}
)

// restapiCallTypes is the spkey resource type that takes over a
// restapi_object calling each command, for the error that names the right
// one.
var restapiCallTypes = map[string]string{
	restapiSetOrganization.call:   lockOrganizationType,
	restapiSetOwner.call:          lockOwnerType,
	restapiAddAccessibleLock.call: lockAccessType,
	restapiAddResident.call:       lockResidentType,
}

// restapiAssignment is what a restapi_object's state says was assigned:
// the lock and the value.
type restapiAssignment struct {
	lockID int64
	value  string
}

// restapiNames is the lock and the user that a restapi_object's state
// named, as far as it was read: what a move maps, and what the import
// block of an error shows.
type restapiNames struct {
	lockID int64  // 0 when not named
	userID string // "" when not named; in lower case
}

// name records id (canonical, see parseRestapiID) as the lock or the user,
// by what names it: "locks" or "users".
func (n *restapiNames) name(on, id string) {
	if on == "users" {
		n.userID = id
		return
	}
	n.lockID, _ = strconv.ParseInt(id, 10, 64)
}

// importParts are the lock and the user as parts of an import id, with
// the placeholders of the resources' import ids for what is not named.
func (n restapiNames) importParts() (lock, user string) {
	lock, user = "<lock_id>", "<user_id>"
	if n.lockID > 0 {
		lock = strconv.FormatInt(n.lockID, 10)
	}
	if n.userID != "" {
		user = n.userID
	}
	return lock, user
}

// restapiFieldError says which attribute of a restapi_object's state did
// not fit and what it held. held is already safe to show: the parsing
// never puts a credential there (it never reads headers, api_data,
// api_response or create_response, and quotes no value of data).
type restapiFieldError struct {
	field string // the attribute, such as "path" or "data"
	held  string // what it held, such as `"/locks/{id}/SetOwner"`
	why   string // what is wrong, completing "field held X: why"
	// The lock and user the state names, as far as they were read: the
	// error shows an import block with them.
	restapiNames
}

func (e *restapiFieldError) Error() string {
	if e.held == "" {
		return e.field + " " + e.why
	}
	return e.field + " holds " + e.held + ": " + e.why
}

// The attributes that may name the lock or user in a /locks/{id}/ or
// /users/{id}/ segment, the create path first.
var restapiPathFields = []string{"create_path", "path", "read_path", "update_path", "destroy_path"}

// restapiObject is a restapi_object's state as far as every call reads it
// alike: its attributes, and the lock or user its create path names.
type restapiObject struct {
	attrs map[string]json.RawMessage
	restapiNames
}

// readRestapiObject reads a restapi_object's state (the JSON of its
// attributes) for the command want describes. The create path
// (create_path, else path) must name want.call on a lock or a user
// (want.on); which one is that path's segment before the command, with
// {id} standing for object_id (else id). Every other path on a lock
// (user) must name the same one.
func readRestapiObject(raw []byte, want restapiCall) (*restapiObject, *restapiFieldError) {
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(raw, &attrs); err != nil || attrs == nil {
		return nil, &restapiFieldError{field: "the state", why: "is not a JSON object of attributes, as restapi_object writes it"}
	}
	createField := "create_path"
	createPath, fe := stringAttr(attrs, createField)
	if fe == nil && createPath == "" {
		createField = "path"
		createPath, fe = stringAttr(attrs, createField)
	}
	if fe != nil {
		return nil, fe
	}
	on, segment, call, ok := restapiPathParts(createPath)
	if !ok || on != want.on || call != want.call {
		e := &restapiFieldError{field: createField, held: quoteShort(pathOnly(createPath)),
			why: fmt.Sprintf("the resource must POST to /%s/{id}/%s", want.on, want.call)}
		if ok {
			// The lock or user, for the import block the error shows.
			if id, fe := restapiSubject(attrs, createField, on, segment); fe == nil {
				e.name(on, id)
			}
		}
		if other := restapiCallTypes[call]; ok && call != want.call && other != "" {
			e.why += fmt.Sprintf(" (this restapi_object calls %s: move it into %s instead)", call, other)
		}
		if createPath == "" {
			e.held, e.why = "", fmt.Sprintf("is empty: the resource must POST to /%s/{id}/%s", want.on, want.call)
		}
		return nil, e
	}

	id, fe := restapiSubject(attrs, createField, on, segment)
	if fe != nil {
		return nil, fe
	}
	obj := &restapiObject{attrs: attrs}
	obj.name(on, id)
	// Every other path that names a lock (user) must name the same one.
	noun := strings.TrimSuffix(on, "s")
	for _, field := range restapiPathFields {
		p, fe := stringAttr(attrs, field)
		if fe != nil {
			fe.restapiNames = obj.restapiNames
			return nil, fe
		}
		pathOn, seg, _, ok := restapiPathParts(p)
		if !ok || pathOn != on || seg == "{id}" || field == createField {
			continue
		}
		if other, err := parseRestapiID(on, seg); err != nil || other != id {
			return nil, &restapiFieldError{field: field, held: quoteShort(pathOnly(p)), restapiNames: obj.restapiNames,
				why: fmt.Sprintf("it names another %s than %s, which names %s %s", noun, createField, noun, id)}
		}
	}
	return obj, nil
}

// parseRestapiState reads a restapi_object's state for the lock assignment
// that want describes: the lock from its create path, the value from data,
// a JSON object with a non-blank string under one of want.keys.
func parseRestapiState(raw []byte, want restapiCall) (restapiAssignment, error) {
	obj, fe := readRestapiObject(raw, want)
	if fe != nil {
		return restapiAssignment{}, fe
	}
	data, fe := restapiData(obj.attrs, "data", "a JSON object with "+strings.Join(want.keys, " or "))
	if fe == nil {
		var value string
		if value, fe = restapiDataField(data, "data", restapiField{keys: want.keys, must: "name the " + want.noun}); fe == nil {
			return restapiAssignment{lockID: obj.lockID, value: value}, nil
		}
	}
	fe.restapiNames = obj.restapiNames
	return restapiAssignment{}, fe
}

// restapiSubject is the lock or user that the create path's
// /ON/SEGMENT/ names, canonical (see parseRestapiID): the segment itself,
// or for the {id} placeholder, object_id (else id) as restapi substitutes
// it. An object_id or id that names another lock (user) than a literal
// segment does not fit either.
func restapiSubject(attrs map[string]json.RawMessage, pathField, on, segment string) (string, *restapiFieldError) {
	idField, idText := "", ""
	for _, field := range []string{"object_id", "id"} {
		v, fe := stringAttr(attrs, field)
		if fe != nil {
			return "", fe
		}
		if v != "" {
			idField, idText = field, v
			break
		}
	}
	noun := strings.TrimSuffix(on, "s")
	if segment != "{id}" {
		id, err := parseRestapiID(on, segment)
		if err != nil {
			p, _ := stringAttr(attrs, pathField)
			return "", &restapiFieldError{field: pathField, held: quoteShort(pathOnly(p)),
				why: fmt.Sprintf("%q after /%s/ is not a %s id: %v", segment, on, noun, err)}
		}
		if other, err := parseRestapiID(on, idText); err == nil && other != id {
			e := &restapiFieldError{field: idField, held: quoteShort(idText),
				why: fmt.Sprintf("it names another %s than %s, which names %s %s", noun, pathField, noun, id)}
			e.name(on, id)
			return "", e
		}
		return id, nil
	}
	if idField == "" {
		return "", &restapiFieldError{field: "object_id", why: fmt.Sprintf("and id are empty, so the {id} in %s names no %s", pathField, noun)}
	}
	id, err := parseRestapiID(on, idText)
	if err != nil {
		return "", &restapiFieldError{field: idField, held: quoteShort(idText),
			why: fmt.Sprintf("it stands for {id} in %s and is not a %s id: %v", pathField, noun, err)}
	}
	return id, nil
}

// parseRestapiID reads what a /locks/ or /users/ segment names, in the
// one form the resources compare: a lock id in digits, a user id (a UUID)
// in lower case.
func parseRestapiID(on, s string) (string, error) {
	if on == "users" {
		if !lockids.LooksLikeUUID(s) {
			return "", errors.New("a user id is a UUID")
		}
		return strings.ToLower(s), nil
	}
	id, err := parseLockID(s)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(id, 10), nil
}

// restapiData is the attribute field (data, destroy_data), a JSON object
// in a string; wanted completes "it must be" in the error, which names
// the kind of value it found, never a value.
func restapiData(attrs map[string]json.RawMessage, field, wanted string) (map[string]json.RawMessage, *restapiFieldError) {
	text, fe := stringAttr(attrs, field)
	if fe != nil {
		return nil, fe
	}
	if strings.TrimSpace(text) == "" {
		return nil, &restapiFieldError{field: field, why: "is empty; it must be " + wanted}
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &data); err != nil || data == nil {
		return nil, &restapiFieldError{field: field, held: jsonKind([]byte(text)), why: "it must be " + wanted}
	}
	return data, nil
}

// restapiField is a key of data that an spkey attribute comes from.
type restapiField struct {
	keys []string // the key, or the keys in order of preference
	must string   // what its value must be, completing "KEY must": "name the organization"
	// valid tells a usable value; nil accepts any non-blank string.
	valid func(string) bool
}

// restapiDataField is the value of f in obj (data, or the entry of data
// that where names): a non-blank string under the first of f.keys that obj
// has. The error names obj's keys and the kind of value it found, never a
// value.
func restapiDataField(obj map[string]json.RawMessage, where string, f restapiField) (string, *restapiFieldError) {
	for _, key := range f.keys {
		raw, ok := obj[key]
		if !ok {
			continue
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", &restapiFieldError{field: where, held: fmt.Sprintf("%s as %s", key, jsonKind(raw)), why: key + " must be a string"}
		}
		switch {
		case strings.TrimSpace(v) == "":
			return "", &restapiFieldError{field: where, held: "a blank " + key, why: key + " must " + f.must}
		case f.valid != nil && !f.valid(v):
			return "", &restapiFieldError{field: where, held: key + " in another form", why: key + " must " + f.must}
		}
		return v, nil
	}
	return "", &restapiFieldError{field: where, held: keysText(obj), why: "it has no " + strings.Join(f.keys, " or ")}
}

// keysText describes a JSON object by its keys, for an error.
func keysText(obj map[string]json.RawMessage) string {
	if len(obj) == 0 {
		return "an object with no keys"
	}
	return "an object with the keys " + quoteShort(strings.Join(slices.Sorted(maps.Keys(obj)), ", "))
}

// restapiList is a list answer of the API that restapi 3.x stores in data
// after a refresh, in place of the entry the user wrote: the user's
// accessible locks, the lock's residents.
type restapiList struct {
	key  string // the answer's key of the list: "locks"
	name string // what the answer is, for errors: "the accessible-locks answer"
	id   string // the key that tells entries apart, which destroy_data names too: "lockId"
	on   string // what id names: "locks" or "users"
}

// entry is the JSON object that a grant's or a resident's fields come
// from, and where that is, for errors: data itself when it is not list's
// answer (what the user wrote, as restapi 1.x and 2.x keep it, and 3.x
// until a refresh), or else the answer's one entry whose list.id is the
// one destroy_data names (the remove command needs it there). It names
// that entry's lock or user in obj.
func (obj *restapiObject) entry(list restapiList) (map[string]json.RawMessage, string, *restapiFieldError) {
	data, fe := restapiData(obj.attrs, "data", "a JSON object with "+list.id)
	if fe != nil {
		return nil, "", fe
	}
	// data is the list answer when it has no entry key of its own and
	// list.key holds an array; anything else is checked as an entry.
	var items []json.RawMessage
	_, own := data[list.id]
	if own || !isJSONArray(data[list.key], &items) {
		return data, "data", nil
	}
	held := list.name + " that restapi 3.x stores there after a refresh"
	destroy, fe := restapiData(obj.attrs, "destroy_data", "a JSON object with "+list.id)
	var want string
	if fe == nil {
		want, fe = restapiDataField(destroy, "destroy_data", restapiField{keys: []string{list.id}, must: "name the entry",
			valid: func(s string) bool { _, err := parseRestapiID(list.on, s); return err == nil }})
	}
	if fe != nil {
		return nil, "", &restapiFieldError{field: "data", held: held,
			why: fmt.Sprintf("which entry this restapi_object made cannot be told, because destroy_data names no %s (%s)", list.id, fe)}
	}
	want, _ = parseRestapiID(list.on, want)
	obj.name(list.on, want)
	var found []map[string]json.RawMessage
	for _, raw := range items {
		var item map[string]json.RawMessage
		var v string
		if json.Unmarshal(raw, &item) != nil || json.Unmarshal(item[list.id], &v) != nil {
			continue
		}
		if id, err := parseRestapiID(list.on, v); err == nil && id == want {
			found = append(found, item)
		}
	}
	where := fmt.Sprintf("the entry of %s with destroy_data's %s", list.name, list.id)
	switch len(found) {
	case 1:
		return found[0], where, nil
	case 0:
		return nil, "", &restapiFieldError{field: "data", held: held, restapiNames: obj.restapiNames,
			why: fmt.Sprintf("it has no entry with destroy_data's %s: the entry was already gone at restapi's last refresh", list.id)}
	default:
		return nil, "", &restapiFieldError{field: "data", held: held, restapiNames: obj.restapiNames,
			why: fmt.Sprintf("it has %d entries with destroy_data's %s, so which one this restapi_object made cannot be told", len(found), list.id)}
	}
}

// isJSONArray reports whether raw is a JSON array, decoding it into items.
func isJSONArray(raw json.RawMessage, items *[]json.RawMessage) bool {
	return raw != nil && json.Unmarshal(raw, items) == nil && *items != nil
}

// stringAttr is a string attribute of the state; "" when absent or null.
func stringAttr(attrs map[string]json.RawMessage, field string) (string, *restapiFieldError) {
	raw, ok := attrs[field]
	if !ok {
		return "", nil
	}
	var v *string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", &restapiFieldError{field: field, held: jsonKind(raw), why: "it must be a string"}
	}
	if v == nil {
		return "", nil
	}
	return *v, nil
}

// restapiPathParts splits a path ending in /{on}/{segment}/{call}, where on
// is locks or users (any prefix, such as a base path, and a trailing
// slash or query allowed).
func restapiPathParts(p string) (on, segment, call string, ok bool) {
	parts := strings.Split(strings.Trim(pathOnly(p), "/"), "/")
	n := len(parts)
	if n < 3 || (parts[n-3] != "locks" && parts[n-3] != "users") || parts[n-2] == "" {
		return "", "", "", false
	}
	return parts[n-3], parts[n-2], parts[n-1], true
}

// pathOnly drops a query string, which could carry a token, before a path
// is shown or parsed.
func pathOnly(p string) string {
	p, _, _ = strings.Cut(p, "?")
	return p
}

// quoteShort quotes s for a message, cut to 80 characters.
func quoteShort(s string) string {
	const limit = 80
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// jsonKind describes a JSON value by its kind only ("a JSON array"), so
// that a message never repeats what it holds.
func jsonKind(raw []byte) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "text that is not JSON"
	}
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a JSON boolean"
	case float64:
		return "a JSON number"
	case string:
		return "a JSON string"
	case []any:
		return "a JSON array"
	default:
		return "a JSON object"
	}
}
