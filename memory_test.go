package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLimitMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	env := map[string]string{"GOMEMLIMIT": "1GiB"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if limitMemory(lookup) {
		t.Fatal("limitMemory overrode GOMEMLIMIT")
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("memory limit %d after GOMEMLIMIT was set, want it untouched", got)
	}

	delete(env, "GOMEMLIMIT")
	if !limitMemory(lookup) {
		t.Fatal("limitMemory did not apply the default limit")
	}
	if got := debug.SetMemoryLimit(-1); got != softMemoryLimit {
		t.Fatalf("memory limit %d, want %d", got, softMemoryLimit)
	}
}
