package spkeytest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkServeHTTP measures one request through the whole pipeline
// (routing, recording, the operation) over a fleet of 10,000 locks, as
// the project's benchmark drives the mock.
func BenchmarkServeHTTP(b *testing.B) {
	ids := make([]int64, 10_000)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	for _, tc := range []struct{ name, method, op, body string }{
		{"basic-info", http.MethodGet, "basic-info", ""},
		{"SetOrganization", http.MethodPost, "SetOrganization", `{"orgId":"org-a"}`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := New(Options{Token: testToken, Locks: ids})
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				id := ids[i%len(ids)]
				i++
				req := httptest.NewRequestWithContext(context.Background(), tc.method, "/locks/"+strconv.FormatInt(id, 10)+"/"+tc.op, strings.NewReader(tc.body))
				req.Header.Set("Authorization", "Bearer "+testToken)
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkRoute measures the router alone.
func BenchmarkRoute(b *testing.B) {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/locks/1234/SetOrganization", nil)
	b.ReportAllocs()
	for b.Loop() {
		if rt := routeOf(req, nil); rt.lockID != 1234 {
			b.Fatalf("route = %+v", rt)
		}
	}
}
