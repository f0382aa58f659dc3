package main

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits of the cases, as issues 20 and 21 state them.
const (
	// caseFactor: apply and re-plan within this factor of the floor.
	caseFactor = 1.2
	// caseRSSLimit is the provider's peak in every command of a case.
	caseRSSLimit = 128 << 20
)

// caseTargets scores the cases (f), (g) and (h) of every size in the run.
// At the size a target names (whoCase.fullN) time and memory are
// targets; at others, information. The request counts are exact
// behaviours and hold at every size, in every repetition.
func (res *results) caseTargets() []target {
	var out []target
	add := func(t, measured, status string) {
		out = append(out, target{Target: t, Measured: measured, Status: status})
	}
	sc := noLatency.Name
	for _, c := range whoCases {
		for _, r := range res.Rows {
			if r.Scenario != sc || r.Approach != c.approach || r.Phase != phaseApply {
				continue
			}
			n, info := r.N, r.N != c.fullN
			short := fmt.Sprintf("%s %s, N=%d %s", strings.Fields(c.approach.label())[0], c.resource, n, c.instance)
			for _, ph := range []string{phaseApply, phaseReplan} {
				name := fmt.Sprintf("%s: %s within %.1f× of its floor", short, ph, caseFactor)
				a, b := res.find(sc, c.approach, r.Variant, n, ph), res.find(sc, c.floor, "-", n, ph)
				if a == nil || b == nil {
					add(name, "", notRun)
					continue
				}
				q := a.Seconds / b.Seconds
				add(name, fmt.Sprintf("%.3f× (%.2f s vs %.2f s)", q, a.Seconds, b.Seconds), verdict(q <= caseFactor && !a.Failed, info))
			}
			name, measured, ok := c.replanTarget(res.phasesOf(c.approach, r.Variant, n, phaseReplan), n)
			add(short+": "+name, measured, verdict(ok, false))
			concurrency := r.Concurrency
			name, measured, ok = c.applyTarget(res.phasesOf(c.approach, r.Variant, n, phaseApply), n, concurrency)
			add(short+": "+name, measured, verdict(ok, false))

			var peak int64
			where := ""
			for _, ph := range phases {
				if p := res.find(sc, c.approach, r.Variant, n, ph); p != nil && p.ProviderPeakRSS > peak {
					peak, where = p.ProviderPeakRSS, ph
				}
			}
			name = fmt.Sprintf("%s: provider peak RSS ≤ %d MiB, every command", short, caseRSSLimit>>20)
			if peak == 0 {
				add(name, "", notRun)
				continue
			}
			add(name, fmt.Sprintf("%s (%s)", mib(peak), where), verdict(peak <= caseRSSLimit, info))
		}
	}
	return out
}

// phasesOf returns one phase of every repetition of a case.
func (res *results) phasesOf(a approach, variant string, n int, ph string) []*phase {
	var out []*phase
	for _, m := range res.Measurements {
		if m.Scenario == noLatency.Name && m.Approach == a && m.Variant == variant && m.N == n && m.Phases[ph] != nil {
			out = append(out, m.Phases[ph])
		}
	}
	return out
}

// replanTarget is what the re-plan of n instances may send: exactly one
// read per instance, or a handful of reads of the one lock; nothing else.
// Every repetition must hold it.
func (c whoCase) replanTarget(ps []*phase, n int) (name, measured string, ok bool) {
	name = fmt.Sprintf("re-plan sends at most %d GET %s and nothing else", handful, c.read)
	if c.readsExact {
		name = fmt.Sprintf("re-plan sends exactly %d GET %s (one per user) and nothing else", n, c.read)
	}
	if len(ps) == 0 {
		return name, "not run", false
	}
	ok = true
	var seen []string
	for _, p := range ps {
		reads := p.ByOp[c.read]
		good := int64(reads) == p.Requests && (c.readsExact && reads == n || !c.readsExact && reads >= 1 && reads <= handful)
		ok = ok && good && p.ok(phaseReplan)
		seen = append(seen, fmt.Sprintf("%d %s of %d requests", reads, c.read, p.Requests))
	}
	return name, strings.Join(seen, "; "), ok
}

// applyTarget is what the apply of n instances must send: exactly
// addsPer·n adds, every other request a read of the kind a refresh
// sends (reported), every answer a success; for keys, never more than
// max_concurrency requests at once. Every repetition must hold it.
func (c whoCase) applyTarget(ps []*phase, n, concurrency int) (name, measured string, ok bool) {
	want := c.addsPer * n
	name = fmt.Sprintf("apply sends exactly %d %s, and reads only GET %s (counted)", want, c.add, c.read)
	if c.boundsConcurrency {
		name = fmt.Sprintf("apply sends exactly %d %s, at most max_concurrency (%d) at once", want, c.add, concurrency)
	}
	if len(ps) == 0 {
		return name, "not run", false
	}
	ok = true
	var seen []string
	for _, p := range ps {
		adds, reads := p.ByOp[c.add], p.ByOp[c.read]
		good := adds == want && int64(adds+reads) == p.Requests && p.ok(phaseApply) && onlySuccesses(p.ByStatus)
		s := fmt.Sprintf("%d %s + %d GET %s of %d requests", adds, c.add, reads, c.read, p.Requests)
		if c.boundsConcurrency {
			good = good && p.MaxInFlight <= int64(concurrency)
			s += fmt.Sprintf(", at most %d at once", p.MaxInFlight)
		}
		if !onlySuccesses(p.ByStatus) {
			s += fmt.Sprintf(", answers %v", p.ByStatus)
		}
		ok = ok && good
		seen = append(seen, s)
	}
	return name, strings.Join(seen, "; "), ok
}

// onlySuccesses reports whether every answer of a command was a 2xx.
func onlySuccesses(byStatus map[string]int) bool {
	for status, count := range byStatus {
		if code, err := strconv.Atoi(status); count > 0 && (err != nil || code/100 != 2) {
			return false
		}
	}
	return true
}
