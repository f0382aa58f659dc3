package client

import (
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"testing"
	"unicode/utf8"
)

// The decoders must never panic, and whatever they accept must be usable:
// versions and lock ids that parse as numbers, required fields present.
// The seeds (the contract's documented bodies, in testdata/fuzz) run in
// every `go test`; `go test -fuzz=FuzzDecodeSetOrganization` explores.

func FuzzDecodeSetOrganization(f *testing.F) {
	for _, s := range []string{
		`{"success":true,"aggregateId":"123","version":7,"event":null}`,
		`{"success":true,"aggregateId":"123","version":3.14,"event":"null"}`,
		`{"success":true,"aggregateId":"123","version":8,"event":{"type":"OrganizationSet","data":{"lockId":123,"uuid":"u","timestamp":"t","orgId":"o"}}}`,
		`{"success":false,"error":"Unauthorized","message":"Authentication required. Please provide a valid API token","code":401}`,
		`{"success":true,"aggregateId":"1","version":"7","event":null}`,
		`{"success":true,"version":7}`,
		`{"success": tru`,
		`[]`, ``, `null`, `{"success":true,"aggregateId":"1","version":1e400,"event":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := interpret(setOrganization, lockTarget(123), &response{method: "POST", path: "/locks/123/SetOrganization", status: http.StatusOK, body: body})
		if err != nil {
			var apiErr *APIError
			if errors.As(err, &apiErr) && (apiErr.StatusCode != http.StatusOK || apiErr.Message == "") {
				t.Fatalf("success:false became %+v", apiErr)
			}
			return
		}
		if _, _, err := big.ParseFloat(string(res.Version), 10, 512, big.ToNearestEven); err != nil {
			t.Fatalf("accepted version %q is not a number: %v", res.Version, err)
		}
	})
}

func FuzzDecodeLockInfo(f *testing.F) {
	for _, s := range []string{
		`{"id":"123","lockId":123,"uuid":"u","version":7,"serialNumber":"s","ownerId":"o","orgId":"org","organizationId":"org","doId":"d","r2Prefix":"p"}`,
		`{"id":"123","lockId":123,"uuid":"u","version":7,"r2Prefix":"p"}`,
		`{"success":false,"errors":[{"code":404,"message":"Lock not found"}]}`,
		`{"id":"123","lockId":"123","uuid":"u","version":7,"r2Prefix":"p"}`,
		`{"id":123}`, `{}`, `{"id":"1"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		info, err := decodeLockInfo(body, lockTarget(123))
		if err != nil {
			return
		}
		for name, n := range map[string]string{"version": string(info.Version), "lockId": string(info.LockID)} {
			if _, _, err := big.ParseFloat(n, 10, 512, big.ToNearestEven); err != nil {
				t.Fatalf("accepted %s %q is not a number", name, n)
			}
		}
	})
}

func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []struct{ ct, body string }{
		{"application/json", `{"success":false,"error":"Not Found","message":"The requested resource was not found","code":404}`},
		{"application/json", `{"success":false,"errors":[{"code":404,"message":"Lock 5 not found"}]}`},
		{"text/html; charset=utf-8", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"},
		{"", "\x00\xff\xfe plain garbage"},
		{"application/json", `{"errors":[]}`},
	} {
		f.Add(s.ct, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		_, message := parseErrorBody(contentType, body)
		if !utf8.ValidString(message) {
			t.Fatalf("message %q is not valid UTF-8", message)
		}
		var eb errorBody
		if json.Unmarshal(body, &eb) != nil && len(message) > 1500+len(contentType) {
			// A body that is not JSON is quoted as a short excerpt (120
			// characters, each escaped to at most 10 bytes).
			t.Fatalf("excerpt of a %d-byte body is %d bytes long", len(body), len(message))
		}
	})
}

func FuzzDecodeSetOwner(f *testing.F) {
	for _, s := range []string{
		`{"success":true,"aggregateId":"123","version":7,"event":null}`,
		`{"success":true,"aggregateId":"123","version":8,"event":{"type":"OwnerSet","data":{"lockId":123,"uuid":"u","timestamp":"t","userId":"6b1e0c6e-0d3b-4f57-9d8c-7b6a5f4e3d2c"}}}`,
		`{"success":false,"error":"Not Found","message":"The requested resource was not found","code":404}`,
		`{"success":true,"aggregateId":"999","version":7,"event":null}`,
		`{"success":true,"aggregateId":"123","version":"7"}`, `{"success":true}`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := interpret(setOwner, lockTarget(123), &response{method: "POST", path: "/locks/123/SetOwner", status: http.StatusOK, body: body})
		if err != nil {
			return
		}
		if res.AggregateID != "123" {
			t.Fatalf("accepted an answer about aggregate %q", res.AggregateID)
		}
		if _, _, err := big.ParseFloat(string(res.Version), 10, 512, big.ToNearestEven); err != nil {
			t.Fatalf("accepted version %q is not a number: %v", res.Version, err)
		}
	})
}

func FuzzDecodeEventsPage(f *testing.F) {
	for _, s := range []string{
		`{"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,"totalPages":1,"events":[{"aggregateType":"lock","aggregateId":"41",` +
			`"version":1,"type":"OwnerSet","timestamp":"2026-01-01T00:00:00Z","orgId":"o","event":{"lockId":41,"userId":"u"}}]}`,
		`{"aggregateId":"41","totalEvents":0,"page":0,"pageSize":10,"totalPages":0,"events":[]}`,
		`{"aggregateId":"41","totalEvents":1,"page":2,"pageSize":10,"totalPages":1,"events":[]}`,
		`{"aggregateId":"41","totalEvents":1.5,"page":1,"pageSize":10,"totalPages":1,"events":[]}`,
		`{"aggregateId":"41","totalEvents":1,"page":1,"pageSize":10,"totalPages":1,"events":[{"aggregateId":"9"}]}`,
		`{"success":false,"error":"Not Found","message":"m","code":404}`, `{"events":null}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodeEventsPage(body, lockTarget(41))
		if err != nil {
			return
		}
		if p.AggregateID != "41" || p.Page < 0 || p.TotalPages < 0 || p.Page > max(p.TotalPages, 1) {
			t.Fatalf("accepted page %+v", p)
		}
		for _, e := range p.Events {
			if e.AggregateID != "41" {
				t.Fatalf("accepted an event about aggregate %q", e.AggregateID)
			}
			if _, _, err := big.ParseFloat(string(e.Version), 10, 512, big.ToNearestEven); err != nil {
				t.Fatalf("accepted version %q is not a number", e.Version)
			}
		}
	})
}
