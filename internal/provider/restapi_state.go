package provider

// Reading a restapi_object's state: what a lock assignment looked like
// under Mastercard's generic REST provider, for a moved block into
// spkey_lock_organization or spkey_lock_owner. Pure functions over the
// state's JSON: MoveState runs before the provider is configured, so
// everything must come from the state itself.
//
// The shapes, from real runs (testdata/restapi): restapi 1.x and 2.x
// (plugin SDKv2) and 3.x (plugin framework) write the same top-level
// attributes: path, create_path, read_path, update_path, object_id, id,
// data (a JSON string), api_data, api_response, create_response and more.
// Where they differ is data after a refresh: 1.x keeps what the user
// wrote ({"orgId": ...}), 3.x stores the read answer there (basic-info:
// {"id": "123", "orgId": ..., "ownerId": ..., ...}).

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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
// resource: the command its create path names and the keys of data that
// hold the assigned value, in order of preference.
type restapiCall struct {
	call string   // "SetOrganization"
	keys []string // "orgId"
	noun string   // what the value names: "organization"
}

var (
	restapiSetOrganization = restapiCall{call: "SetOrganization", keys: []string{"orgId"}, noun: "organization"}
	// The user wrote userId (SetOwner's body); after a refresh restapi
	// 3.x holds basic-info there, which calls the owner ownerId.
	restapiSetOwner = restapiCall{call: "SetOwner", keys: []string{"userId", "ownerId"}, noun: "owner"}
)

// restapiAssignment is what a restapi_object's state says was assigned:
// the lock and the value.
type restapiAssignment struct {
	lockID int64
	value  string
}

// restapiFieldError says which attribute of a restapi_object's state did
// not fit and what it held. held is already safe to show: parseRestapiState
// never puts a credential there (it never reads headers, api_data,
// api_response or create_response, and quotes no value of data).
type restapiFieldError struct {
	field string // the attribute, such as "path" or "data"
	held  string // what it held, such as `"/locks/{id}/SetOwner"`
	why   string // what is wrong, completing "field held X: why"
	// lockID is the lock the state names, when that much was read; the
	// error then shows an import block with it.
	lockID int64
}

func (e *restapiFieldError) Error() string {
	if e.held == "" {
		return e.field + " " + e.why
	}
	return e.field + " holds " + e.held + ": " + e.why
}

// The attributes that may hold the lock id in a /locks/{id}/ segment, the
// create path first.
var restapiPathFields = []string{"create_path", "path", "read_path", "update_path"}

// parseRestapiState reads a restapi_object's state (the JSON of its
// attributes) for the assignment that want describes. The create path
// (create_path, else path) must name want.call on a lock; the lock is that
// path's /locks/{id}/ segment, with {id} standing for object_id (else id);
// data must be a JSON object with the value under one of want.keys.
func parseRestapiState(raw []byte, want restapiCall) (restapiAssignment, error) {
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(raw, &attrs); err != nil || attrs == nil {
		return restapiAssignment{}, &restapiFieldError{field: "the state", why: "is not a JSON object of attributes, as restapi_object writes it"}
	}
	createField := "create_path"
	createPath, fe := stringAttr(attrs, createField)
	if fe == nil && createPath == "" {
		createField = "path"
		createPath, fe = stringAttr(attrs, createField)
	}
	if fe != nil {
		return restapiAssignment{}, fe
	}
	segment, call, ok := lockPathParts(createPath)
	if !ok || call != want.call {
		e := &restapiFieldError{field: createField, held: quoteShort(pathOnly(createPath)),
			why: fmt.Sprintf("the resource must POST to /locks/{id}/%s", want.call)}
		if ok {
			// The lock, for the import block the error shows.
			e.lockID, _ = restapiLockID(attrs, createField, segment)
		}
		if other := otherCall(call, want.call); ok && other != "" {
			e.why += fmt.Sprintf(" (this restapi_object calls %s: move it into %s instead)", call, other)
		}
		if createPath == "" {
			e.held, e.why = "", "is empty: the resource must POST to /locks/{id}/"+want.call
		}
		return restapiAssignment{}, e
	}

	lockID, fe := restapiLockID(attrs, createField, segment)
	if fe != nil {
		return restapiAssignment{}, fe
	}
	// Every other path that names a lock must name the same one.
	for _, field := range restapiPathFields {
		p, fe := stringAttr(attrs, field)
		if fe != nil {
			fe.lockID = lockID
			return restapiAssignment{}, fe
		}
		seg, _, ok := lockPathParts(p)
		if !ok || seg == "{id}" || field == createField {
			continue
		}
		if id, err := parseLockID(seg); err != nil || id != lockID {
			return restapiAssignment{}, &restapiFieldError{field: field, held: quoteShort(pathOnly(p)), lockID: lockID,
				why: fmt.Sprintf("it names another lock than %s, which names lock %d", createField, lockID)}
		}
	}

	value, fe := restapiDataValue(attrs, want)
	if fe != nil {
		fe.lockID = lockID
		return restapiAssignment{}, fe
	}
	return restapiAssignment{lockID: lockID, value: value}, nil
}

// restapiLockID is the lock that the create path's /locks/{segment}/
// names: the segment itself, or for the {id} placeholder, object_id (else
// id) as restapi substitutes it. A numeric object_id or id that names
// another lock than a literal segment does not fit either.
func restapiLockID(attrs map[string]json.RawMessage, pathField, segment string) (int64, *restapiFieldError) {
	idField, idText := "", ""
	for _, field := range []string{"object_id", "id"} {
		v, fe := stringAttr(attrs, field)
		if fe != nil {
			return 0, fe
		}
		if v != "" {
			idField, idText = field, v
			break
		}
	}
	if segment != "{id}" {
		id, err := parseLockID(segment)
		if err != nil {
			p, _ := stringAttr(attrs, pathField)
			return 0, &restapiFieldError{field: pathField, held: quoteShort(pathOnly(p)),
				why: fmt.Sprintf("%q after /locks/ is not a lock id: %v", segment, err)}
		}
		if other, err := parseLockID(idText); err == nil && other != id {
			return 0, &restapiFieldError{field: idField, held: quoteShort(idText), lockID: id,
				why: fmt.Sprintf("it names another lock than %s, which names lock %d", pathField, id)}
		}
		return id, nil
	}
	if idField == "" {
		return 0, &restapiFieldError{field: "object_id", why: fmt.Sprintf("and id are empty, so the {id} in %s names no lock", pathField)}
	}
	id, err := parseLockID(idText)
	if err != nil {
		return 0, &restapiFieldError{field: idField, held: quoteShort(idText),
			why: fmt.Sprintf("it stands for {id} in %s and is not a lock id: %v", pathField, err)}
	}
	return id, nil
}

// restapiDataValue is the assigned value in data: a JSON object (as a
// string) with a non-blank string under the first of keys it has. The
// error names data's keys and the kind of value it found, never a value.
func restapiDataValue(attrs map[string]json.RawMessage, want restapiCall) (string, *restapiFieldError) {
	keys := want.keys
	text, fe := stringAttr(attrs, "data")
	if fe != nil {
		return "", fe
	}
	wanted := "a JSON object with " + strings.Join(keys, " or ")
	if strings.TrimSpace(text) == "" {
		return "", &restapiFieldError{field: "data", why: "is empty; it must be " + wanted}
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &data); err != nil || data == nil {
		return "", &restapiFieldError{field: "data", held: jsonKind([]byte(text)), why: "it must be " + wanted}
	}
	for _, key := range keys {
		raw, ok := data[key]
		if !ok {
			continue
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", &restapiFieldError{field: "data", held: fmt.Sprintf("%s as %s", key, jsonKind(raw)), why: key + " must be a string"}
		}
		if strings.TrimSpace(v) == "" {
			return "", &restapiFieldError{field: "data", held: "a blank " + key, why: key + " must name the " + want.noun}
		}
		return v, nil
	}
	names := slices.Sorted(maps.Keys(data))
	held := "an object with no keys"
	if len(names) > 0 {
		held = "an object with the keys " + quoteShort(strings.Join(names, ", "))
	}
	return "", &restapiFieldError{field: "data", held: held, why: "it has no " + strings.Join(keys, " or ")}
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

// lockPathParts splits a path ending in /locks/{segment}/{call} (any
// prefix, such as a base path, and a trailing slash or query allowed).
func lockPathParts(p string) (segment, call string, ok bool) {
	parts := strings.Split(strings.Trim(pathOnly(p), "/"), "/")
	n := len(parts)
	if n < 3 || parts[n-3] != "locks" || parts[n-2] == "" {
		return "", "", false
	}
	return parts[n-2], parts[n-1], true
}

// otherCall is the spkey resource type that takes over a restapi_object
// calling call, when that is not the one wanted.
func otherCall(call, wanted string) string {
	if call == wanted {
		return ""
	}
	switch call {
	case restapiSetOrganization.call:
		return lockOrganizationType
	case restapiSetOwner.call:
		return lockOwnerType
	}
	return ""
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
