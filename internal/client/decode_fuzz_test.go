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
		res, err := interpret(setOrganization, 123, &response{method: "POST", path: "/locks/123/SetOrganization", status: http.StatusOK, body: body})
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
		info, err := decodeLockInfo(body, 123)
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
