package main

import (
	"fmt"
	"slices"
)

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

// target is one of the targets of the README's Performance section, with
// the figure that decides it.
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

// Limits, as the README's Performance section (../README.md#performance)
// states them.
const (
	perLockFactor    = 1.05
	bulkSpeedup      = 100.0
	bulk10kSeconds   = 15.0
	bulk100kSeconds  = 60.0
	doublingFactor   = 2.2
	latencyFactor    = 1.2
	rateLimitFactor  = 1.25
	connectionsExtra = 2
	rssLimit         = 64 << 20
	rss100kLimit     = 256 << 20
	forEachRSSLimit  = 64 << 20
)

// documented is the spelling of (d) that the README recommends up to
// splitAbove locks: the targets on (d)'s time are about it; the other
// spellings are shown for information, except where a target names them.
const documented = file

// splitAbove is the fleet size above which the README recommends the
// chunked spelling (for_each over files of chunkSize ids); the targets at
// larger sizes are about that spelling.
const splitAbove = 20000

// documentedFor is the spelling the README recommends for n locks.
func documentedFor(n int) spelling {
	if n > splitAbove {
		return chunks
	}
	return documented
}

// bulkVariant is the provider column of (d) without latency.
func bulkVariant(sp spelling) string {
	return job{Scenario: noLatency, Approach: bulk, Spelling: sp, Chunk: chunkSize}.variant()
}

// bulkVariants are (d)'s variants without latency in the results, the
// documented spelling first.
func (res *results) bulkVariants() []string {
	out := []string{bulkVariant(documented)}
	for _, r := range res.Rows {
		if r.Scenario == noLatency.Name && r.Approach == bulk && !slices.Contains(out, r.Variant) {
			out = append(out, r.Variant)
		}
	}
	return out
}

func (res *results) targets() []target {
	// A run of the cases alone (-preset access) is about them: the lock
	// assignment targets would all be "not run".
	if !slices.ContainsFunc(res.Rows, func(r row) bool { return !r.Approach.isCase() }) {
		return append([]target{res.connectionsTarget()}, res.caseTargets()...)
	}
	var out []target
	add := func(t, measured, status string) {
		out = append(out, target{Target: t, Measured: measured, Status: status})
	}
	sc := noLatency.Name
	doc := bulkVariant(documented)

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

	// Bulk against for_each, medians.
	for _, n := range []int{300, 1000} {
		name := fmt.Sprintf("(d) %s apply ≥ %.0f× faster than (a), N=%d, medians", documented, bulkSpeedup, n)
		a, d := res.find(sc, forEach, "C=8", n, phaseApply), res.find(sc, bulk, doc, n, phaseApply)
		if a == nil || d == nil {
			if n == 1000 {
				add(name, "", notRun)
			}
			continue
		}
		q := a.Median / d.Median
		add(name, fmt.Sprintf("%.1f× (%.2f s vs %.2f s)", q, d.Median, a.Median), verdict(q >= bulkSpeedup && !d.Failed, n != 1000))
	}
	out = append(out, res.restapiTargets()...)

	// Bulk time: what a user waits for is the median of the repetitions.
	for _, v := range res.bulkVariants() {
		for _, lim := range []struct {
			n       int
			seconds float64
		}{{10000, bulk10kSeconds}, {100000, bulk100kSeconds}} {
			for _, ph := range []string{phaseApply, phaseReplan} {
				name := fmt.Sprintf("(d) %s %s N=%d under %.0f s, no latency, median", v, ph, lim.n, lim.seconds)
				target := v == bulkVariant(documentedFor(lim.n))
				d := res.find(sc, bulk, v, lim.n, ph)
				if d == nil {
					if target {
						add(name, stoppedBefore(res, v, lim.n), notRun)
					}
					continue
				}
				add(name, medianOf(d), verdict(d.Median < lim.seconds && !d.Failed && !d.TimedOut, !target))
			}
		}
		// Linear: twice the locks, at most 2.2 times the time.
		for _, ph := range []string{phaseApply, phaseReplan} {
			name := fmt.Sprintf("(d) %s %s N=20000 ≤ %.1f× N=10000, medians", v, ph, doublingFactor)
			a, b := res.find(sc, bulk, v, 10000, ph), res.find(sc, bulk, v, 20000, ph)
			if a == nil || b == nil {
				if v == doc || v == bulkVariant(literal) {
					add(name, "", notRun)
				}
				continue
			}
			q := b.Median / a.Median
			info := v != doc && v != bulkVariant(literal)
			add(name, fmt.Sprintf("%.2f× (%.2f s vs %.2f s)", q, b.Median, a.Median), verdict(q <= doublingFactor && !a.TimedOut && !b.TimedOut, info))
		}
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

	out = append(out, res.connectionsTarget())
	rss := func(name string, limit int64, info bool, match func(r row) bool) {
		var peak int64
		var where string
		complete, found := true, false
		for _, r := range res.Rows {
			if !match(r) {
				continue
			}
			found = true
			complete = complete && !r.TimedOut
			if r.ProviderPeakRSS > peak {
				peak, where = r.ProviderPeakRSS, fmt.Sprintf(" (%s %s %s)", r.Scenario, r.Variant, r.Phase)
			}
		}
		switch {
		case (!found || peak == 0) && info:
		case !found || peak == 0:
			add(name, "", notRun)
		case !complete && peak > limit:
			// Over the limit before it was stopped: more would not help.
			add(name, mib(peak)+where+" already, before a command was stopped", verdict(false, info))
		case !complete:
			// A command stopped half-way says nothing about its peak.
			add(name, mib(peak)+where+" until a command was stopped", incomplete)
		default:
			add(name, mib(peak)+where, verdict(peak <= limit, info))
		}
	}
	rss("provider peak RSS ≤ 64 MiB at N=10000, (d) in every scenario and spelling", rssLimit, false, func(r row) bool { return r.Approach == bulk && r.N == 10000 })
	for _, v := range res.bulkVariants() {
		target := v == bulkVariant(documentedFor(100000))
		rss(fmt.Sprintf("provider peak RSS ≤ 256 MiB at N=100000, (d) %s", v), rss100kLimit, !target, func(r row) bool {
			return r.Approach == bulk && r.N == 100000 && r.Variant == v
		})
	}
	rss("provider peak RSS ≤ 64 MiB, (a) for_each over 1000 spkey_lock_organization", forEachRSSLimit, false, func(r row) bool {
		return r.Approach == forEach && r.N == 1000 && r.Scenario == noLatency.Name
	})
	return append(out, res.caseTargets()...)
}

// connectionsTarget is the most TCP connections of any provider command
// of any repetition against max_concurrency + 2.
func (res *results) connectionsTarget() target {
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
		return target{Target: "TCP connections ≤ max_concurrency + 2, every provider command", Status: notRun}
	}
	return target{Target: fmt.Sprintf("TCP connections ≤ max_concurrency + 2, every provider command (%d)", providerRuns), Measured: worst, Status: verdict(worstOver <= 0, false)}
}

// restapiTargets compares (e), restapi_object with for_each, with (a) of
// the same run and size: time, requests, connections, and whether each
// sees drift. Information: it is what teams used before spkey, not a
// limit the provider has to meet; N=1000 is in the full run.
func (res *results) restapiTargets() []target {
	var out []target
	sc := noLatency.Name
	var sizes []int
	for _, r := range res.Rows {
		if r.Scenario == sc && r.Approach == restapi && r.Phase == phaseApply {
			sizes = append(sizes, r.N)
		}
	}
	if len(sizes) == 0 {
		why := res.RestapiNotRun
		if why == "" {
			why = "no (e) in this run"
		}
		return []target{{Target: "(e) restapi_object (generic REST provider) against (a), same run", Measured: why, Status: notRun}}
	}
	for _, n := range sizes {
		for _, ph := range []string{phaseApply, phaseReplan} {
			a, e := res.find(sc, forEach, "C=8", n, ph), res.find(sc, restapi, "-", n, ph)
			if a == nil || e == nil {
				continue
			}
			q := a.Seconds / e.Seconds
			out = append(out, target{
				Target: fmt.Sprintf("(a) %s within %.2f× of (e) restapi_object, N=%d", ph, perLockFactor, n),
				Measured: fmt.Sprintf("%.3f× (%.2f s vs %.2f s); requests %d vs %d, connections %d vs %d",
					q, a.Seconds, e.Seconds, a.Requests, e.Requests, a.Connections, e.Connections),
				Status: verdict(q <= perLockFactor && !a.Failed, true),
			})
		}
		a, e := res.find(sc, forEach, "C=8", n, phaseDrift), res.find(sc, restapi, "-", n, phaseDrift)
		if a == nil || e == nil || a.SeesDrift == nil || e.SeesDrift == nil {
			continue
		}
		out = append(out, target{
			Target:   fmt.Sprintf("(a) sees a lock moved outside Terraform; (e) restapi_object, N=%d", n),
			Measured: fmt.Sprintf("(a) %s, (e) %s", yesNo(*a.SeesDrift), yesNo(*e.SeesDrift)),
			Status:   verdict(*a.SeesDrift, true),
		})
	}
	return out
}

// medianOf is a row's median time with its best and number of
// repetitions, or a lower bound when a repetition was stopped.
func medianOf(r *row) string {
	if r.TimedOut {
		return fmt.Sprintf("> %.0f s (stopped)", r.Seconds)
	}
	return fmt.Sprintf("%.2f s (best %.2f s, %d reps)", r.Median, r.Seconds, len(r.Samples))
}

// stoppedBefore explains a missing row of (d): an earlier phase was
// stopped.
func stoppedBefore(res *results, variant string, n int) string {
	if a := res.find(noLatency.Name, bulk, variant, n, phaseApply); a != nil && a.TimedOut {
		return "the apply was stopped"
	}
	return ""
}

// seconds is a row's time, or a lower bound when it was stopped.
func seconds(r *row) string {
	if r.TimedOut {
		return fmt.Sprintf("> %.0f s (stopped)", r.Seconds)
	}
	return fmt.Sprintf("%.2f s", r.Seconds)
}
