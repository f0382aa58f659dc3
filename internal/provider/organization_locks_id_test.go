package provider

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// tenRangesOfLocks is a fleet import id's list of a million ids in 140
// bytes: ten times what one list may name.
func tenRangesOfLocks() string {
	parts := make([]string, 10)
	for i := range parts {
		parts[i] = fmt.Sprintf("%d-%d", i*100_000+1, (i+1)*100_000)
	}
	return strings.Join(parts, ",")
}

// The refusal of tenRangesOfLocks, as the import id parser words it.
const tooManyInTenRanges = `"1-100000,100001-200000,200001-300000,300001-400000,…" (10 items) names 1000000 lock ids; ` +
	"one list may name at most 100000: check the ranges for a typo, or split the list"

func TestParseOrganizationLocksID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		org     string
		ids     []int64
		wantErr string
	}{
		{in: "org_7f3a:1,2,3", org: "org_7f3a", ids: []int64{1, 2, 3}},
		{in: "org_7f3a:200-203,5,5", org: "org_7f3a", ids: []int64{5, 200, 201, 202, 203}},
		{in: "urn:org:x:42", org: "urn:org:x", ids: []int64{42}},
		{in: "org_a:9223372036854775806-9223372036854775807", org: "org_a", ids: []int64{math.MaxInt64 - 1, math.MaxInt64}},
		{in: "org_a", wantErr: "has no colon"},
		{in: ":1,2", wantErr: "organization id before the colon is empty"},
		{in: "org_a:", wantErr: "lock id list after the colon is empty"},
		{in: "org_a:1,abc", wantErr: `"abc" is not a lock id`},
		{in: "org_a:1,,2", wantErr: "the lock id is empty"},
		{in: "org_a:5-3", wantErr: `range "5-3" must go upwards: write it as 3-5`},
		{in: "org_a:1-100001", wantErr: `"1-100001" names 100001 lock ids; one list may name at most 100000: ` +
			"check the ranges for a typo, or split the list"},
		{in: "org_a:" + tenRangesOfLocks(), wantErr: tooManyInTenRanges},
		{in: "org_a:1-9223372036854775807", wantErr: `"1-9223372036854775807" names 9223372036854775807 lock ids; one list may name at most 100000`},
		{in: "org_a:0", wantErr: "must be at least 1"},
	}
	for _, tc := range cases {
		t.Run(tc.in[:min(len(tc.in), 40)], func(t *testing.T) {
			t.Parallel()
			org, ids, err := parseOrganizationLocksID(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || org != tc.org || !slices.Equal(ids, tc.ids) {
				t.Fatalf("= %q, %v, %v; want %q, %v", org, ids, err, tc.org, tc.ids)
			}
		})
	}
	// The largest list accepted.
	if _, ids, err := parseOrganizationLocksID("org_a:1-50000,50001-100000"); err != nil || len(ids) != 100_000 {
		t.Errorf("100,000 ids: %d, %v", len(ids), err)
	}
}

// An import id that names too many locks is refused by ImportState itself,
// before the provider builds them: it once held the provider at 1.8 GiB
// for more than a minute before the first request.
func TestOrganizationLocksImportRefusesBeforeBuilding(t *testing.T) {
	// Not parallel: TotalAlloc counts every goroutine's allocations.
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	req := &tfprotov6.ImportResourceStateRequest{TypeName: organizationLocksType, ID: "org_a:" + tenRangesOfLocks()}
	resp, err := srv.ImportResourceState(t.Context(), req) // warm up: schemas are built once
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Invalid Import ID" ||
		!strings.HasPrefix(resp.Diagnostics[0].Detail, tooManyInTenRanges+".\n") || len(resp.ImportedResources) != 0 {
		t.Fatalf("diagnostics %v, %d imported; want Invalid Import ID: %s", diagTexts(resp.Diagnostics), len(resp.ImportedResources), tooManyInTenRanges)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := srv.ImportResourceState(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// A million ids are 8 MB as int64s alone; the refusal costs the
	// framework's request handling and the message.
	n := after.TotalAlloc - before.TotalAlloc
	t.Logf("refusing the import allocated %d bytes", n)
	if n > 64<<10 {
		t.Errorf("refusing the import allocated %d KiB, want at most 64 KiB", n>>10)
	}
}

// The user sees the refusal from terraform import, and no request is sent.
func TestAccOrganizationLocks_importIDOverTheBound(t *testing.T) {
	mock := newMock(t, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:             fleetConfig(mock.URL, "org_a", []int64{1}),
				ResourceName:       testFleet,
				ImportState:        true,
				ImportStateId:      "org_a:" + tenRangesOfLocks(),
				ImportStatePersist: false,
				PreConfig: func() {
					if n := len(mock.Requests()); n != 0 {
						t.Errorf("%d requests before the import", n)
					}
				},
				ExpectError: errorMatching("Invalid Import ID", tooManyInTenRanges),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := len(mock.Requests()); n != 0 {
				return fmt.Errorf("the refused import sent %d requests", n)
			}
			return nil
		},
	})
}
