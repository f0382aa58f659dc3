package main

import "fmt"

// Target outcomes.
const (
	pass   = "PASS"
	miss   = "MISS"
	notRun = "not run"
	// incomplete is a target whose measurement was stopped half-way.
	incomplete = "incomplete"
	// info marks a figure that no target is about, shown with what it
	// would have scored.
	infoPass = "info: pass"
	infoMiss = "info: miss"
)

// target is one of the targets, with the figure that decides it.
type target struct {
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Status   string `json:"status"`
}

func verdict(ok, info bool) string {
	switch {
	case ok && info:
		return infoPass
	case info:
		return infoMiss
	case ok:
		return pass
	default:
		return miss
	}
}

// Limits from the issue.
const (
	perLockFactor    = 1.05
	bulkSpeedup      = 20.0
	bulk10kSeconds   = 15.0
	latencyFactor    = 1.2
	rateLimitFactor  = 1.25
	connectionsExtra = 2
	rssLimit         = 64 << 20
)

func (res *results) targets() []target {
	var out []target
	add := func(t, measured, status string) {
		out = append(out, target{Target: t, Measured: measured, Status: status})
	}
	sc := noLatency.Name

	// Per-lock resource against the floor and against curl.
	for _, n := range []int{300, 1000} {
		for _, ph := range []string{phaseApply, phaseReplan} {
			name := fmt.Sprintf("(a) %s within %.2f× of the floor (b), N=%d", ph, perLockFactor, n)
			a, b := res.find(sc, forEach, "C=8", n, ph), res.find(sc, floor, "-", n, ph)
			if a == nil || b == nil {
				add(name, "", notRun)
				continue
			}
			q := a.Seconds / b.Seconds
			add(name, fmt.Sprintf("%.3f× (%.2f s vs %.2f s)", q, a.Seconds, b.Seconds), verdict(q <= perLockFactor && !a.Failed, false))
		}
		for _, ph := range []string{phaseApply, phaseReplan} {
			name := fmt.Sprintf("(a) %s faster than curl (c), N=%d", ph, n)
			a, c := res.find(sc, forEach, "C=8", n, ph), res.find(sc, curl, "-", n, ph)
			if a == nil || c == nil {
				add(name, "", notRun)
				continue
			}
			// curl's re-plan makes no HTTP call at all, so it is not the
			// same work: shown, but not a target.
			info := ph == phaseReplan
			q := a.Seconds / c.Seconds
			add(name, fmt.Sprintf("%.3f× (%.2f s vs %.2f s)", q, a.Seconds, c.Seconds), verdict(q < 1 && !a.Failed, info))
		}
	}

	// Bulk against for_each.
	for _, n := range []int{300, 1000} {
		name := fmt.Sprintf("(d) apply ≥ %.0f× faster than (a), N=%d", bulkSpeedup, n)
		a, d := res.find(sc, forEach, "C=8", n, phaseApply), res.find(sc, bulk, "C=8", n, phaseApply)
		if a == nil || d == nil {
			if n == 1000 {
				add(name, "", notRun)
			}
			continue
		}
		q := a.Seconds / d.Seconds
		add(name, fmt.Sprintf("%.1f× (%.2f s vs %.2f s)", q, d.Seconds, a.Seconds), verdict(q >= bulkSpeedup && !d.Failed, n != 1000))
	}
	for _, ph := range []string{phaseApply, phaseReplan} {
		name := fmt.Sprintf("(d) %s N=10000 under %.0f s, no latency", ph, bulk10kSeconds)
		d := res.find(sc, bulk, "C=8", 10000, ph)
		if d == nil {
			why := ""
			if a := res.find(sc, bulk, "C=8", 10000, phaseApply); a != nil && a.TimedOut {
				why = "the apply was stopped"
			}
			add(name, why, notRun)
			continue
		}
		add(name, seconds(d), verdict(d.Seconds < bulk10kSeconds && !d.Failed, false))
	}

	// Bulk with latency and against a rate limit.
	for _, r := range res.Rows {
		if r.Approach != bulk || r.Phase == phaseDestroy {
			continue
		}
		switch r.Scenario {
		case latency50.Name:
			perRequest := latency50.Latency.Seconds()
			limit := latencyFactor*float64(r.N)*perRequest/float64(r.Concurrency) + 1
			name := fmt.Sprintf("(d) %s N=%d, 50 ms latency, C=%d: ≤ %.1f×N·50ms/C + 1 s = %.2f s", r.Phase, r.N, r.Concurrency, latencyFactor, limit)
			add(name, seconds(&r), verdict(r.Seconds <= limit && !r.Failed, r.Info))
		case rateLimit.Name:
			limit := rateLimitFactor * float64(r.N) / rateLimit.MockRPS
			failed := "n/a"
			if r.FailedLocks != nil {
				failed = fmt.Sprint(*r.FailedLocks)
			}
			name := fmt.Sprintf("(d) %s N=%d, 100 req/s limit, %s: no failed lock, ≤ %.2f×N/100 s = %.1f s", r.Phase, r.N, r.Variant, rateLimitFactor, limit)
			add(name, fmt.Sprintf("%s, %s failed locks, %d answered 429", seconds(&r), failed, r.RateLimited), verdict(r.Seconds <= limit && !r.Failed, r.Info))
		}
	}

	// Connections and memory, over every provider command of every rep.
	var worst string
	var worstOver int64 = -1 << 62
	providerRuns := 0
	for _, m := range res.Measurements {
		if !m.Approach.usesProvider() {
			continue
		}
		for _, ph := range phases {
			p := m.Phases[ph]
			if p == nil {
				continue
			}
			providerRuns++
			allowed := int64(m.Concurrency + connectionsExtra)
			if over := p.Connections - allowed; over > worstOver {
				worstOver = over
				worst = fmt.Sprintf("worst %d of %d allowed (%s %s %s N=%d %s)", p.Connections, allowed, m.Scenario, m.Approach, m.Variant, m.N, ph)
			}
		}
	}
	if providerRuns == 0 {
		add("TCP connections ≤ max_concurrency + 2, every provider command", "", notRun)
	} else {
		add(fmt.Sprintf("TCP connections ≤ max_concurrency + 2, every provider command (%d)", providerRuns), worst, verdict(worstOver <= 0, false))
	}
	var peak int64
	var where string
	complete := true
	for _, r := range res.Rows {
		if r.Approach == bulk && r.N == 10000 {
			complete = complete && !r.TimedOut
			if r.ProviderPeakRSS > peak {
				peak, where = r.ProviderPeakRSS, fmt.Sprintf(" (%s %s %s)", r.Scenario, r.Variant, r.Phase)
			}
		}
	}
	switch {
	case peak == 0:
		add("provider peak RSS ≤ 64 MiB at N=10000", "", notRun)
	case !complete:
		// A command stopped half-way says nothing about its peak.
		add("provider peak RSS ≤ 64 MiB at N=10000", mib(peak)+where+" until a command was stopped", incomplete)
	default:
		add("provider peak RSS ≤ 64 MiB at N=10000", mib(peak)+where, verdict(peak <= rssLimit, false))
	}
	return out
}

// seconds is a row's time, or a lower bound when it was stopped.
func seconds(r *row) string {
	if r.TimedOut {
		return fmt.Sprintf("> %.0f s (stopped)", r.Seconds)
	}
	return fmt.Sprintf("%.2f s", r.Seconds)
}
