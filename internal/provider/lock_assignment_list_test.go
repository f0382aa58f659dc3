package provider

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// These tests talk to the provider over the plugin protocol, as Terraform
// 1.14's terraform query does, so that they run without that CLI; the
// acceptance tests in lock_organization_list_acc_test.go run the same
// list resource through the real CLI.

// listQuery is one ListResource call.
type listQuery struct {
	lockIDs         string
	orgID           *string
	includeResource bool
	limit           int64
	provider        map[string]tftypes.Value // extra provider settings
}

// listedLock is what one result said.
type listedLock struct {
	display  string
	lockID   int64
	resource map[string]tftypes.Value
}

// runListQuery configures the provider against the mock and runs one
// query; it returns the results and the diagnostics' summaries and details.
func runListQuery(t *testing.T, mock *spkeytest.Server, q listQuery) ([]listedLock, []string) {
	t.Helper()
	ctx := context.Background()
	srv, schemas := configuredProvider(t, mock, q.provider)
	listSchema := schemas.ListResourceSchemas[lockOrganizationType]
	if listSchema == nil {
		t.Fatalf("no list resource %s in the schema", lockOrganizationType)
	}
	org := tftypes.NewValue(tftypes.String, nil)
	if q.orgID != nil {
		org = tftypes.NewValue(tftypes.String, *q.orgID)
	}
	lister, ok := srv.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("the provider server does not serve list resources")
	}
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: lockOrganizationType,
		Config: dynamicValue(t, listSchema.ValueType(), map[string]tftypes.Value{
			"lock_ids": tftypes.NewValue(tftypes.String, q.lockIDs),
			"org_id":   org,
		}),
		IncludeResource: q.includeResource,
		Limit:           q.limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	idType := schemas.ResourceSchemas[lockOrganizationType].ValueType()
	var found []listedLock
	var diags []string
	for r := range stream.Results {
		diags = append(diags, diagTexts(r.Diagnostics)...)
		if r.Identity == nil {
			continue
		}
		l := listedLock{display: r.DisplayName}
		var ident map[string]tftypes.Value
		mustUnmarshal(t, r.Identity.IdentityData, tftypes.Object{AttributeTypes: map[string]tftypes.Type{"lock_id": tftypes.Number}}, &ident)
		l.lockID = int64Of(t, ident["lock_id"])
		if r.Resource != nil {
			mustUnmarshal(t, r.Resource, idType, &l.resource)
		}
		found = append(found, l)
	}
	return found, diags
}

func dynamicValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %s is not an object", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			vals[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func mustUnmarshal(t *testing.T, dv *tfprotov6.DynamicValue, typ tftypes.Type, into *map[string]tftypes.Value) {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.As(into); err != nil {
		t.Fatal(err)
	}
}

func int64Of(t *testing.T, v tftypes.Value) int64 {
	t.Helper()
	var n = new(big.Float)
	if err := v.As(&n); err != nil || n == nil {
		t.Fatalf("%s is not a number: %v", v, err)
	}
	i, _ := n.Int64()
	return i
}

func stringOf(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func diagTexts(ds []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return out
}

// twoOrgMock has locks 100-104 in org_a, 106-107 in org_b, 109 in none,
// and no locks 105, 108 or 110-119.
func twoOrgMock(t *testing.T) *spkeytest.Server {
	t.Helper()
	mock := newMock(t)
	for id := int64(100); id <= 109; id++ {
		switch {
		case id <= 104:
			mock.AddLock(id, "org_a")
		case id == 106 || id == 107:
			mock.AddLock(id, "org_b")
		case id == 109:
			mock.AddLock(id, "")
		}
	}
	return mock
}

func foundIDs(found []listedLock) []int64 {
	out := make([]int64, len(found))
	for i, f := range found {
		out[i] = f.lockID
	}
	return out
}

func TestLockOrganizationList(t *testing.T) {
	orgA := "org_a"
	mock := twoOrgMock(t)

	// Without a filter: every lock that has an organization, in order.
	found, diags := runListQuery(t, mock, listQuery{lockIDs: "100-119"})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if got, want := foundIDs(found), []int64{100, 101, 102, 103, 104, 106, 107}; !slices.Equal(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if found[0].display != "lock 100 (org_id org_a)" || found[0].resource != nil {
		t.Errorf("first result: %q, resource %v", found[0].display, found[0].resource)
	}
	if n := len(mock.Requests()); n != 20 {
		t.Errorf("the mock received %d requests for 20 ids, want 20", n)
	}

	// With the filter and the resource object.
	found, diags = runListQuery(t, mock, listQuery{lockIDs: "100-119", orgID: &orgA, includeResource: true})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if got, want := foundIDs(found), []int64{100, 101, 102, 103, 104}; !slices.Equal(got, want) {
		t.Errorf("org_a: found %v, want %v", got, want)
	}
	r := found[2].resource
	if stringOf(t, r["id"]) != "102" || int64Of(t, r["lock_id"]) != 102 || stringOf(t, r["org_id"]) != "org_a" ||
		stringOf(t, r["aggregate_id"]) != "102" || int64Of(t, r["version"]) < 1 || !r["timeouts"].IsNull() {
		t.Errorf("resource of lock 102: %v", r)
	}

	// A limit stops the reading after the batch that reached it.
	mock.ResetStats()
	before := len(mock.Requests())
	found, _ = runListQuery(t, mock, listQuery{lockIDs: "100-1099", limit: 2})
	if got := foundIDs(found); !slices.Equal(got, []int64{100, 101}) {
		t.Errorf("limit 2: found %v", got)
	}
	if n := len(mock.Requests()) - before; n != listBatch {
		t.Errorf("limit 2 over 1000 ids sent %d requests, want one batch of %d", n, listBatch)
	}
}

// Bad lists fail before any request, with the lock_ids function's wording.
func TestLockOrganizationList_badInput(t *testing.T) {
	mock := twoOrgMock(t)
	for list, want := range map[string]string{
		"":        `lock_ids: The lock id list is empty; write lock ids and ranges such as "100-199,250".`,
		"199-100": `lock_ids: Range "199-100" must go upwards: write it as 100-199.`,
		"1-100001": `lock_ids: "1-100001" names 100001 lock ids; one list may name at most 100000: ` +
			"check the ranges for a typo, or split the list.",
		"1-9223372036854775807": `lock_ids: "1-9223372036854775807" names 9223372036854775807 lock ids; one list may name at most 100000`,
		"12 3":                  "contains white space",
	} {
		_, diags := runListQuery(t, mock, listQuery{lockIDs: list})
		if len(diags) != 1 || !strings.Contains(diags[0], "Invalid Lock ID") || !strings.Contains(strings.ToLower(diags[0]), strings.ToLower(want)) {
			t.Errorf("%q: diagnostics %v, want Invalid Lock ID with %q", list, diags, want)
		}
	}
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("bad input sent %d requests, want none", n)
	}
}

// A 401 or 403 stops the query with the usual message, and no results.
func TestLockOrganizationList_authFailureStops(t *testing.T) {
	for _, status := range []int{401, 403} {
		mock := twoOrgMock(t)
		mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: status, Op: "basic-info"})
		found, diags := runListQuery(t, mock, listQuery{lockIDs: "100-2000", provider: map[string]tftypes.Value{
			"max_concurrency": tftypes.NewValue(tftypes.Number, 2),
		}})
		if len(found) != 0 || len(diags) != 1 || !strings.HasPrefix(diags[0], "Unable to Query Locks") || !strings.Contains(diags[0], fmt.Sprint(status)) {
			t.Errorf("HTTP %d: %d results, diagnostics %v", status, len(found), diags)
		}
		// The workers stop at the first failure: far fewer than 1,901 reads.
		if n := len(mock.Requests()); n > 10 {
			t.Errorf("HTTP %d: %d requests after the first failure", status, n)
		}
	}
}

// How long a query over 1,000 and 10,000 ids takes against the mock, and
// the requests it sends (reported with -v).
func TestLockOrganizationList_scale(t *testing.T) {
	if testing.Short() {
		t.Skip("scale measurement")
	}
	for _, n := range []int64{1000, 10000} {
		mock := newMock(t)
		for id := int64(1); id <= n; id += 2 { // every other id exists
			mock.AddLock(id, "org_a")
		}
		start := time.Now()
		found, diags := runListQuery(t, mock, listQuery{lockIDs: fmt.Sprintf("1-%d", n), includeResource: true, limit: n})
		elapsed := time.Since(start)
		if len(diags) > 0 || int64(len(found)) != n/2 {
			t.Fatalf("%d ids: %d found, diagnostics %v", n, len(found), diags)
		}
		st := mock.Stats()
		t.Logf("%d ids (%d locks): %v, %d requests (%+v)", n, len(found), elapsed.Round(time.Millisecond), len(mock.Requests()), st)
	}
}
