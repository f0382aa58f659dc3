package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// short is an approach's letter in the tables.
var short = map[approach]string{forEach: "(a)", floor: "(b)", curl: "(c)", bulk: "(d)", restapi: "(e)",
	access: "(f)", accessFloor: "(f0)", resident: "(g)", residentFloor: "(g0)", key: "(h)", keyFloor: "(h0)"}

// printTables writes the measurements, the ratios and the targets.
func (res *results) printTables(w io.Writer) error {
	m := res.Machine
	fmt.Fprintf(w, "\nspkey provider benchmark, run %q: %s, %d cores, %s memory; Terraform %s, %s; load average %s at start, %s at end\n",
		res.Run, m.CPU, m.Cores, mib(m.MemoryBytes), m.Terraform, m.Go, m.LoadStart, m.LoadEnd)
	fmt.Fprintln(w, "Approaches:")
	for _, a := range []approach{forEach, floor, curl, bulk, restapi} {
		fmt.Fprintf(w, "  %s\n", a.label())
	}
	cases := false
	for _, r := range res.Rows {
		cases = cases || r.Approach.isCase()
	}
	if cases {
		for _, c := range whoCases {
			fmt.Fprintf(w, "  %s\n  %s\n", c.approach.label(), c.floor.label())
		}
		fmt.Fprintf(w, "  N is locks for (a)-(e); users, residents or keys for (f)-(h). Each case runs against a fresh mock holding its N users, locks 1-%d and the actor_id user.\n", grantsPerUser)
	}
	if res.RestapiNotRun != "" {
		fmt.Fprintf(w, "  (e) was not run: %s\n", res.RestapiNotRun)
	}
	fmt.Fprintln(w, "Terraform runs with -parallelism=10; re-plan is `terraform plan -refresh=true` after the apply;")
	fmt.Fprintf(w, "drift (up to %d locks) is the same plan after lock 1 was moved to another organization outside Terraform.\n", driftMaxLocks)
	fmt.Fprintln(w, "seconds: best of the repetitions (reps), median next to it; s/1k: the median per 1000 locks (flat when linear);")
	fmt.Fprintln(w, "(d)'s ids: list = a literal tolist([...]), file = locks.txt read with file(), chunks = for_each over files of ids;")
	fmt.Fprintln(w, "conns: TCP connections the mock accepted during the command;")
	fmt.Fprintln(w, "CPU: CPU seconds of Terraform and its children, and of the provider process(es) alone;")
	fmt.Fprintln(w, "RSS: peak resident memory of the provider process(es) the command started (C = max_concurrency).")
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprintln(tw, "scenario\tappr.\tprovider\tN\tphase\tseconds\tmedian\ts/1k\treps\trequests\tconns\tCPU s\tprov. CPU\tRSS MiB\t notes")
	last := ""
	for _, r := range res.Rows {
		sc := r.Scenario
		if sc == last {
			sc = ""
		}
		last = r.Scenario
		rss := "-"
		if r.ProviderPeakRSS > 0 {
			rss = fmt.Sprintf("%.1f", float64(r.ProviderPeakRSS)/(1<<20))
		}
		info := ""
		if r.Info {
			info = " (info)"
		}
		provCPU := "-"
		if r.Approach.runsProvider() {
			provCPU = fmt.Sprintf("%.2f", r.ProviderCPU)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%.2f\t%.2f\t%.3f\t%d\t%d\t%d\t%.2f\t%s\t%s\t %s%s\n",
			sc, short[r.Approach], r.Variant, r.N, r.Phase, r.Seconds, r.Median, r.PerThousand, len(r.Samples), r.Requests, r.Connections,
			r.CPUSeconds, provCPU, rss, r.Note, info)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	var lockRatios, caseRatios []ratio
	for _, q := range res.Ratios {
		if q.Case != "" {
			caseRatios = append(caseRatios, q)
		} else {
			lockRatios = append(lockRatios, q)
		}
	}
	if len(lockRatios) > 0 {
		fmt.Fprintln(w, "\nRatios of wall time, same run (below 1: the first is faster):")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
		fmt.Fprintln(tw, "scenario\tlocks\tphase\t(a)/(b) provider/floor\t(a)/(c) provider/curl\t(d)/(a) bulk/for_each\t(e)/(a) restapi/for_each\t")
		for _, q := range lockRatios {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", q.Scenario, q.N, q.Phase, times(q.AOverB), times(q.AOverC), times(q.DOverA), times(q.EOverA))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(caseRatios) > 0 {
		fmt.Fprintln(w, "\nThe cases against their floors, wall time, same run (best of the repetitions):")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
		fmt.Fprintln(tw, "case\tN\tphase\tcase/floor\t")
		for _, q := range caseRatios {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", short[q.Case], q.N, q.Phase, times(q.CaseOverFloor))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "\nTargets:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.Debug)
	for _, t := range res.Targets {
		fmt.Fprintf(tw, " %s\t %s\t %s\n", t.Status, t.Target, t.Measured)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var missed []string
	for _, t := range res.Targets {
		if t.Status == miss {
			missed = append(missed, t.Target)
		}
	}
	if len(missed) > 0 {
		fmt.Fprintf(w, "\n%d target(s) missed: %s\n", len(missed), strings.Join(missed, "; "))
	}
	return nil
}

func times(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f×", *v)
}
