package provider

import (
	"slices"
	"strings"
	"testing"
)

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
		{in: "org_a", wantErr: "has no colon"},
		{in: ":1,2", wantErr: "organization id before the colon is empty"},
		{in: "org_a:", wantErr: "lock id list after the colon is empty"},
		{in: "org_a:1,abc", wantErr: `"abc" is not a lock id`},
		{in: "org_a:1,,2", wantErr: "the lock id is empty"},
		{in: "org_a:5-3", wantErr: `range "5-3" must go upwards`},
		{in: "org_a:1-1000000", wantErr: "span at most 100000 ids"},
		{in: "org_a:0", wantErr: "must be at least 1"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
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
}
