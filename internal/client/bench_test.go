package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkLockBasicInfo measures one basic-info call against a local
// server that answers at once: the client and the in-process server.
func BenchmarkLockBasicInfo(b *testing.B) {
	body := benchInfo
	// A bare server: the stub server's recording would count as the
	// client's allocations.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Content-Type"] = []string{"application/json"}
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	benchBasicInfo(b, testConfig(srv.URL))
}

// benchBasicInfo runs LockBasicInfo b.N times with a client for cfg.
func benchBasicInfo(b *testing.B, cfg Config) {
	c, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.LockBasicInfo(ctx, 7); err != nil {
			b.Fatal(err)
		}
	}
}

// benchInfo is a full basic-info answer about lock 7.
var benchInfo = []byte(`{"id":"7","lockId":7,"uuid":"3f9a1c7e-5b2d-4860-a1b2-c3d4e5f60718","version":12,"serialNumber":"SPK-7",` +
	`"ownerId":"6b1e0c6e-0d3b-4f57-9d8c-7b6a5f4e3d2c","orgId":"org-7","organizationId":"org-7","doId":"` +
	"0000000000000000000000000000000000000000000000000000000000000007" + `","r2Prefix":"locks/7/"}`)

// cannedTransport answers every request with the same 200 without a
// network, so that a benchmark counts only what the client allocates (and
// the few allocations of building each canned answer).
type cannedTransport []byte

func (b cannedTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)),
	}, nil
}

// BenchmarkLockBasicInfoClientOnly is BenchmarkLockBasicInfo without the
// network and the server: the client's own share per call.
func BenchmarkLockBasicInfoClientOnly(b *testing.B) {
	cfg := testConfig("https://api.spkey.co")
	cfg.Transport = cannedTransport(benchInfo)
	benchBasicInfo(b, cfg)
}
