package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

const (
	phaseApply  = "apply"
	phaseReplan = "re-plan"
	// phaseDrift is a plan after one lock was moved to another
	// organization behind Terraform's back (see job.checksDrift).
	phaseDrift   = "drift"
	phaseDestroy = "destroy"
)

var phases = []string{phaseApply, phaseReplan, phaseDrift, phaseDestroy}

// phase is one timed Terraform command and what the mock and /proc saw
// during it.
type phase struct {
	Seconds     float64        `json:"seconds"`
	ExitCode    int            `json:"exit_code"`
	Requests    int64          `json:"requests"`
	Connections int64          `json:"connections"`
	RateLimited int64          `json:"rate_limited"`
	ByStatus    map[string]int `json:"by_status,omitempty"`
	// ByOp counts the requests by operation; MaxInFlight is the most the
	// mock served at once.
	ByOp        map[string]int `json:"by_op,omitempty"`
	MaxInFlight int64          `json:"max_in_flight,omitempty"`
	// MockCPUSeconds is the CPU time spkey-mock spent during the command:
	// what the requests cost the server.
	MockCPUSeconds    float64 `json:"mock_cpu_seconds,omitempty"`
	ProviderPeakRSS   int64   `json:"provider_peak_rss_bytes"`
	ProviderProcesses int     `json:"provider_processes"`
	TerraformPeakRSS  int64   `json:"terraform_peak_rss_bytes"`
	// CPUSeconds is Terraform's CPU time with its children's (providers,
	// local-exec); ProviderCPUSeconds the providers' part of it. Unlike
	// wall time, CPU time hardly depends on other work on the machine.
	CPUSeconds         float64 `json:"cpu_seconds"`
	ProviderCPUSeconds float64 `json:"provider_cpu_seconds"`
	TimedOut           bool    `json:"timed_out,omitempty"`
}

// ok reports whether the command did what it should: exit 0 (for the
// re-plan, 0 also means "No changes"). For the drift plan, 2 (changes) is
// an answer too: whether the approach sees the drift is what it measures.
func (p *phase) ok(name string) bool {
	return p != nil && !p.TimedOut && (p.ExitCode == 0 || name == phaseDrift && p.ExitCode == 2)
}

// measurement is one job's three commands.
type measurement struct {
	Scenario    string            `json:"scenario"`
	Approach    approach          `json:"approach"`
	Label       string            `json:"label"`
	Variant     string            `json:"variant"`
	N           int               `json:"locks"`
	Rep         int               `json:"rep"`
	Concurrency int               `json:"max_concurrency,omitempty"`
	ProviderRPS float64           `json:"max_requests_per_second,omitempty"`
	Info        bool              `json:"information_only,omitempty"`
	Org         string            `json:"org_id"`
	LoadStart   string            `json:"load_average_at_start"`
	Phases      map[string]*phase `json:"phases"`
	// FailedLocks counts locks 1..N not in the organization after apply;
	// nil for the floor, which calls no API.
	FailedLocks *int `json:"failed_locks,omitempty"`
	// SeesDrift is whether the drift plan showed the change; nil when the
	// job has no drift check.
	SeesDrift *bool  `json:"sees_drift,omitempty"`
	Error     string `json:"error,omitempty"`
}

func newMeasurement(j job, org string) measurement {
	m := measurement{
		Scenario: j.Scenario.Name, Approach: j.Approach, Label: j.Approach.label(), Variant: j.variant(),
		N: j.N, Rep: j.Rep, Info: j.Info, Org: org, LoadStart: loadAverage(), Phases: map[string]*phase{},
	}
	if j.Approach.usesProvider() {
		m.Concurrency, m.ProviderRPS = j.concurrency(), j.ProviderRPS
	}
	return m
}

func (m *measurement) set(name string, p *phase) { m.Phases[name] = p }

// summary is one progress line.
func (m *measurement) summary() string {
	var parts []string
	for _, name := range phases {
		p := m.Phases[name]
		if p == nil {
			continue
		}
		s := fmt.Sprintf("%s %.2fs %dreq %dconn", name, p.Seconds, p.Requests, p.Connections)
		if p.ProviderPeakRSS > 0 {
			s += " " + mib(p.ProviderPeakRSS)
		}
		switch {
		case p.TimedOut:
			s += " TIMED OUT"
		case !p.ok(name):
			s += fmt.Sprintf(" EXIT %d", p.ExitCode)
		}
		parts = append(parts, s)
	}
	if m.FailedLocks != nil && *m.FailedLocks > 0 {
		parts = append(parts, fmt.Sprintf("FAILED LOCKS %d", *m.FailedLocks))
	}
	if m.SeesDrift != nil {
		parts = append(parts, "sees drift: "+yesNo(*m.SeesDrift))
	}
	if m.Error != "" {
		parts = append(parts, "ERROR "+m.Error)
	}
	return strings.Join(parts, "; ")
}

// results is everything a run writes to <name>.json.
type results struct {
	Run     string  `json:"run"`
	Machine machine `json:"machine"`
	// RestapiNotRun says why (e) was not run, when it was asked for.
	RestapiNotRun string        `json:"restapi_not_run,omitempty"`
	Settings      settings      `json:"settings"`
	Seconds       float64       `json:"total_seconds"`
	Rows          []row         `json:"summary"`
	Ratios        []ratio       `json:"ratios"`
	Targets       []target      `json:"targets"`
	Measurements  []measurement `json:"measurements"`
}

// row is one approach, size and phase over its repetitions: the best time
// and that repetition's counts.
type row struct {
	Scenario string   `json:"scenario"`
	Approach approach `json:"approach"`
	Variant  string   `json:"variant"`
	N        int      `json:"locks"`
	Phase    string   `json:"phase"`
	Info     bool     `json:"information_only,omitempty"`
	Seconds  float64  `json:"seconds"`
	Median   float64  `json:"median_seconds"`
	// PerThousand is the median per 1,000 locks: flat when the cost is
	// linear in N, rising when it is not.
	PerThousand     float64   `json:"median_seconds_per_1000_locks"`
	Samples         []float64 `json:"samples_seconds"`
	Requests        int64     `json:"requests"`
	Connections     int64     `json:"connections"`
	RateLimited     int64     `json:"rate_limited"`
	ProviderPeakRSS int64     `json:"provider_peak_rss_bytes"`
	CPUSeconds      float64   `json:"cpu_seconds"`
	ProviderCPU     float64   `json:"provider_cpu_seconds"`
	MaxConnections  int64     `json:"max_connections"`
	// ByOp and MockCPU are the best repetition's; MaxInFlight is the
	// largest of any repetition.
	ByOp        map[string]int `json:"by_op,omitempty"`
	MaxInFlight int64          `json:"max_in_flight,omitempty"`
	MockCPU     float64        `json:"mock_cpu_seconds,omitempty"`
	Concurrency int            `json:"max_concurrency,omitempty"`
	FailedLocks *int           `json:"failed_locks,omitempty"`
	// SeesDrift, on the drift phase's row: whether every repetition's plan
	// showed the change.
	SeesDrift *bool  `json:"sees_drift,omitempty"`
	Failed    bool   `json:"failed,omitempty"`
	TimedOut  bool   `json:"timed_out,omitempty"`
	Note      string `json:"note,omitempty"`
}

func (r row) key() string { return rowKey(r.Scenario, r.Approach, r.Variant, r.N) }

func rowKey(sc string, a approach, variant string, n int) string {
	return fmt.Sprintf("%s|%s|%s|%d", sc, a, variant, n)
}

// summarize fills Rows, Ratios and Targets from Measurements.
func (res *results) summarize() {
	groups := map[string][]measurement{}
	var order []string
	for _, m := range res.Measurements {
		k := rowKey(m.Scenario, m.Approach, m.Variant, m.N)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m)
	}
	res.Rows = nil
	for _, k := range order {
		ms := groups[k]
		for _, name := range phases {
			if r, ok := summarizePhase(ms, name); ok {
				res.Rows = append(res.Rows, r)
			}
		}
	}
	res.Ratios = res.ratios()
	res.Targets = res.targets()
}

func summarizePhase(ms []measurement, name string) (row, bool) {
	first := ms[0]
	r := row{Scenario: first.Scenario, Approach: first.Approach, Variant: first.Variant, N: first.N, Phase: name, Info: first.Info, Concurrency: first.Concurrency}
	var best *phase
	for _, m := range ms {
		p := m.Phases[name]
		if m.Error != "" || m.FailedLocks != nil && *m.FailedLocks > 0 {
			r.Failed = true
		}
		if m.FailedLocks != nil && (r.FailedLocks == nil || *m.FailedLocks > *r.FailedLocks) {
			r.FailedLocks = m.FailedLocks
		}
		if p == nil {
			continue
		}
		if !p.ok(name) {
			r.Failed = true
		}
		if name == phaseDrift && m.SeesDrift != nil {
			sees := *m.SeesDrift && (r.SeesDrift == nil || *r.SeesDrift)
			r.SeesDrift = &sees
		}
		r.TimedOut = r.TimedOut || p.TimedOut
		r.Samples = append(r.Samples, p.Seconds)
		r.ProviderPeakRSS = max(r.ProviderPeakRSS, p.ProviderPeakRSS)
		r.MaxConnections = max(r.MaxConnections, p.Connections)
		r.MaxInFlight = max(r.MaxInFlight, p.MaxInFlight)
		if best == nil || p.Seconds < best.Seconds {
			best = p
		}
	}
	if best == nil {
		return r, false
	}
	r.Seconds, r.Median = best.Seconds, median(r.Samples)
	r.PerThousand = r.Median / float64(r.N) * 1000
	r.Requests, r.Connections, r.RateLimited = best.Requests, best.Connections, best.RateLimited
	r.CPUSeconds, r.ProviderCPU = best.CPUSeconds, best.ProviderCPUSeconds
	r.ByOp, r.MockCPU = best.ByOp, best.MockCPUSeconds
	r.Note = noteFor(r, ms, name)
	return r, true
}

// noteFor explains what a row's figures mean, and flags failures.
func noteFor(r row, ms []measurement, name string) string {
	var notes []string
	switch {
	case r.Approach.isFloor():
		notes = append(notes, "no API")
	case r.Approach == curl && (name == phaseReplan || name == phaseDrift):
		notes = append(notes, "no HTTP: nothing to refresh")
	case r.Approach == curl && name == phaseDestroy:
		notes = append(notes, "no HTTP")
	case r.Approach == restapi && name == phaseDestroy:
		notes = append(notes, "a DELETE per lock (restapi's default; the mock answers 404)")
	case r.Approach == access && name == phaseDestroy:
		notes = append(notes, "leaves the grants in place: refresh only")
	case r.Approach.callsAPI() && name == phaseDestroy:
		notes = append(notes, "refresh only; destroy calls no API")
	}
	if r.Approach.isCase() && !r.Approach.isFloor() {
		notes = append(notes, caseCounts(r))
	}
	if name == phaseDrift && r.SeesDrift != nil {
		if *r.SeesDrift {
			notes = append(notes, "sees the drift: the plan puts lock 1 back")
		} else {
			notes = append(notes, "does NOT see the drift: the plan is empty")
		}
	}
	if r.RateLimited > 0 {
		notes = append(notes, fmt.Sprintf("%d answered 429", r.RateLimited))
	}
	for _, m := range ms {
		p := m.Phases[name]
		switch {
		case p == nil && m.Error != "":
			notes = append(notes, fmt.Sprintf("rep %d: %s", m.Rep, m.Error))
		case p != nil && p.TimedOut:
			notes = append(notes, fmt.Sprintf("rep %d: TIMED OUT, stopped", m.Rep))
		case p != nil && name == phaseReplan && p.ExitCode == 2:
			notes = append(notes, fmt.Sprintf("rep %d: plan has CHANGES", m.Rep))
		case p != nil && !p.ok(name):
			notes = append(notes, fmt.Sprintf("rep %d: EXIT %d", m.Rep, p.ExitCode))
		}
	}
	if name == phaseApply && r.FailedLocks != nil && *r.FailedLocks > 0 {
		notes = append(notes, fmt.Sprintf("%d FAILED LOCKS", *r.FailedLocks))
	}
	return strings.Join(notes, "; ")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// find returns the row for a scenario, approach, variant, size and phase.
func (res *results) find(sc string, a approach, variant string, n int, ph string) *row {
	for i := range res.Rows {
		r := &res.Rows[i]
		if r.Scenario == sc && r.Approach == a && r.Variant == variant && r.N == n && r.Phase == ph {
			return r
		}
	}
	return nil
}

// ratio compares approaches of one size and phase, measured in the same
// run.
type ratio struct {
	Scenario string   `json:"scenario"`
	N        int      `json:"locks"`
	Phase    string   `json:"phase"`
	AOverB   *float64 `json:"for_each_over_floor,omitempty"`
	AOverC   *float64 `json:"for_each_over_curl,omitempty"`
	DOverA   *float64 `json:"bulk_over_for_each,omitempty"`
	EOverA   *float64 `json:"restapi_over_for_each,omitempty"`
	// Case and CaseOverFloor: a case, (f), (g) or (h), against its floor.
	Case          approach `json:"case,omitempty"`
	CaseOverFloor *float64 `json:"case_over_floor,omitempty"`
}

func (res *results) ratios() []ratio {
	var out []ratio
	div := func(x, y *row) *float64 {
		if x == nil || y == nil || y.Seconds == 0 {
			return nil
		}
		v := x.Seconds / y.Seconds
		return &v
	}
	for _, a := range res.Rows {
		if c, ok := caseOf(a.Approach); ok && c.approach == a.Approach {
			if q := div(&a, res.find(a.Scenario, c.floor, "-", a.N, a.Phase)); q != nil {
				out = append(out, ratio{Scenario: a.Scenario, N: a.N, Phase: a.Phase, Case: a.Approach, CaseOverFloor: q})
			}
			continue
		}
		if a.Approach != forEach {
			continue
		}
		r := ratio{Scenario: a.Scenario, N: a.N, Phase: a.Phase}
		r.AOverB = div(&a, res.find(a.Scenario, floor, "-", a.N, a.Phase))
		r.AOverC = div(&a, res.find(a.Scenario, curl, "-", a.N, a.Phase))
		r.DOverA = div(res.find(a.Scenario, bulk, a.Variant, a.N, a.Phase), &a)
		r.EOverA = div(res.find(a.Scenario, restapi, "-", a.N, a.Phase), &a)
		if r.AOverB != nil || r.AOverC != nil || r.DOverA != nil || r.EOverA != nil {
			out = append(out, r)
		}
	}
	return out
}

func (res *results) writeJSON(path string) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func mib(b int64) string {
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}
