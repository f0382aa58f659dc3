package spkeytest

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseLockIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec    string
		want    []int64
		wantErr string
	}{
		{spec: "1-3,7", want: []int64{1, 2, 3, 7}},
		{spec: "5", want: []int64{5}},
		{spec: "4-4", want: []int64{4}},
		{spec: " 1 , 3-4 ,", want: []int64{1, 3, 4}},
		{spec: "", want: nil},
		{spec: "3,1-2,2", want: []int64{1, 2, 3}},
		// The provider's wording (package lockids): users read it.
		{spec: "0", wantErr: `"0" is not a lock id: it must be at least 1`},
		{spec: "a", wantErr: `"a" is not a lock id`},
		{spec: "-3", wantErr: `in "-3": the lock id is empty`},
		{spec: "1-a", wantErr: `"a" is not a lock id`},
		{spec: "5-3", wantErr: `range "5-3" must go upwards`},
		{spec: "3-", wantErr: `in "3-": the lock id is empty`},
		{spec: "1-1000001", wantErr: `"1-1000001" names 1000001 lock ids; one list may name at most 100000`},
		{spec: "9223372036854775806-9223372036854775807", want: []int64{9223372036854775806, 9223372036854775807}},
		{spec: "1,x", wantErr: `"x" is not a lock id`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLockIDs(tt.spec)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseLockIDs(%q) = %v, %v; want an error containing %q", tt.spec, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseLockIDs(%q) = %v, %v; want %v", tt.spec, got, err, tt.want)
			}
		})
	}
}
