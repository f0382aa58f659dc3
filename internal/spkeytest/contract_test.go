package spkeytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// The files in testdata are verbatim copies of the contract's OpenAPI
// subsets (the project's shared/api/), so that these tests run from a
// clean clone.
var openAPIFiles = []string{"testdata/openapi-locks-subset.json", "testdata/openapi-access-subset.json"}

// schema is the part of JSON Schema the subset uses.
type schema struct {
	Type       json.RawMessage    `json:"type"`
	Properties map[string]*schema `json:"properties"`
	Required   []string           `json:"required"`
	Items      *schema            `json:"items"`
	Enum       []any              `json:"enum"`
}

func (s *schema) types() []string {
	if len(s.Type) == 0 {
		return nil // any type
	}
	var one string
	if json.Unmarshal(s.Type, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(s.Type, &many)
	return many
}

type openAPI struct {
	Paths map[string]map[string]operationDoc `json:"paths"`
}

type operationDoc struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// loadOpenAPI reads both subsets into one document.
func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	all := openAPI{Paths: map[string]map[string]operationDoc{}}
	for _, file := range openAPIFiles {
		b, err := os.ReadFile(file) //nolint:gosec // G304: the package's own testdata
		if err != nil {
			t.Fatal(err)
		}
		var doc openAPI
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		maps.Copy(all.Paths, doc.Paths)
	}
	return all
}

// schema is the contract's schema for one answer of op.
func (doc openAPI) schema(t *testing.T, op, method string, status int) *schema {
	t.Helper()
	ep := endpointsByOp[op]
	if ep == nil {
		t.Fatalf("no operation %q", op)
	}
	s := doc.Paths[ep.path][strings.ToLower(method)].Responses[fmt.Sprint(status)].Content["application/json"].Schema
	if s == nil {
		t.Fatalf("the OpenAPI subsets have no schema for %s %s %d", method, ep.path, status)
	}
	return s
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	default:
		return "object"
	}
}

// validate reports every way v differs from s: a wrong JSON type, a
// missing required field, a value outside an enum, and a field the schema
// does not declare (unless allowed names it: fields the contract's README
// shows although the schema omits them).
func validate(s *schema, v any, at string, allowed map[string]bool) []string {
	var problems []string
	t := jsonType(v)
	if types := s.types(); len(types) > 0 && !slices.Contains(types, t) && (t != "number" || !slices.Contains(types, "integer")) {
		return []string{fmt.Sprintf("%s: %s, want %s", at, t, strings.Join(types, " or "))}
	}
	if len(s.Enum) > 0 && !slices.ContainsFunc(s.Enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		problems = append(problems, fmt.Sprintf("%s: %v is not one of %v", at, v, s.Enum))
	}
	switch x := v.(type) {
	case map[string]any:
		for _, name := range s.Required {
			if _, ok := x[name]; !ok {
				problems = append(problems, fmt.Sprintf("%s.%s: required, missing", at, name))
			}
		}
		names := make([]string, 0, len(x))
		for name := range x {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			p, ok := s.Properties[name]
			switch {
			case ok:
				problems = append(problems, validate(p, x[name], at+"."+name, allowed)...)
			case s.Properties != nil && !allowed[at+"."+name]:
				problems = append(problems, fmt.Sprintf("%s.%s: not in the schema", at, name))
			}
		}
	case []any:
		if s.Items != nil {
			for i, item := range x {
				problems = append(problems, validate(s.Items, item, fmt.Sprintf("%s[%d]", at, i), allowed)...)
			}
		}
	}
	return problems
}

func decodeAny(t *testing.T, r result) any {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("body %q: %v", r.Body, err)
	}
	return v
}

// TestAnswersMatchTheOpenAPISubset decodes the mock's answers against the
// contract's schemas field for field.
func TestAnswersMatchTheOpenAPISubset(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	srv := newServer(t, Options{Locks: []int64{5, 6}, Clock: StepClock(clockStart, time.Second)})
	for range 12 { // two pages of events
		srv.BumpVersion(6)
	}
	// The README shows "code" in SetOrganization's error shape although
	// the schema leaves it out.
	errorCode := map[string]bool{"$.code": true}

	type testCase struct {
		name, op, method string
		status           int
		do               func() result
		allowed          map[string]bool
	}
	tests := []testCase{
		{name: "basic-info with organization and owner", op: OpBasicInfo, method: "GET", status: 200,
			do: func() result { return basicInfo(t, srv, "5") }},
		{name: "basic-info without either", op: OpBasicInfo, method: "GET", status: 200,
			do: func() result { srv.SetOwner(6, ""); return basicInfo(t, srv, "6") }},
		{name: "basic-info 404", op: OpBasicInfo, method: "GET", status: 404,
			do: func() result { return basicInfo(t, srv, "99") }},
		{name: "events, last page", op: OpEvents, method: "GET", status: 200,
			do: func() result { return send(t, srv, http.MethodGet, "/locks/6/events", "", withToken...) }},
		{name: "events, page 1", op: OpEvents, method: "GET", status: 200,
			do: func() result { return send(t, srv, http.MethodGet, "/locks/5/events?page=1", "", withToken...) }},
		{name: "events 404", op: OpEvents, method: "GET", status: 404, allowed: errorCode,
			do: func() result { return send(t, srv, http.MethodGet, "/locks/99/events", "", withToken...) }},
	}
	// The two commands, first so that lock 5 then has an organization and
	// an owner: a change, the same again (event null), 401, 404.
	var commands []testCase
	for _, cmd := range []struct{ op, body string }{
		{OpSetOrganization, `{"orgId":"org-a"}`},
		{OpSetOwner, `{"userId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301"}`},
	} {
		post := func(id string, headers ...string) func() result {
			if headers == nil {
				headers = withToken
			}
			return func() result { return send(t, srv, http.MethodPost, "/locks/"+id+"/"+cmd.op, cmd.body, headers...) }
		}
		commands = append(commands,
			testCase{name: cmd.op, op: cmd.op, method: "POST", status: 200, do: post("5")},
			testCase{name: cmd.op + " unchanged", op: cmd.op, method: "POST", status: 200, do: post("5")},
			testCase{name: cmd.op + " 401", op: cmd.op, method: "POST", status: 401, allowed: errorCode, do: post("5", "Content-Type", "application/json")},
			testCase{name: cmd.op + " 404", op: cmd.op, method: "POST", status: 404, allowed: errorCode, do: post("99")},
		)
	}
	tests = append(commands, tests...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { // not parallel: the cases build on each other
			r := tt.do()
			if r.Status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.Status, tt.status, r.Body)
			}
			v := decodeAny(t, r)
			for _, p := range validate(doc.schema(t, tt.op, tt.method, tt.status), v, "$", tt.allowed) {
				t.Error(p)
			}
			if tt.op == OpEvents && tt.status == 200 {
				checkEventPayloads(t, doc, v)
			}
		})
	}
}

// checkEventPayloads checks the payload of each OrganizationSet and
// OwnerSet event in an events page against the data schema of the
// command's answer, which the API documents as the same event.
func checkEventPayloads(t *testing.T, doc openAPI, page any) {
	t.Helper()
	dataSchema := map[string]*schema{
		EventOrganizationSet: doc.schema(t, OpSetOrganization, "POST", 200).Properties["event"].Properties["data"],
		EventOwnerSet:        doc.schema(t, OpSetOwner, "POST", 200).Properties["event"].Properties["data"],
	}
	obj, _ := page.(map[string]any)
	events, _ := obj["events"].([]any)
	if len(events) == 0 {
		t.Fatal("no events on the page")
	}
	for i, e := range events {
		ev, _ := e.(map[string]any)
		if s := dataSchema[fmt.Sprint(ev["type"])]; s != nil {
			for _, p := range validate(s, ev["event"], fmt.Sprintf("$.events[%d].event", i), nil) {
				t.Error(p)
			}
		}
	}
}

// TestValidatorCatchesMistakes keeps the validator honest: it must reject
// what the contract forbids.
func TestValidatorCatchesMistakes(t *testing.T) {
	t.Parallel()
	s := loadOpenAPI(t).schema(t, OpSetOwner, "POST", 200)
	for body, want := range map[string]string{
		`{"success":true,"aggregateId":5,"version":1,"event":null}`:                                   "$.aggregateId: number, want string",
		`{"success":true,"aggregateId":"5","version":1}`:                                              "$.event: required, missing",
		`{"success":true,"aggregateId":"5","version":"1","event":null}`:                               "$.version: string, want number",
		`{"success":true,"aggregateId":"5","version":1,"event":null,"extra":1}`:                       "$.extra: not in the schema",
		`{"success":true,"aggregateId":"5","version":1,"event":{"type":"OrganizationSet","data":{}}}`: "is not one of",
	} {
		var v any
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if problems := validate(s, v, "$", nil); !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("%s: problems %q, want one containing %q", body, problems, want)
		}
	}
}
