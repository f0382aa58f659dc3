// Command bench measures the spkey provider through the real Terraform CLI
// against spkey-mock: wall time of apply, re-plan and destroy, API
// requests, TCP connections and the provider's peak memory, for five ways
// of assigning N locks to an organization and for the access, residents
// and keys cases, each against its floor. See README.md in this folder.
//
//	go run . -preset default   # what `make bench` runs
//	go run . -preset access    # BENCH=access make bench: the cases alone
//	go run . -preset full      # BENCH=full make bench
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	preset    preset
	name      string
	terraform string
	repo      string
	provider  string
	restapi   string
	work      string
	results   string
	only      map[string]bool
	interval  time.Duration
	timeout   time.Duration
	keep      bool
	report    string
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var (
		o             options
		presetName    = fs.String("preset", "default", "what to run: quick (a minute or two), default (about 10 minutes idle), access (the cases (f), (g), (h) at full size) or full (N=1000 for_each, (d) up to 100,000, and the cases)")
		perLock       = fs.String("per-lock", "", "override the sizes for (a), (b), (c) and (e), e.g. 100,300 (none: skip them)")
		bulkSizes     = fs.String("bulk", "", "override the sizes for (d) without latency, e.g. 1000,10000, in every spelling of -spellings")
		spellings     = fs.String("spellings", "", "with -bulk: the spellings of (d)'s ids, comma-separated: file (locks.txt), list (a literal list), chunks (for_each over files of -chunk ids); default all three")
		bulkReps      = fs.Int("bulk-reps", 0, "run each size of (d) without latency this many times (default: the preset's)")
		perLockLat    = fs.String("per-lock-latency", "", "override the sizes for (a) with 50 ms latency (information)")
		bulkLatency   = fs.String("bulk-latency", "", "override the sizes for (d) with 50 ms latency")
		bulkRateLimit = fs.String("bulk-rate-limit", "", "override the sizes for (d) against 100 requests/s")
		approaches    = fs.String("approaches", "", "run only these of (a), (b), (c), (e) at the -per-lock sizes, comma-separated: for_each, floor, curl, restapi")
		reps          = fs.Int("reps", 0, "run (a), (b), (c) and (e) this many times per size, keeping the best (default: the preset's)")
		only          = fs.String("scenarios", "", "run only these scenarios, comma-separated: "+scenarioNames())
		accessSizes   = fs.String("access", "", "override the sizes of (f): users, each granted 10 locks by one spkey_user_accessible_locks_exclusive (none: skip it)")
		residentSizes = fs.String("residents", "", "override the sizes of (g): spkey_lock_resident instances on one lock (none: skip it)")
		keySizes      = fs.String("keys", "", "override the sizes of (h): spkey_lock_key instances on one lock (none: skip it)")
		caseReps      = fs.Int("case-reps", 0, "run each size of (f), (g), (h) and their floors this many times, alternating, keeping the best (default: the preset's)")
	)
	fs.IntVar(&o.preset.chunk, "chunk", 0, "ids per file of the chunked spelling (default 5000)")
	fs.StringVar(&o.name, "name", "", "name of the run, for results/<name>.json and .svg (default: the preset's, or custom when sizes are overridden)")
	fs.StringVar(&o.terraform, "terraform", "terraform", "Terraform CLI to run")
	fs.StringVar(&o.repo, "repo", "..", "root of the provider repository")
	fs.StringVar(&o.provider, "provider", "", "measure this provider binary instead of building one from -repo (spkey-mock is still built from -repo)")
	fs.StringVar(&o.restapi, "restapi", "", "Mastercard's REST provider binary for (e) (default: what -repo's scripts/tools.sh restapi builds; without it, (e) is not run)")
	fs.StringVar(&o.work, "work", "work", "scratch folder (binaries, working directories, logs)")
	fs.StringVar(&o.results, "results", "", "folder for <name>.json and <name>.svg (default: results for the default and full runs, else <work>/results)")
	fs.DurationVar(&o.interval, "sample", 20*time.Millisecond, "how often to sample the provider's memory")
	fs.StringVar(&o.report, "report", "", "run nothing: summarize an earlier run's JSON again (tables, summary, plot) from its measurements")
	fs.BoolVar(&o.keep, "keep", false, "keep each measurement's state files and provider cache")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop a Terraform command that runs longer, recorded as timed out (default: the preset's, 5 or 10 minutes)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	p, ok := presets[*presetName]
	if !ok {
		return o, fmt.Errorf("-preset %q: use quick, default, access or full", *presetName)
	}
	custom := false
	if o.preset.chunk > 0 {
		p.chunk, custom = o.preset.chunk, true
	}
	if *bulkSizes != "" {
		sizes, err := parseSizes(*bulkSizes)
		if err != nil {
			return options{}, err
		}
		sps, err := parseSpellings(*spellings)
		if err != nil {
			return options{}, err
		}
		p.bulk, custom = map[spelling][]int{}, true
		for _, sp := range sps {
			p.bulk[sp] = sizes
		}
	} else if *spellings != "" {
		return options{}, errors.New("-spellings needs -bulk")
	}
	if *bulkReps > 0 {
		p.bulkReps = map[int]int{}
		for _, ns := range p.bulk {
			for _, n := range ns {
				p.bulkReps[n] = *bulkReps
			}
		}
		custom = true
	}
	for _, o := range []struct {
		flag string
		dst  *[]int
	}{{*perLock, &p.perLock}, {*perLockLat, &p.perLockLatency}, {*bulkLatency, &p.bulkLatency}, {*bulkRateLimit, &p.bulkRateLimit}} {
		if o.flag == "" {
			continue
		}
		sizes, err := parseSizes(o.flag)
		if err != nil {
			return options{}, err
		}
		*o.dst, custom = sizes, true
	}
	for _, o := range []struct {
		flag string
		c    approach
	}{{*accessSizes, access}, {*residentSizes, resident}, {*keySizes, key}} {
		if o.flag == "" {
			continue
		}
		sizes, err := parseSizes(o.flag)
		if err != nil {
			return options{}, err
		}
		p.cases = maps.Clone(p.cases)
		if p.cases == nil {
			p.cases = map[approach][]int{}
		}
		p.cases[o.c], custom = sizes, true
	}
	if *caseReps > 0 {
		p.caseReps, custom = *caseReps, true
	}
	if *approaches != "" {
		for _, f := range strings.Split(*approaches, ",") {
			a := approach(strings.TrimSpace(f))
			if a != forEach && a != floor && a != curl && a != restapi {
				return options{}, fmt.Errorf("-approaches: unknown %q; use for_each, floor, curl, restapi", f)
			}
			p.perLockApproaches = append(p.perLockApproaches, a)
		}
		custom = true
	}
	if *reps > 0 {
		p.reps = map[int]int{}
		for _, n := range p.perLock {
			p.reps[n] = *reps
		}
		custom = true
	}
	if *only != "" {
		o.only = map[string]bool{}
		for _, s := range strings.Split(*only, ",") {
			if !strings.Contains(scenarioNames(), strings.TrimSpace(s)) {
				return o, fmt.Errorf("-scenarios: unknown %q; use %s", s, scenarioNames())
			}
			o.only[strings.TrimSpace(s)] = true
		}
		custom = true
	}
	o.preset = p
	if o.timeout <= 0 {
		o.timeout = p.timeout
	}
	if o.name == "" {
		o.name = p.name
		if custom {
			o.name = "custom"
		}
	}
	// Only the runs whose figures the README states go to results/, which
	// is committed; a quick or custom run would overwrite them.
	if o.results == "" {
		o.results = "results"
		if _, preset := presets[o.name]; !preset || o.name == "quick" {
			o.results = filepath.Join(o.work, "results")
		}
	}
	return o, nil
}

// parseSpellings reads "file,list"; empty is all three.
func parseSpellings(s string) ([]spelling, error) {
	if strings.TrimSpace(s) == "" {
		return []spelling{file, literal, chunks}, nil
	}
	var out []spelling
	for _, f := range strings.Split(s, ",") {
		sp := spelling(strings.TrimSpace(f))
		if sp != file && sp != literal && sp != chunks {
			return nil, fmt.Errorf("-spellings: unknown %q; use file, list, chunks", f)
		}
		out = append(out, sp)
	}
	return out, nil
}

func scenarioNames() string {
	var names []string
	for _, s := range scenarios {
		names = append(names, s.Name)
	}
	return strings.Join(names, ",")
}

func run(ctx context.Context, args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if o.report != "" {
		return report(o.report)
	}
	jobs := o.preset.jobs(o.only)
	for _, dir := range []*string{&o.repo, &o.work, &o.results} {
		if *dir, err = filepath.Abs(*dir); err != nil {
			return err
		}
	}
	for _, f := range []*string{&o.provider, &o.restapi} {
		if *f == "" {
			continue
		}
		if *f, err = filepath.Abs(*f); err != nil {
			return err
		}
	}
	var restapiMissing string
	if slices.ContainsFunc(jobs, func(j job) bool { return j.Approach == restapi }) {
		if o.restapi, restapiMissing = findRestapi(ctx, o); restapiMissing != "" {
			progress("(e) is not run: %s", restapiMissing)
			jobs = slices.DeleteFunc(jobs, func(j job) bool { return j.Approach == restapi })
		}
	}
	if len(jobs) == 0 {
		return errors.New("nothing to run")
	}
	if o.terraform, err = exec.LookPath(o.terraform); err != nil {
		return fmt.Errorf("terraform: %w (make bench finds or builds one with scripts/tools.sh)", err)
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return errors.New("curl is not on PATH: approach (c) needs it")
	}
	if err := os.MkdirAll(o.results, 0o755); err != nil {
		return err
	}

	bin := filepath.Join(o.work, "bin")
	provider := filepath.Join(bin, "terraform-provider-spkey")
	// Mastercard's provider gets a folder of its own: dev_overrides take
	// a folder per provider.
	restapiBin := filepath.Join(o.work, "bin-restapi", "terraform-provider-restapi")
	mockBin := filepath.Join(o.work, "spkey-mock")
	if err := os.RemoveAll(filepath.Join(o.work, "runs")); err != nil {
		return err
	}
	for _, d := range []string{bin, filepath.Dir(restapiBin), filepath.Join(o.work, "runs")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	restapiDir := ""
	if o.restapi != "" {
		if err := copyFile(o.restapi, restapiBin); err != nil {
			return fmt.Errorf("-restapi: %w", err)
		}
		restapiDir = filepath.Dir(restapiBin)
	}
	builds := [][]string{{"-o", provider, "."}, {"-o", mockBin, "./cmd/spkey-mock"}}
	if o.provider != "" {
		if err := copyFile(o.provider, provider); err != nil {
			return fmt.Errorf("-provider: %w", err)
		}
		builds = builds[1:]
	}
	progress("building spkey-mock (and the provider unless -provider) from %s", o.repo)
	for _, b := range builds {
		cmd := exec.CommandContext(ctx, "go", append([]string{"build"}, b...)...)
		cmd.Dir, cmd.Stdout, cmd.Stderr = o.repo, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", b[len(b)-1], err)
		}
	}
	cliConfig := filepath.Join(o.work, "cli.tfrc")
	if err := writeCLIConfig(cliConfig, bin, restapiDir); err != nil {
		return err
	}

	res := &results{Run: o.name, Machine: describeMachine(ctx, o.terraform, o.repo), Settings: describeSettings(o), RestapiNotRun: restapiMissing}
	progress("%d measurements; machine: %s, %d cores, %s memory; load average %s",
		len(jobs), res.Machine.CPU, res.Machine.Cores, mib(res.Machine.MemoryBytes), res.Machine.LoadStart)
	started := time.Now()
	b := &bencher{opts: o, provider: provider, restapi: restapiBin, env: terraformEnv(cliConfig)}
	for _, sc := range scenarios {
		var these []job
		for _, j := range jobs {
			if j.Scenario.Name == sc.Name {
				these = append(these, j)
			}
		}
		if len(these) == 0 {
			continue
		}
		maxN := slices.MaxFunc(these, func(a, b job) int { return a.N - b.N }).N
		m, err := startMock(mockBin, o.work, sc.Name, sc, fmt.Sprintf("1-%d", maxN), "")
		if err != nil {
			return err
		}
		for _, j := range these {
			if ctx.Err() != nil {
				break
			}
			done := len(res.Measurements)
			progress("[%d/%d] %s", done+1, len(jobs), j)
			var meas measurement
			if j.Approach.ownMock() {
				meas, err = b.measureOnOwnMock(ctx, j, mockBin)
				if err != nil {
					m.stop()
					return err
				}
			} else {
				meas = b.measure(ctx, j, m)
			}
			progress("        %s", meas.summary())
			res.Measurements = append(res.Measurements, meas)
		}
		m.stop()
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	res.Machine.LoadEnd = loadAverage()
	res.Seconds = time.Since(started).Seconds()
	res.summarize()

	if err := res.printTables(os.Stdout); err != nil {
		return err
	}
	jsonPath := filepath.Join(o.results, o.name+".json")
	svgPath := filepath.Join(o.results, o.name+".svg")
	if err := res.writeJSON(jsonPath); err != nil {
		return err
	}
	wrote, err := res.writePlot(svgPath)
	if err != nil {
		return err
	}
	fmt.Printf("\nWrote %s in %.0f s.\n", strings.Join(append([]string{rel(jsonPath)}, wrote...), " and "), res.Seconds)
	return nil
}

// report summarizes a results file again from its measurements: it prints
// the tables, and rewrites the summary in the file and its plot.
func report(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var res results
	if err := json.Unmarshal(b, &res); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	res.summarize()
	if err := res.printTables(os.Stdout); err != nil {
		return err
	}
	if err := res.writeJSON(path); err != nil {
		return err
	}
	_, err = res.writePlot(strings.TrimSuffix(path, ".json") + ".svg")
	return err
}

// writePlot writes the plot of the lock assignment approaches to path,
// unless the run has none of them (the cases are no curve against N):
// it returns what it wrote.
func (res *results) writePlot(path string) ([]string, error) {
	if len(res.series()) == 0 {
		return nil, nil
	}
	if err := os.WriteFile(path, res.plot(), 0o644); err != nil {
		return nil, err
	}
	return []string{rel(path)}, nil
}

// findRestapi returns the binary of Mastercard's REST provider for (e):
// -restapi, else what the repository's scripts/tools.sh restapi builds
// (once; later runs reuse it). When there is none, it says why.
func findRestapi(ctx context.Context, o options) (binary, missing string) {
	if o.restapi != "" {
		return o.restapi, ""
	}
	progress("building Mastercard's REST provider for (e) with scripts/tools.sh restapi (once)")
	cmd := exec.CommandContext(ctx, filepath.Join(o.repo, "scripts", "tools.sh"), "restapi")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Sprintf("scripts/tools.sh restapi failed (%v); pass -restapi <binary>", err)
	}
	return strings.TrimSpace(string(out)), ""
}

// bencher runs jobs against one mock.
type bencher struct {
	opts     options
	provider string
	// restapi is Mastercard's REST provider binary, for (e).
	restapi string
	env     []string
}

// measureOnOwnMock measures a case against a mock of its own, started
// for it with the users and locks it names.
func (b *bencher) measureOnOwnMock(ctx context.Context, j job, mockBin string) (measurement, error) {
	locks, users := caseMockData(j)
	m, err := startMock(mockBin, b.opts.work, j.id(), j.Scenario, locks, users)
	if err != nil {
		return measurement{}, err
	}
	defer m.stop()
	return b.measure(ctx, j, m), nil
}

// measure applies, re-plans and destroys one configuration in a fresh
// working directory against m. A failed step is recorded, not fatal: the
// table shows it.
func (b *bencher) measure(ctx context.Context, j job, m *mock) measurement {
	id := j.id()
	org := "org-" + id
	meas := newMeasurement(j, org)
	dir := filepath.Join(b.opts.work, "runs", id)
	defer func() {
		if !b.opts.keep {
			_ = os.RemoveAll(filepath.Join(dir, "terraform.tfstate"))
			_ = os.RemoveAll(filepath.Join(dir, "terraform.tfstate.backup"))
			_ = os.RemoveAll(filepath.Join(dir, ".terraform"))
		}
	}()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		meas.Error = err.Error()
		return meas
	}
	if err := writeConfig(dir, j, m.URL, org); err != nil {
		meas.Error = err.Error()
		return meas
	}
	// The memory and CPU sampled are those of the provider the approach
	// runs: spkey, or Mastercard's for (e).
	sampled := b.provider
	if j.Approach == restapi {
		sampled = b.restapi
	}
	tf := &terraform{binary: b.opts.terraform, dir: dir, env: b.env, provider: sampled, interval: b.opts.interval, timeout: b.opts.timeout, logs: dir}
	if !j.Approach.runsProvider() {
		// Built-ins only: init works offline. With dev_overrides, the
		// provider's configurations need none.
		if r, err := tf.run(ctx, "init", "init", "-input=false", "-no-color"); err != nil || r.ExitCode != 0 {
			meas.Error = fmt.Sprintf("terraform init failed (exit %d, %v); see %s", r.ExitCode, err, filepath.Join(dir, "init.log"))
			return meas
		}
	}
	common := []string{"-input=false", "-no-color", "-parallelism=10"}
	type step struct {
		phase string
		args  []string
	}
	steps := []step{
		{phaseApply, append([]string{"apply", "-auto-approve"}, common...)},
		{phaseReplan, append([]string{"plan", "-refresh=true", "-detailed-exitcode"}, common...)},
	}
	if j.checksDrift() {
		steps = append(steps, step{phaseDrift, append([]string{"plan", "-refresh=true", "-detailed-exitcode"}, common...)})
	}
	steps = append(steps, step{phaseDestroy, append([]string{"destroy", "-auto-approve"}, common...)})
	for _, s := range steps {
		if s.phase == phaseDrift {
			// Lock 1 moves to another organization behind Terraform's
			// back: a plan that sees it shows a change (exit 2).
			if err := m.setOrg(ctx, 1, org+"-drifted"); err != nil {
				meas.Error = err.Error()
				return meas
			}
		}
		if err := m.reset(ctx); err != nil {
			meas.Error = err.Error()
			return meas
		}
		mockCPU := m.cpuSeconds()
		r, err := tf.run(ctx, s.phase, s.args...)
		if err != nil {
			meas.Error = fmt.Sprintf("%s: %v", s.phase, err)
			return meas
		}
		mockCPU = m.cpuSeconds() - mockCPU
		st, err := m.stats(ctx)
		if err != nil {
			meas.Error = err.Error()
			return meas
		}
		p := &phase{
			Seconds: r.Seconds, ExitCode: r.ExitCode,
			Requests: st.Requests, Connections: st.Connections, RateLimited: st.RateLimited, ByStatus: st.ByStatus,
			ByOp: st.ByOp, MaxInFlight: st.MaxInFlight, MockCPUSeconds: mockCPU,
			ProviderPeakRSS: r.ProviderPeakRSS, ProviderProcesses: r.ProviderProcesses, TerraformPeakRSS: r.TerraformPeakRSS,
			CPUSeconds: r.CPU, ProviderCPUSeconds: r.ProviderCPU, TimedOut: r.TimedOut,
		}
		meas.set(s.phase, p)
		if s.phase == phaseDrift && !r.TimedOut && (r.ExitCode == 0 || r.ExitCode == 2) {
			sees := r.ExitCode == 2
			meas.SeesDrift = &sees
		}
		if r.TimedOut {
			// The state is whatever the interrupted command left: the
			// later phases would measure something else.
			meas.Error = fmt.Sprintf("%s timed out after %s; later phases not run", s.phase, b.opts.timeout)
			return meas
		}
		if s.phase == phaseApply {
			// Every lock must now be in the organization, whatever the
			// exit code says.
			if j.Approach.callsAPI() {
				failed, err := m.notInOrg(ctx, j.N, org)
				if err != nil {
					meas.Error = err.Error()
					return meas
				}
				meas.FailedLocks = &failed
			}
		}
	}
	return meas
}

// copyFile copies an executable.
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// rel shortens a path for messages.
func rel(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return path
}
