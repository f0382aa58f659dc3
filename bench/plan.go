package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// approach is one way of assigning N locks to an organization.
type approach string

const (
	// forEach is (a): spkey_lock_organization with for_each, one instance
	// per lock.
	forEach approach = "for_each"
	// floor is (b): the same N terraform_data instances, no provider and no
	// API calls: what Terraform core costs by itself.
	floor approach = "floor"
	// curl is (c): the do-it-yourself alternative, terraform_data with a
	// local-exec curl per lock.
	curl approach = "curl"
	// bulk is (d): one spkey_organization_locks with N lock ids.
	bulk approach = "bulk"
)

var approachLabels = map[approach]string{
	forEach: "(a) spkey_lock_organization for_each",
	floor:   "(b) terraform_data (floor)",
	curl:    "(c) terraform_data + local-exec curl",
	bulk:    "(d) spkey_organization_locks",
}

func (a approach) label() string { return approachLabels[a] }

// usesProvider reports whether Terraform starts the spkey provider.
func (a approach) usesProvider() bool { return a == forEach || a == bulk }

// callsAPI reports whether apply sends SetOrganization for every lock.
func (a approach) callsAPI() bool { return a != floor }

// scenario is one configuration of the mock server.
type scenario struct {
	Name    string        `json:"name"`
	Latency time.Duration `json:"latency_ns"`
	MockRPS float64       `json:"mock_requests_per_second,omitempty"`
}

var (
	noLatency = scenario{Name: "no-latency"}
	latency50 = scenario{Name: "latency-50ms", Latency: 50 * time.Millisecond}
	rateLimit = scenario{Name: "rate-limit-100", MockRPS: 100}
)

var scenarios = []scenario{noLatency, latency50, rateLimit}

// defaultConcurrency is the provider's max_concurrency default.
const defaultConcurrency = 8

// job is one measurement: apply, re-plan and destroy of one configuration.
type job struct {
	Scenario scenario
	Approach approach
	N        int
	// Concurrency is the provider's max_concurrency; 0 leaves it unset
	// (the default, 8).
	Concurrency int
	// ProviderRPS is the provider's max_requests_per_second; 0 leaves it
	// unset (no cap; the provider adapts to 429 answers).
	ProviderRPS float64
	Rep         int
	// Info marks a measurement that no target is about.
	Info bool
}

// concurrency is the max_concurrency in effect.
func (j job) concurrency() int {
	if j.Concurrency > 0 {
		return j.Concurrency
	}
	return defaultConcurrency
}

// variant names the provider settings that tell apart measurements of one
// approach, scenario and size.
func (j job) variant() string {
	if !j.Approach.usesProvider() {
		return "-"
	}
	v := fmt.Sprintf("C=%d", j.concurrency())
	switch {
	case j.ProviderRPS > 0:
		v += fmt.Sprintf(" rps=%g", j.ProviderRPS)
	case j.Scenario.MockRPS > 0:
		v += " rps=adaptive"
	}
	return v
}

func (j job) String() string {
	return fmt.Sprintf("%s %s %s N=%d rep %d", j.Scenario.Name, j.Approach.label(), j.variant(), j.N, j.Rep)
}

// preset is a named set of jobs: what `make bench` and `BENCH=full make
// bench` run.
type preset struct {
	name string
	// perLock are the sizes for (a), (b) and (c) without latency, and reps
	// how often each of them runs (interleaved, best time kept).
	perLock []int
	reps    map[int]int
	// bulk are the sizes for (d) without latency.
	bulk []int
	// perLockLatency are the sizes for (a) with 50 ms latency (information).
	perLockLatency []int
	// bulkLatency and bulkRateLimit are the sizes for (d) with 50 ms latency
	// and against 100 requests/s.
	bulkLatency   []int
	bulkRateLimit []int
	// timeout stops a Terraform command that runs longer.
	timeout time.Duration
}

var presets = map[string]preset{
	// quick is for trying the benchmark out: a minute or two.
	"quick": {
		name:           "quick",
		perLock:        []int{10, 30},
		reps:           map[int]int{},
		bulk:           []int{10, 30, 100},
		perLockLatency: []int{10},
		bulkLatency:    []int{100},
		bulkRateLimit:  []int{100},
		timeout:        5 * time.Minute,
	},
	"default": {
		name:           "default",
		perLock:        []int{100, 300},
		reps:           map[int]int{100: 2, 300: 2},
		bulk:           []int{100, 300, 1000},
		perLockLatency: []int{100},
		bulkLatency:    []int{1000},
		bulkRateLimit:  []int{1000},
		timeout:        10 * time.Minute,
	},
	// full adds N=1000 for (a), (b) and (c), and N=2000 and N=10,000 for
	// (d), also with latency and against the rate limit.
	"full": {
		name:           "full",
		perLock:        []int{100, 300, 1000},
		reps:           map[int]int{100: 2, 300: 3, 1000: 1},
		bulk:           []int{100, 300, 1000, 2000, 10000},
		perLockLatency: []int{300},
		bulkLatency:    []int{1000, 10000},
		bulkRateLimit:  []int{1000, 10000},
		timeout:        5 * time.Minute,
	},
}

// jobs lists a preset's measurements in the order they run. (a), (b) and
// (c) of one size alternate, so that a change in background load affects
// all three alike.
func (p preset) jobs(only map[string]bool) []job {
	var out []job
	add := func(j job) {
		if len(only) == 0 || only[j.Scenario.Name] {
			out = append(out, j)
		}
	}
	for _, n := range p.perLock {
		for rep := 1; rep <= max(1, p.reps[n]); rep++ {
			for _, a := range []approach{floor, forEach, curl} {
				add(job{Scenario: noLatency, Approach: a, N: n, Rep: rep})
			}
		}
	}
	for _, n := range p.bulk {
		add(job{Scenario: noLatency, Approach: bulk, N: n, Rep: 1})
	}
	for _, n := range p.perLockLatency {
		add(job{Scenario: latency50, Approach: forEach, N: n, Rep: 1, Info: true})
	}
	for _, n := range p.bulkLatency {
		add(job{Scenario: latency50, Approach: bulk, N: n, Rep: 1})
		// The variants for information only run up to 1000 locks, where
		// they take seconds rather than minutes.
		if n <= 1000 {
			add(job{Scenario: latency50, Approach: bulk, N: n, Concurrency: 32, Rep: 1, Info: true})
		}
	}
	for _, n := range p.bulkRateLimit {
		add(job{Scenario: rateLimit, Approach: bulk, N: n, ProviderRPS: 100, Rep: 1})
		if n <= 1000 {
			add(job{Scenario: rateLimit, Approach: bulk, N: n, Rep: 1, Info: true})
		}
	}
	return out
}

// parseSizes reads "100,300,1000"; "none" is no sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	if strings.TrimSpace(s) == "none" {
		return out, nil
	}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		var n int
		if _, err := fmt.Sscan(f, &n); err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a number of locks", f)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
