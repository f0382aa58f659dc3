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
		{spec: "0", wantErr: "positive integers"},
		{spec: "a", wantErr: "positive integers"},
		{spec: "-3", wantErr: "positive integers"},
		{spec: "1-a", wantErr: "first <= last"},
		{spec: "5-3", wantErr: "first <= last"},
		{spec: "3-", wantErr: "first <= last"},
		{spec: "1-1000001", wantErr: "at most a million"},
		{spec: "1,x", wantErr: "positive integers"},
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
