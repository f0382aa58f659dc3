package spkeytest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestCanned(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	if err := srv.AddCanned(Canned{Path: "/locks/1/basic-info", Status: 404, ContentType: "text/html", Body: HTMLNotFoundPage}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddCanned(Canned{Method: http.MethodPost, Path: "/v2/*", Status: 404, ContentType: "application/json", Body: `{"message":"no"}`}); err != nil {
		t.Fatal(err)
	}

	// Served before authentication: a proxy answers whoever asks.
	r := send(t, srv, http.MethodGet, "/locks/1/basic-info", "")
	if r.Status != 404 || r.Header.Get("Content-Type") != "text/html" || string(r.Body) != HTMLNotFoundPage {
		t.Errorf("canned HTML = %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	r = send(t, srv, http.MethodPost, "/v2/locks/1/SetOrganization", `{"orgId":"o"}`, withToken...)
	if r.Status != 404 || string(r.Body) != `{"message":"no"}` {
		t.Errorf("canned prefix = %d %q", r.Status, r.Body)
	}
	// The method filter: GET on /v2/ is a plain unknown route.
	wantRouterNotFound(t, send(t, srv, http.MethodGet, "/v2/x", "", withToken...))
	// Other paths are untouched, and so is the lock.
	if r := setOrg(t, srv, "1", `{"orgId":"o"}`); r.Status != 200 {
		t.Errorf("SetOrganization beside a canned path = %d %s", r.Status, r.Body)
	}

	// The newest matching answer wins; without a content type none is sent.
	if err := srv.AddCanned(Canned{Path: "/locks/*", Body: "plain"}); err != nil {
		t.Fatal(err)
	}
	r = send(t, srv, http.MethodGet, "/locks/1/basic-info", "")
	if r.Status != 200 || string(r.Body) != "plain" || r.Header.Get("Content-Type") != "" {
		t.Errorf("newest canned = %d %q %q, want 200 plain without Content-Type", r.Status, r.Header.Get("Content-Type"), r.Body)
	}

	reqs := srv.Requests()
	if !reqs[0].Canned || reqs[0].Op != OpBasicInfo || reqs[0].LockID != 1 || reqs[0].Status != 404 || reqs[3].Canned {
		t.Errorf("recorded = %+v", reqs)
	}
	if got := srv.CannedAnswers(); len(got) != 3 || got[1].Path != "/v2/*" || got[2].Status != 200 {
		t.Errorf("CannedAnswers() = %+v", got)
	}
	srv.ClearCanned()
	if r := basicInfo(t, srv, "1"); r.Status != 200 || !json.Valid(r.Body) {
		t.Errorf("after ClearCanned: %d %s", r.Status, r.Body)
	}

	for _, c := range []Canned{{Path: "locks"}, {Path: "/_mock/stats"}, {Path: "/x", Status: 700}} {
		if err := srv.AddCanned(c); err == nil {
			t.Errorf("AddCanned(%+v) accepted it", c)
		}
	}
}

func TestCannedControlEndpoint(t *testing.T) {
	t.Parallel()
	srv := newServer(t, Options{Locks: []int64{1}})
	r := send(t, srv, http.MethodPost, "/_mock/canned?path=/locks/1/basic-info&status=404&content-type=text/html&method=GET", HTMLNotFoundPage)
	if r.Status != http.StatusNoContent {
		t.Fatalf("POST /_mock/canned = %d %s", r.Status, r.Body)
	}
	r = basicInfo(t, srv, "1")
	if r.Status != 404 || r.Header.Get("Content-Type") != "text/html" || string(r.Body) != HTMLNotFoundPage {
		t.Errorf("served = %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	r = send(t, srv, http.MethodGet, "/_mock/canned", "")
	var list []Canned
	if err := json.Unmarshal(r.Body, &list); err != nil || len(list) != 1 || list[0].Method != "GET" || list[0].Status != 404 {
		t.Errorf("GET /_mock/canned = %d %s", r.Status, r.Body)
	}
	for _, q := range []string{"path=/x&status=abc", "path=x", "status=200", "path=/x&status=99"} {
		if r := send(t, srv, http.MethodPost, "/_mock/canned?"+q, ""); r.Status != http.StatusBadRequest || len(strings.TrimSpace(string(r.Body))) == 0 {
			t.Errorf("POST /_mock/canned?%s = %d %q, want 400 with a reason", q, r.Status, r.Body)
		}
	}
	if r := send(t, srv, http.MethodDelete, "/_mock/canned", ""); r.Status != http.StatusNoContent || len(srv.CannedAnswers()) != 0 {
		t.Errorf("DELETE /_mock/canned = %d, %d left", r.Status, len(srv.CannedAnswers()))
	}
	if r := basicInfo(t, srv, "1"); r.Status != 200 {
		t.Errorf("after DELETE: %d", r.Status)
	}
}
