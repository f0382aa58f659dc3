package provider

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

func TestMergeFleet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name              string
		ids               []int64
		recorded, current map[int64]types.Number
		wantIDs           []int64
		wantVersions      map[int64]types.Number
	}{
		{
			name:     "recorded versions stay although the locks moved on",
			ids:      []int64{1, 2},
			recorded: map[int64]types.Number{1: num(2), 2: num(3)},
			current:  map[int64]types.Number{1: num(9), 2: num(9)},
			wantIDs:  []int64{1, 2}, wantVersions: map[int64]types.Number{1: num(2), 2: num(3)},
		},
		{
			name:     "locks that left the organization drop out",
			ids:      []int64{1, 2, 3},
			recorded: map[int64]types.Number{1: num(2), 2: num(2), 3: num(2)},
			current:  map[int64]types.Number{1: num(2), 3: num(4)},
			wantIDs:  []int64{1, 3}, wantVersions: map[int64]types.Number{1: num(2), 3: num(2)},
		},
		{
			name:     "after import a lock gets its current version",
			ids:      []int64{5, 6, 7},
			recorded: map[int64]types.Number{6: types.NumberNull(), 7: types.NumberUnknown()},
			current:  map[int64]types.Number{5: num(11), 6: num(12), 7: num(13)},
			wantIDs:  []int64{5, 6, 7}, wantVersions: map[int64]types.Number{5: num(11), 6: num(12), 7: num(13)},
		},
		{
			name:     "every lock gone",
			ids:      []int64{1},
			recorded: map[int64]types.Number{1: num(2)},
			current:  map[int64]types.Number{},
			wantIDs:  []int64{}, wantVersions: map[int64]types.Number{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ids, versions := mergeFleet(tc.ids, tc.recorded, tc.current)
			if !slices.Equal(ids, tc.wantIDs) {
				t.Errorf("kept %v, want %v", ids, tc.wantIDs)
			}
			if !maps.EqualFunc(versions, tc.wantVersions, numbersEqual) {
				t.Errorf("versions %v, want %v", versions, tc.wantVersions)
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
		want     string // the version, the gone lock's reason, or the error
		wantGone bool
	}{
		{name: "still in the organization", info: info(&orgA), want: "4"},
		{name: "moved to another organization", info: info(&orgB), want: `lock 7 belongs to "org_b"`, wantGone: true},
		{name: "no organization", info: info(nil), want: "lock 7 has no organization", wantGone: true},
		{name: "the API's not-found", err: fmt.Errorf("GET /locks/7/basic-info: %w", client.ErrNotFound), want: "lock 7 no longer exists", wantGone: true},
		{name: "any other failure", err: unreachable, want: "connection refused"},
		{name: "a version that is no number", info: &client.LockInfo{OrgID: &orgA, Version: "seven"}, want: `"seven" is not a number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, gone, err := fleetLock(7, orgA, tc.info, tc.err)
			var got string
			switch {
			case err != nil:
				got = err.Error()
			case gone != nil:
				got = goneReason(*gone)
			default:
				got = v.String()
			}
			if got != tc.want || (gone != nil) != tc.wantGone {
				t.Errorf("= %q (gone: %v), want %q (gone: %v)", got, gone != nil, tc.want, tc.wantGone)
			}
		})
	}
}

func TestMergeUpdate(t *testing.T) {
	t.Parallel()
	ids, versions := mergeUpdate([]int64{3, 1}, map[int64]types.Number{1: num(2), 3: num(2), 9: num(2)},
		[]int64{2}, map[int64]types.Number{2: num(5)})
	want := map[int64]types.Number{1: num(2), 2: num(5), 3: num(2)}
	if !slices.Equal(ids, []int64{1, 2, 3}) || !maps.EqualFunc(versions, want, numbersEqual) {
		t.Errorf("= %v, %v; want [1 2 3], %v", ids, versions, want)
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
