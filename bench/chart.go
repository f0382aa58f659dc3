package main

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// series is one line of the plot: an approach in one scenario with one
// provider setting.
type series struct {
	label  string
	dashes []vg.Length
	color  color.Color
	points map[string][]point // by phase, ordered by locks
}

// point is one size's median time; stopped marks a lower bound (a
// repetition hit the timeout).
type point struct {
	n, seconds float64
	stopped    bool
}

var palette = []color.RGBA{
	{0xd6, 0x27, 0x28, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x1f, 0x77, 0xb4, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0x17, 0xbe, 0xcf, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
}

// dashes tell scenarios apart; colours tell series apart.
var dashes = map[string][]vg.Length{
	noLatency.Name: nil,
	latency50.Name: {vg.Points(5), vg.Points(3)},
	rateLimit.Name: {vg.Points(1.5), vg.Points(2)},
}

var scenarioLabels = map[string]string{noLatency.Name: "no latency", latency50.Name: "50 ms latency", rateLimit.Name: "100 req/s limit"}

func (res *results) series() []*series {
	byKey := map[string]*series{}
	var out []*series
	// No-latency series first, in approach order, so that their colours
	// stay the same from run to run.
	rows := append([]row(nil), res.Rows...)
	rank := map[approach]int{forEach: 0, floor: 1, curl: 2, bulk: 3, restapi: 4}
	scRank := map[string]int{noLatency.Name: 0, latency50.Name: 1, rateLimit.Name: 2}
	sort.SliceStable(rows, func(i, j int) bool {
		if scRank[rows[i].Scenario] != scRank[rows[j].Scenario] {
			return scRank[rows[i].Scenario] < scRank[rows[j].Scenario]
		}
		return rank[rows[i].Approach] < rank[rows[j].Approach]
	})
	for _, r := range rows {
		if r.Approach.isCase() {
			// One size each against its own floor: the tables say it.
			continue
		}
		k := rowKey(r.Scenario, r.Approach, r.Variant, 0)
		s, ok := byKey[k]
		if !ok {
			label := r.Approach.label()
			if r.Approach.usesProvider() && r.Variant != "C=8" {
				label += ", " + r.Variant
			}
			label += ", " + scenarioLabels[r.Scenario]
			s = &series{label: label, dashes: dashes[r.Scenario], color: palette[len(out)%len(palette)], points: map[string][]point{}}
			byKey[k] = s
			out = append(out, s)
		}
		s.points[r.Phase] = append(s.points[r.Phase], point{float64(r.N), r.Median, r.TimedOut})
	}
	for _, s := range out {
		for _, pts := range s.points {
			sort.Slice(pts, func(i, j int) bool { return pts[i].n < pts[j].n })
		}
	}
	return out
}

// plot is the SVG document of render.
func (res *results) plot() []byte {
	return res.render(func(w, h vg.Length) vg.CanvasWriterTo { return vgsvg.New(w, h) })
}

// render draws, log-log, the median wall time against the number of locks
// (apply and re-plan), and below it the same per 1,000 locks, where a
// linear cost is a flat line; one legend for the four panels. It returns
// the document newCanvas writes.
func (res *results) render(newCanvas func(w, h vg.Length) vg.CanvasWriterTo) []byte {
	all := res.series()
	perThousand := func(p point) float64 { return p.seconds / p.n * 1000 }
	total := func(p point) float64 { return p.seconds }
	panels := [][]struct {
		phase, title, y string
		value           func(point) float64
	}{
		{{phaseApply, "apply", "seconds", total}, {phaseReplan, "re-plan (terraform plan -refresh=true)", "seconds", total}},
		{{phaseApply, "apply, per 1,000 locks (flat = linear)", "seconds per 1,000 locks", perThousand},
			{phaseReplan, "re-plan, per 1,000 locks (flat = linear)", "seconds per 1,000 locks", perThousand}},
	}
	plots := make([][]*plot.Plot, len(panels))
	stopped := false
	for i, row := range panels {
		for _, pn := range row {
			p := plot.New()
			p.Title.Text = pn.title
			p.X.Label.Text, p.Y.Label.Text = "locks (N)", pn.y
			p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
			p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
			p.Add(plotter.NewGrid())
			drawn := false
			for _, s := range all {
				pts := s.points[pn.phase]
				if len(pts) == 0 {
					continue
				}
				drawn = true
				var xys, open plotter.XYs
				for _, pt := range pts {
					xy := plotter.XY{X: pt.n, Y: pn.value(pt)}
					xys = append(xys, xy)
					if pt.stopped {
						open = append(open, xy)
						stopped = true
					}
				}
				if len(xys) > 1 {
					l, err := plotter.NewLine(xys)
					if err == nil {
						l.Color, l.Dashes, l.Width = s.color, s.dashes, vg.Points(1.5)
						p.Add(l)
					}
				}
				if sc, err := plotter.NewScatter(xys); err == nil {
					sc.Shape, sc.Color, sc.Radius = draw.CircleGlyph{}, s.color, vg.Points(2.5)
					p.Add(sc)
				}
				if len(open) > 0 {
					// A stopped command: a white ring over the dot.
					if sc, err := plotter.NewScatter(open); err == nil {
						sc.Shape, sc.Color, sc.Radius = draw.CircleGlyph{}, color.White, vg.Points(1.5)
						p.Add(sc)
					}
				}
			}
			if !drawn {
				// No data (every command of the phase was stopped before
				// it): a range a log scale can draw.
				p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 10, 100, 1, 10
			}
			plots[i] = append(plots[i], p)
		}
	}

	legend, entries := plot.NewLegend(), 0
	legend.Padding = vg.Points(1.5)
	legend.Top, legend.Left = true, true
	for _, s := range all {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
		if err != nil {
			continue
		}
		l.Color, l.Dashes, l.Width = s.color, s.dashes, vg.Points(1.5)
		legend.Add(s.label, l)
		entries++
	}
	if stopped {
		ring := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Shape: draw.RingGlyph{}, Color: color.Black, Radius: vg.Points(2.5)}}
		entries++
		legend.Add("open dot: a repetition was stopped at the timeout; the command takes longer", ring)
	}

	const width, panelHeight, titleHeight = 27 * vg.Centimeter, 9 * vg.Centimeter, 1.6 * vg.Centimeter
	legendHeight := vg.Length(entries+1) * 0.5 * vg.Centimeter
	height := titleHeight + 2*panelHeight + legendHeight
	canvas := newCanvas(width, height)
	dc := draw.New(canvas)
	m := res.Machine
	title := draw.TextStyle{Color: color.Black, Font: font.From(plot.DefaultFont, 13), Handler: plot.DefaultTextHandler}
	sub := draw.TextStyle{Color: color.Gray{Y: 0x55}, Font: font.From(plot.DefaultFont, 9), Handler: plot.DefaultTextHandler}
	dc.FillText(title, vg.Point{X: vg.Centimeter, Y: height - 0.7*vg.Centimeter},
		fmt.Sprintf("terraform-provider-spkey: wall time against number of locks (run %q), median of reps", res.Run))
	dc.FillText(sub, vg.Point{X: vg.Centimeter, Y: height - 1.3*vg.Centimeter},
		fmt.Sprintf("%s, %d cores, %s; Terraform %s; %s; load average %s → %s; log-log",
			m.CPU, m.Cores, mib(m.MemoryBytes), m.Terraform, m.Date[:min(10, len(m.Date))], m.LoadStart, m.LoadEnd))
	grid := draw.Crop(dc, 0, 0, legendHeight, -titleHeight)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Centimeter, PadY: vg.Centimeter / 2, PadTop: vg.Centimeter / 4, PadLeft: vg.Centimeter / 4, PadRight: vg.Centimeter / 2}
	canvases := plot.Align(plots, tiles, grid)
	for i := range plots {
		for j := range plots[i] {
			plots[i][j].Draw(canvases[i][j])
		}
	}
	legend.Draw(draw.Crop(dc, vg.Centimeter, 0, 0, -(titleHeight + 2*panelHeight + vg.Centimeter/4)))

	var b bytes.Buffer
	if _, err := canvas.WriteTo(&b); err != nil {
		return nil
	}
	return b.Bytes()
}
