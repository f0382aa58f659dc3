package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

// errRefused is a decoder's "the body says success: false"; call turns it
// into an *APIError quoting the API's message.
var errRefused = errors.New(`the answer says "success": false`)

// verdict is the "success" field. Every decoder's wire type embeds it:
// an answer with "success": false is an error whatever else it holds.
type verdict struct {
	Success *bool `json:"success"`
}

func (v *verdict) refused() bool { return v.Success != nil && !*v.Success }

type refuser interface{ refused() bool }

// strictUnmarshal decodes one JSON object and nothing after it. Unknown
// fields are allowed: the API may add fields without breaking clients. It
// decodes from the bytes already read, without a json.Decoder and its
// buffer.
func strictUnmarshal(body []byte, v refuser) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return errors.New("empty body")
	}
	if trimmed[0] != '{' {
		return fmt.Errorf("want a JSON object, got %q", excerpt(trimmed, 60))
	}
	// A complete object followed by anything (a stray "}" or "]", a second
	// object) is refused; an incomplete one is left to json.Unmarshal,
	// which says what is wrong with it.
	if end := objectEnd(trimmed); end > 0 && end < len(trimmed) {
		return errors.New("unexpected data after the JSON object")
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// The embedded verdict's name is not part of the answer.
			name := strings.TrimPrefix(typeErr.Field, "verdict.")
			return fmt.Errorf("field %q has the wrong JSON type: want %s, got %s", name, jsonTypeName(typeErr.Type), typeErr.Value)
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if v.refused() {
		return errRefused
	}
	return nil
}

// objectEnd returns the length of the JSON object at the start of b, or
// -1 when it does not end. It only counts brackets outside strings:
// json.Unmarshal validates the rest.
func objectEnd(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			end := stringEnd(b, i)
			if end < 0 {
				return -1
			}
			i = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// stringEnd finds the end (just past the closing quote) of the quoted
// string starting at b[start], or -1.
func stringEnd(b []byte, start int) int {
	for j := start + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// field is a required field of an answer and whether the answer has it.
type field struct {
	name    string
	present bool
}

// requireFields names the first required field that is missing or null.
func requireFields(fields ...field) error {
	for _, f := range fields {
		if !f.present {
			return fmt.Errorf("required field %q is missing or null", f.name)
		}
	}
	return nil
}

// number is a JSON number that, unlike json.Number, refuses a quoted
// string: "version": "7" is a contract violation, not a version.
type number json.Number

func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		// An *UnmarshalTypeError gets the field name filled in by
		// encoding/json, so the message can say which field was wrong.
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[float64]()}
	}
	*n = number(b)
	return nil
}

// wholeNumber is a count or page number of an answer as an int64.
func wholeNumber(name string, n *number) (int64, error) {
	if n == nil {
		return 0, fmt.Errorf("required field %q is missing or null", name)
	}
	if v, err := strconv.ParseInt(string(*n), 10, 64); err == nil && v >= 0 {
		return v, nil
	}
	if f, _, err := big.ParseFloat(string(*n), 10, 128, big.ToNearestEven); err == nil {
		if v, acc := f.Int64(); acc == big.Exact && v >= 0 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("field %q is %s, not a whole number of at least 0", name, excerpt([]byte(*n), 40))
}

// sameNumber reports whether the JSON number text equals id (9, 9.0 and
// 9e0 all do).
func sameNumber(text string, id int64) bool {
	var buf [20]byte
	if text == string(strconv.AppendInt(buf[:0], id, 10)) {
		return true
	}
	f, _, err := big.ParseFloat(text, 10, 128, big.ToNearestEven)
	return err == nil && f.Cmp(new(big.Float).SetInt64(id)) == 0
}

// otherLock is the error for an answer whose field names another lock.
// The foreign value is quoted short; scrub redacts it with the rest of
// the error's text.
func otherLock(name, got string, lockID int64) error {
	return otherAggregate(name, got, strconv.FormatInt(lockID, 10))
}

// otherAggregate is the error for an answer whose field names another
// aggregate than want (a lock id, or "user <id>").
func otherAggregate(name, got, want string) error {
	return fmt.Errorf("%w: %s is %q, not %s", ErrOtherLock, name, excerpt([]byte(got), 40), want)
}

// sameLockID checks that an aggregate id names lockID: for locks the
// aggregate id is the lock id in decimal.
func sameLockID(aggregateID string, lockID int64) error {
	var buf [20]byte
	if aggregateID != string(strconv.AppendInt(buf[:0], lockID, 10)) {
		return otherLock("aggregateId", aggregateID, lockID)
	}
	return nil
}

// jsonKind names the JSON type of a raw value.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "number"
}

// jsonTypeName names a Go type by the JSON type it decodes from.
func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	default:
		return "object"
	}
}

// indexed names the element of a list an error is about: "keys[2]: ...".
func indexed(list string, i int, err error) error {
	return fmt.Errorf("%s[%d]: %w", list, i, err)
}

// sameUUID compares two UUIDs without regard to case, as the API does.
func sameUUID(a, b string) bool { return strings.EqualFold(a, b) }
