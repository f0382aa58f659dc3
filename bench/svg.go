package main

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
)

// series is one line of the plot: an approach in one scenario with one
// provider setting.
type series struct {
	label  string
	dash   string
	color  string
	points map[string][]point // by phase, ordered by locks
}

// point is one size's best time; stopped marks a lower bound (the command
// hit the timeout).
type point struct {
	n, seconds float64
	stopped    bool
}

var palette = []string{"#d62728", "#7f7f7f", "#ff7f0e", "#1f77b4", "#9467bd", "#2ca02c", "#17becf", "#8c564b", "#e377c2", "#bcbd22"}

// dashes tell scenarios apart; colours tell series apart.
var dashes = map[string]string{noLatency.Name: "", latency50.Name: "7,4", rateLimit.Name: "2,3"}

var scenarioLabels = map[string]string{noLatency.Name: "no latency", latency50.Name: "50 ms latency", rateLimit.Name: "100 req/s limit"}

func (res *results) series() []*series {
	byKey := map[string]*series{}
	var out []*series
	// No-latency series first, in approach order, so that their colours
	// stay the same from run to run.
	rows := append([]row(nil), res.Rows...)
	rank := map[approach]int{forEach: 0, floor: 1, curl: 2, bulk: 3}
	scRank := map[string]int{noLatency.Name: 0, latency50.Name: 1, rateLimit.Name: 2}
	sort.SliceStable(rows, func(i, j int) bool {
		if scRank[rows[i].Scenario] != scRank[rows[j].Scenario] {
			return scRank[rows[i].Scenario] < scRank[rows[j].Scenario]
		}
		return rank[rows[i].Approach] < rank[rows[j].Approach]
	})
	for _, r := range rows {
		k := rowKey(r.Scenario, r.Approach, r.Variant, 0)
		s, ok := byKey[k]
		if !ok {
			label := r.Approach.label()
			if r.Approach.usesProvider() && (r.Scenario != noLatency.Name || r.Variant != "C=8") {
				label += ", " + r.Variant
			}
			label += ", " + scenarioLabels[r.Scenario]
			s = &series{label: label, dash: dashes[r.Scenario], color: palette[len(out)%len(palette)], points: map[string][]point{}}
			byKey[k] = s
			out = append(out, s)
		}
		s.points[r.Phase] = append(s.points[r.Phase], point{float64(r.N), r.Seconds, r.TimedOut})
	}
	for _, s := range out {
		for _, pts := range s.points {
			sort.Slice(pts, func(i, j int) bool { return pts[i].n < pts[j].n })
		}
	}
	return out
}

// plot draws wall time against the number of locks, log-log, one panel
// for apply and one for the re-plan, as a self-contained SVG.
func (res *results) plot() string {
	const (
		panelW, panelH = 500.0, 360.0
		left, top      = 70.0, 70.0
		gap            = 90.0
		lineH          = 18.0
	)
	all := res.series()
	plotted := []string{phaseApply, phaseReplan}
	xMin, xMax, yMin, yMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range all {
		for _, ph := range plotted {
			for _, p := range s.points[ph] {
				xMin, xMax = min(xMin, p.n), max(xMax, p.n)
				yMin, yMax = min(yMin, p.seconds), max(yMax, p.seconds)
			}
		}
	}
	if math.IsInf(xMin, 0) {
		xMin, xMax, yMin, yMax = 10, 100, 1, 10
	}
	x0, x1 := decadeBelow(xMin), decadeAbove(xMax)
	y0, y1 := decadeBelow(yMin), decadeAbove(yMax)
	if x1 <= x0 {
		x1 = x0 * 10
	}
	if y1 <= y0 {
		y1 = y0 * 10
	}
	width := left + 2*panelW + gap + 30
	legendTop := top + panelH + 55
	height := legendTop + lineH*float64(len(all)+1) + 20

	var b strings.Builder
	stopped := false
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	m := res.Machine
	fmt.Fprintf(&b, `<text x="%.0f" y="24" font-size="16" font-weight="bold">%s</text>`+"\n", left,
		esc(fmt.Sprintf("terraform-provider-spkey: wall time against number of locks (run %q)", res.Run)))
	fmt.Fprintf(&b, `<text x="%.0f" y="44" fill="#555">%s</text>`+"\n", left,
		esc(fmt.Sprintf("%s, %d cores, %s; Terraform %s; %s; load average %s → %s; log-log, best of reps",
			m.CPU, m.Cores, mib(m.MemoryBytes), m.Terraform, m.Date[:min(10, len(m.Date))], m.LoadStart, m.LoadEnd)))

	for i, ph := range plotted {
		px := left + float64(i)*(panelW+gap)
		sx := func(v float64) float64 {
			return px + panelW*(math.Log10(v)-math.Log10(x0))/(math.Log10(x1)-math.Log10(x0))
		}
		sy := func(v float64) float64 {
			return top + panelH - panelH*(math.Log10(v)-math.Log10(y0))/(math.Log10(y1)-math.Log10(y0))
		}
		title := "apply"
		if ph == phaseReplan {
			title = "re-plan (terraform plan -refresh=true)"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-weight="bold" text-anchor="middle">%s</text>`+"\n", px+panelW/2, top-10, esc(title))
		// Grid: decades with labels, 2 and 5 between them without.
		gridStroke := map[bool]string{true: "#ccc", false: "#eee"}
		for _, t := range logTicks(x0, x1) {
			if t.decade {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", sx(t.v), top+panelH+16, number(t.v))
			}
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", sx(t.v), top, sx(t.v), top+panelH, gridStroke[t.decade])
		}
		for _, t := range logTicks(y0, y1) {
			if t.decade {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", px-6, sy(t.v)+4, number(t.v))
			}
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", px, sy(t.v), px+panelW, sy(t.v), gridStroke[t.decade])
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#333"/>`+"\n", px, top, panelW, panelH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">locks (N)</text>`+"\n", px+panelW/2, top+panelH+34)
		fmt.Fprintf(&b, `<text transform="translate(%.1f %.1f) rotate(-90)" text-anchor="middle">seconds</text>`+"\n", px-48, top+panelH/2)
		for _, s := range all {
			pts := s.points[ph]
			if len(pts) == 0 {
				continue
			}
			var coords []string
			for _, p := range pts {
				coords = append(coords, fmt.Sprintf("%.1f,%.1f", sx(p.n), sy(p.seconds)))
			}
			if len(pts) > 1 {
				fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", strings.Join(coords, " "), s.color, s.dash)
			}
			for _, p := range pts {
				fill, what := s.color, fmt.Sprintf("%.2f s", p.seconds)
				if p.stopped {
					fill, what = "white", fmt.Sprintf("stopped after %.0f s", p.seconds)
					stopped = true
				}
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s" stroke="%s" stroke-width="1.5"><title>%s</title></circle>`+"\n",
					sx(p.n), sy(p.seconds), fill, s.color, esc(fmt.Sprintf("%s: N=%s, %s", s.label, number(p.n), what)))
			}
		}
	}
	if stopped {
		y := legendTop + lineH*float64(len(all))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="white" stroke="#333" stroke-width="1.5"/>`+"\n", left+18, y)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", left+46, y+4,
			esc("stopped at the timeout: the command takes longer than shown"))
	}
	for i, s := range all {
		y := legendTop + lineH*float64(i)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", left, y, left+36, y, s.color, s.dash)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`+"\n", left+18, y, s.color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", left+46, y+4, esc(s.label))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// tick is a grid line of a log axis.
type tick struct {
	v      float64
	decade bool
}

// logTicks returns 1, 2 and 5 times each power of ten from lo to hi, which
// are powers of ten themselves.
func logTicks(lo, hi float64) []tick {
	var out []tick
	for d := lo; d <= hi*1.0001; d *= 10 {
		for _, f := range []float64{1, 2, 5} {
			if d*f > hi*1.0001 {
				break
			}
			out = append(out, tick{d * f, f == 1})
		}
	}
	return out
}

func decadeBelow(v float64) float64 { return math.Pow(10, math.Floor(math.Log10(v))) }
func decadeAbove(v float64) float64 { return math.Pow(10, math.Ceil(math.Log10(v))) }

// number formats an axis value: 0.1, 1, 10, 1,000, 10,000.
func number(v float64) string {
	if v < 1 {
		return fmt.Sprintf("%g", v)
	}
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func esc(s string) string { return html.EscapeString(s) }
