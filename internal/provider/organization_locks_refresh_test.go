package provider

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

func TestMergeFleet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		ids     []int64
		current map[int64]bool
		want    []int64
	}{
		{name: "every lock stays", ids: []int64{1, 2}, current: map[int64]bool{1: true, 2: true}, want: []int64{1, 2}},
		{name: "locks that left the organization drop out", ids: []int64{1, 2, 3}, current: map[int64]bool{1: true, 3: true}, want: []int64{1, 3}},
		{name: "every lock gone", ids: []int64{1}, current: map[int64]bool{}, want: []int64{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := mergeFleet(tc.ids, tc.current); !slices.Equal(got, tc.want) {
				t.Errorf("kept %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFleetLock(t *testing.T) {
	t.Parallel()
	orgA, orgB := "org_a", "org_b"
	info := func(org *string) *client.LockInfo {
		return &client.LockInfo{ID: "7", Version: "4", OrgID: org}
	}
	unreachable := errors.New("connection refused")
	cases := []struct {
		name     string
		info     *client.LockInfo
		err      error
		want     string // "", the gone lock's reason, or the error
		wantGone bool
	}{
		{name: "still in the organization", info: info(&orgA)},
		{name: "moved to another organization", info: info(&orgB), want: `lock 7 belongs to "org_b"`, wantGone: true},
		{name: "no organization", info: info(nil), want: "lock 7 has no organization", wantGone: true},
		{name: "the API's not-found", err: fmt.Errorf("GET /locks/7/basic-info: %w", client.ErrNotFound), want: "lock 7 no longer exists", wantGone: true},
		{name: "any other failure", err: unreachable, want: "connection refused"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gone, err := fleetLock(7, orgA, tc.info, tc.err)
			var got string
			switch {
			case err != nil:
				got = err.Error()
			case gone != nil:
				got = goneReason(*gone)
			}
			if got != tc.want || (gone != nil) != tc.wantGone {
				t.Errorf("= %q (gone: %v), want %q (gone: %v)", got, gone != nil, tc.want, tc.wantGone)
			}
		})
	}
}

func TestMergeUpdate(t *testing.T) {
	t.Parallel()
	if got := mergeUpdate([]int64{3, 1}, []int64{2}); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("= %v, want [1 2 3]", got)
	}
}

func TestFleetChanges(t *testing.T) {
	t.Parallel()
	toSet, kept := fleetChanges([]int64{1, 2, 4}, []int64{1, 2, 3}, false)
	if !slices.Equal(toSet, []int64{4}) || !slices.Equal(kept, []int64{1, 2}) {
		t.Errorf("same organization: set %v, kept %v; want [4], [1 2]", toSet, kept)
	}
	toSet, kept = fleetChanges([]int64{1, 2, 4}, []int64{1, 2, 3}, true)
	if !slices.Equal(toSet, []int64{1, 2, 4}) || len(kept) != 0 {
		t.Errorf("new organization: set %v, kept %v; want every lock set", toSet, kept)
	}
}
