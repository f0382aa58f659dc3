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
	// restapi is (e): restapi_object of Mastercard's generic REST provider
	// (tools/restapi) with for_each, one instance per lock: what teams
	// used for this API before spkey.
	restapi approach = "restapi"
)

var approachLabels = map[approach]string{
	forEach: "(a) spkey_lock_organization for_each",
	floor:   "(b) terraform_data (floor)",
	curl:    "(c) terraform_data + local-exec curl",
	bulk:    "(d) spkey_organization_locks",
	restapi: "(e) restapi_object for_each (generic REST provider)",

	access:        fmt.Sprintf("(f) spkey_user_accessible_locks_exclusive for_each over users, %d locks each", grantsPerUser),
	accessFloor:   "(f0) terraform_data with the same users and locks (floor of (f))",
	resident:      "(g) spkey_lock_resident for_each, residents of one lock",
	residentFloor: "(g0) terraform_data with the same residents (floor of (g))",
	key:           "(h) spkey_lock_key for_each, keys of one lock",
	keyFloor:      "(h0) terraform_data with the same keys (floor of (h))",
}

func (a approach) label() string { return approachLabels[a] }

// usesProvider reports whether Terraform starts the spkey provider.
func (a approach) usesProvider() bool {
	return a == forEach || a == bulk || a == access || a == resident || a == key
}

// runsProvider reports whether Terraform starts a provider at all: spkey,
// or Mastercard's for (e). The others use built-ins only.
func (a approach) runsProvider() bool { return a.usesProvider() || a == restapi }

// isFloor reports whether an approach is terraform_data standing in for
// a resource: (b), or the floor of a case.
func (a approach) isFloor() bool {
	c, ok := caseOf(a)
	return a == floor || ok && c.floor == a
}

// callsAPI reports whether apply sends SetOrganization for every lock.
func (a approach) callsAPI() bool { return a == forEach || a == curl || a == bulk || a == restapi }

// spelling is how (d)'s configuration writes the lock ids.
type spelling string

const (
	// literal is a literal list in main.tf, tolist([1, 2, ..., N]): what
	// generated configurations tend to look like.
	literal spelling = "list"
	// file is the documented pattern: one id per line in locks.txt, read
	// with toset(compact(split("\n", file(...)))).
	file spelling = "file"
	// chunks is for_each over files of at most chunkSize ids each
	// (locks/000.txt, ...), one spkey_organization_locks per file.
	chunks spelling = "chunks"
)

// chunkSize is how many ids each file of the chunked spelling holds.
const chunkSize = 5000

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

// driftMaxLocks is the largest N whose measurement also checks whether the
// approach sees drift (a fourth command, a plan after one lock was moved
// to another organization behind Terraform's back): a yes or no, which
// does not change with N.
const driftMaxLocks = 1000

// checksDrift reports whether a job gets the drift check.
func (j job) checksDrift() bool {
	return j.Approach.callsAPI() && j.Scenario.Name == noLatency.Name && j.N <= driftMaxLocks
}

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
	// Spelling is how (d)'s ids are written; empty for (a), (b), (c),
	// which use the literal list.
	Spelling spelling
	// Chunk is the number of ids per file of the chunked spelling.
	Chunk int
	Rep   int
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
	switch j.Spelling {
	case "":
	case chunks:
		v += fmt.Sprintf(" %s of %d", j.Spelling, j.Chunk)
	default:
		v += " " + string(j.Spelling)
	}
	return v
}

// id names a job's working directory (and a case's own mock).
func (j job) id() string {
	variant := strings.NewReplacer(" ", "-", "=", "").Replace(j.variant())
	if variant == "-" {
		return fmt.Sprintf("%s-%s-%d-r%d", j.Scenario.Name, j.Approach, j.N, j.Rep)
	}
	return fmt.Sprintf("%s-%s-%s-%d-r%d", j.Scenario.Name, j.Approach, variant, j.N, j.Rep)
}

func (j job) String() string {
	return fmt.Sprintf("%s %s %s N=%d rep %d", j.Scenario.Name, j.Approach.label(), j.variant(), j.N, j.Rep)
}

// preset is a named set of jobs: what `make bench` and `BENCH=full make
// bench` run.
type preset struct {
	name string
	// perLock are the sizes for (a), (b), (c) and (e) without latency, and
	// reps how often each of them runs (interleaved, best time kept).
	perLock []int
	reps    map[int]int
	// perLockApproaches limits (a), (b), (c), (e) to these; empty is all
	// four.
	perLockApproaches []approach
	// bulk are the sizes for (d) without latency, by spelling, and
	// bulkReps how often each size runs (the spellings of one size
	// alternate; default 1).
	bulk     map[spelling][]int
	bulkReps map[int]int
	// chunk is the chunked spelling's ids per file.
	chunk int
	// perLockLatency are the sizes for (a) with 50 ms latency (information).
	perLockLatency []int
	// bulkLatency and bulkRateLimit are the sizes for (d) with 50 ms latency
	// and against 100 requests/s, in the file spelling.
	bulkLatency   []int
	bulkRateLimit []int
	// cases are the sizes of the cases (f), (g) and (h), by the case's
	// resource approach; each runs caseReps times alternating with its
	// floor (default 1).
	cases    map[approach][]int
	caseReps int
	// timeout stops a Terraform command that runs longer.
	timeout time.Duration
}

var presets = map[string]preset{
	// quick is for trying the benchmark out: a minute or two.
	"quick": {
		name:           "quick",
		perLock:        []int{10, 30},
		reps:           map[int]int{},
		bulk:           map[spelling][]int{file: {10, 30, 100}, literal: {100}, chunks: {100}},
		bulkReps:       map[int]int{100: 2},
		chunk:          40,
		perLockLatency: []int{10},
		bulkLatency:    []int{100},
		bulkRateLimit:  []int{100},
		cases:          map[approach][]int{access: {10}, resident: {10}, key: {10}},
		timeout:        5 * time.Minute,
	},
	// default also has the sizes where the literal list stops being
	// linear (10,000 and 20,000), each spelling of them repeated.
	"default": {
		name:           "default",
		perLock:        []int{100, 300},
		reps:           map[int]int{100: 2, 300: 2},
		bulk:           map[spelling][]int{file: {1000, 10000, 20000}, literal: {1000, 10000, 20000}, chunks: {20000}},
		bulkReps:       map[int]int{1000: 3, 10000: 2, 20000: 2},
		chunk:          chunkSize,
		perLockLatency: []int{100},
		bulkLatency:    []int{1000},
		bulkRateLimit:  []int{1000},
		timeout:        10 * time.Minute,
	},
	// full adds N=1000 for (a), (b) and (c), (d) up to 100,000 in the
	// file and chunked spellings (the literal list up to 50,000: it is
	// quadratic in Terraform), and (d) at 10,000 with latency and against
	// the rate limit.
	"full": {
		name:    "full",
		perLock: []int{100, 300, 1000},
		reps:    map[int]int{100: 2, 300: 3, 1000: 1},
		bulk: map[spelling][]int{
			file:    {1000, 2000, 10000, 20000, 50000, 100000},
			literal: {1000, 10000, 20000, 50000},
			chunks:  {20000, 50000, 100000},
		},
		bulkReps:       map[int]int{1000: 3, 2000: 3, 10000: 3, 20000: 2, 50000: 2, 100000: 2},
		chunk:          chunkSize,
		perLockLatency: []int{300},
		bulkLatency:    []int{1000, 10000},
		bulkRateLimit:  []int{1000, 10000},
		cases:          fullCases(),
		timeout:        10 * time.Minute,
	},
	// access is the cases of issues 20 and 21 at the sizes their targets
	// name, each once against its floor: 16 minutes on 2 busy cores, too
	// long for the default run.
	"access": {
		name:    "access",
		cases:   fullCases(),
		timeout: 10 * time.Minute,
	},
}

// fullCases are the sizes the targets of the cases name.
func fullCases() map[approach][]int {
	out := map[approach][]int{}
	for _, c := range whoCases {
		out[c.approach] = []int{c.fullN}
	}
	return out
}

// jobs lists a preset's measurements in the order they run. (a), (b), (c)
// and (e) of one size alternate, so that a change in background load
// affects all of them alike.
func (p preset) jobs(only map[string]bool) []job {
	var out []job
	add := func(j job) {
		if len(only) == 0 || only[j.Scenario.Name] {
			out = append(out, j)
		}
	}
	for _, n := range p.perLock {
		for rep := 1; rep <= max(1, p.reps[n]); rep++ {
			for _, a := range []approach{floor, forEach, curl, restapi} {
				if len(p.perLockApproaches) > 0 && !slices.Contains(p.perLockApproaches, a) {
					continue
				}
				add(job{Scenario: noLatency, Approach: a, N: n, Rep: rep})
			}
		}
	}
	// The cases, each size's floor and resource alternating.
	for _, c := range whoCases {
		for _, n := range p.cases[c.approach] {
			for rep := 1; rep <= max(1, p.caseReps); rep++ {
				add(job{Scenario: noLatency, Approach: c.floor, N: n, Rep: rep})
				add(job{Scenario: noLatency, Approach: c.approach, N: n, Rep: rep})
			}
		}
	}
	// (d): sizes ascending, the spellings of one size alternating.
	var sizes []int
	for _, ns := range p.bulk {
		sizes = append(sizes, ns...)
	}
	slices.Sort(sizes)
	for _, n := range slices.Compact(sizes) {
		for rep := 1; rep <= max(1, p.bulkReps[n]); rep++ {
			for _, sp := range []spelling{file, literal, chunks} {
				if slices.Contains(p.bulk[sp], n) {
					add(p.bulkJob(noLatency, n, sp, rep))
				}
			}
		}
	}
	for _, n := range p.perLockLatency {
		add(job{Scenario: latency50, Approach: forEach, N: n, Rep: 1, Info: true})
	}
	for _, n := range p.bulkLatency {
		add(p.bulkJob(latency50, n, file, 1))
		// The variants for information only run up to 1000 locks, where
		// they take seconds rather than minutes.
		if n <= 1000 {
			j := p.bulkJob(latency50, n, file, 1)
			j.Concurrency, j.Info = 32, true
			add(j)
		}
	}
	for _, n := range p.bulkRateLimit {
		j := p.bulkJob(rateLimit, n, file, 1)
		j.ProviderRPS = 100
		add(j)
		if n <= 1000 {
			j := p.bulkJob(rateLimit, n, file, 1)
			j.Info = true
			add(j)
		}
	}
	return out
}

func (p preset) bulkJob(sc scenario, n int, sp spelling, rep int) job {
	j := job{Scenario: sc, Approach: bulk, N: n, Spelling: sp, Rep: rep}
	if sp == chunks {
		j.Chunk = max(1, p.chunk)
	}
	return j
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
