package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseSizes(t *testing.T) {
	got, err := parseSizes(" 300,100,,300 ")
	if err != nil || !slices.Equal(got, []int{100, 300}) {
		t.Errorf("got %v, %v", got, err)
	}
	if got, err := parseSizes("none"); err != nil || len(got) != 0 {
		t.Errorf("none: got %v, %v", got, err)
	}
	for _, bad := range []string{"0", "-5", "ten"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestJobsAlternatePerLockApproaches(t *testing.T) {
	p := preset{perLock: []int{10}, reps: map[int]int{10: 2}, bulk: map[spelling][]int{literal: {10}, file: {10, 20}, chunks: {20}}, bulkReps: map[int]int{20: 2}, chunk: 7, bulkRateLimit: []int{10}}
	var got []string
	for _, j := range p.jobs(nil) {
		got = append(got, string(j.Approach)+"/"+j.variant())
	}
	want := []string{"floor/-", "for_each/C=8", "curl/-", "restapi/-", "floor/-", "for_each/C=8", "curl/-", "restapi/-",
		"bulk/C=8 file", "bulk/C=8 list", "bulk/C=8 file", "bulk/C=8 chunks of 7", "bulk/C=8 file", "bulk/C=8 chunks of 7",
		"bulk/C=8 rps=100 file", "bulk/C=8 rps=adaptive file"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := len(p.jobs(map[string]bool{rateLimit.Name: true})); n != 2 {
		t.Errorf("rate-limit only: %d jobs, want 2", n)
	}
}

// TestConfigsAreValid checks every generated configuration with `terraform
// fmt` and `terraform validate` when a Terraform CLI is on PATH.
func TestConfigsAreValid(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH")
	}
	jobs := []job{{Approach: forEach}, {Approach: floor}, {Approach: curl}, {Approach: restapi},
		{Approach: bulk, Spelling: literal}, {Approach: bulk, Spelling: file}, {Approach: bulk, Spelling: chunks, Chunk: 10}}
	for _, c := range whoCases {
		jobs = append(jobs, job{Approach: c.approach}, job{Approach: c.floor})
	}
	for _, j := range jobs {
		j.N, j.Concurrency, j.ProviderRPS = 25, 32, 100
		a := j.Approach
		t.Run(string(a)+"-"+string(j.Spelling), func(t *testing.T) {
			dir := t.TempDir()
			if err := writeConfig(dir, j, "http://127.0.0.1:1", "org-x"); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(tf, "fmt", "-check", "-diff", dir)
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("terraform fmt: %v\n%s", err, out)
			}
			if a.runsProvider() {
				// validate would need the provider; fmt has parsed it.
				return
			}
			for _, args := range [][]string{{"init", "-input=false", "-no-color"}, {"validate", "-no-color"}} {
				cmd := exec.Command(tf, args...)
				cmd.Dir, cmd.Env = dir, append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("terraform %s: %v\n%s", args[0], err, out)
				}
			}
		})
	}
}

func TestConfigForBulk(t *testing.T) {
	cfg := configFor(job{Approach: bulk, N: 3, ProviderRPS: 100}, "http://127.0.0.1:9", "org-1")
	for _, want := range []string{`base_url                = "http://127.0.0.1:9"`, "max_requests_per_second = 100", "tolist([", "1, 2, 3,", `org_id = "org-1"`} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, "max_concurrency") {
		t.Errorf("max_concurrency set although the job leaves it at the default:\n%s", cfg)
	}
}

func TestSummarizeKeepsBestRepAndScoresTargets(t *testing.T) {
	zero := 0
	m := func(a approach, rep int, apply, replan float64) measurement {
		j := job{Scenario: noLatency, Approach: a, N: 300, Rep: rep}
		x := newMeasurement(j, "org")
		x.Phases[phaseApply] = &phase{Seconds: apply, Connections: 8}
		x.Phases[phaseReplan] = &phase{Seconds: replan, Connections: 8}
		if a.callsAPI() {
			x.FailedLocks = &zero
		}
		return x
	}
	res := &results{Measurements: []measurement{
		m(floor, 1, 10, 4), m(forEach, 1, 10.2, 4.4), m(curl, 1, 20, 4),
		m(floor, 2, 11, 5), m(forEach, 2, 12, 4.3), m(curl, 2, 19, 4),
	}}
	res.summarize()
	a := res.find(noLatency.Name, forEach, "C=8", 300, phaseApply)
	if a == nil || a.Seconds != 10.2 || a.Median != 11.1 || len(a.Samples) != 2 {
		t.Fatalf("for_each apply row: %+v", a)
	}
	status := map[string]string{}
	for _, tg := range res.targets() {
		status[tg.Target] = tg.Status
	}
	for name, want := range map[string]string{
		"(a) apply within 1.05× of the floor (b), N=300":            pass, // 10.2 / 10
		"(a) re-plan within 1.05× of the floor (b), N=300":          miss, // 4.3 / 4
		"(a) apply faster than curl (c), N=300":                     pass,
		"(a) re-plan faster than curl (c), N=300":                   infoMiss,
		"(d) C=8 file apply N=10000 under 15 s, no latency, median": notRun,
	} {
		if status[name] != want {
			t.Errorf("%s: %q, want %q", name, status[name], want)
		}
	}
	if len(res.Ratios) != 2 || res.Ratios[0].AOverB == nil || *res.Ratios[0].AOverB != 1.02 {
		t.Errorf("ratios: %+v", res.Ratios)
	}
}

func TestBulkTargetsUseMediansAndRatios(t *testing.T) {
	zero := 0
	m := func(sp spelling, n, rep int, apply, replan float64, rss int64) measurement {
		x := newMeasurement(presets["default"].bulkJob(noLatency, n, sp, rep), "org")
		x.Phases[phaseApply] = &phase{Seconds: apply, Connections: 8, ProviderPeakRSS: rss}
		x.Phases[phaseReplan] = &phase{Seconds: replan, Connections: 8, ProviderPeakRSS: rss}
		x.FailedLocks = &zero
		return x
	}
	res := &results{Measurements: []measurement{
		m(file, 10000, 1, 4, 5, 60<<20), m(file, 10000, 2, 6, 5, 50<<20), m(file, 10000, 3, 5, 5, 50<<20),
		m(file, 20000, 1, 10, 12, 90<<20), m(file, 20000, 2, 12, 10, 90<<20),
		m(literal, 10000, 1, 10, 10, 60<<20), m(literal, 20000, 1, 30, 20, 70<<20),
		m(file, 100000, 1, 50, 70, 300<<20), m(chunks, 100000, 1, 40, 50, 200<<20),
	}}
	res.summarize()
	if r := res.find(noLatency.Name, bulk, "C=8 file", 20000, phaseApply); r == nil || r.PerThousand != 0.55 {
		t.Fatalf("file 20000 apply: %+v", r)
	}
	status := map[string]string{}
	for _, tg := range res.targets() {
		status[tg.Target] = tg.Status
	}
	for name, want := range map[string]string{
		"(d) C=8 file apply N=10000 under 15 s, no latency, median":                 pass,
		"(d) C=8 file apply N=20000 ≤ 2.2× N=10000, medians":                        pass, // 11 / 5
		"(d) C=8 file re-plan N=20000 ≤ 2.2× N=10000, medians":                      pass, // 11 / 5
		"(d) C=8 list apply N=20000 ≤ 2.2× N=10000, medians":                        miss, // 30 / 10
		"(d) C=8 list re-plan N=20000 ≤ 2.2× N=10000, medians":                      pass,
		"(d) C=8 list apply N=10000 under 15 s, no latency, median":                 infoPass,
		"provider peak RSS ≤ 64 MiB at N=10000, (d) in every scenario and spelling": pass,
		// Above 20,000 locks the README recommends chunks: the targets
		// are about them, one resource's figures are information.
		"(d) C=8 chunks of 5000 apply N=100000 under 60 s, no latency, median":   pass,
		"(d) C=8 chunks of 5000 re-plan N=100000 under 60 s, no latency, median": pass,
		"(d) C=8 file apply N=100000 under 60 s, no latency, median":             infoPass,
		"(d) C=8 file re-plan N=100000 under 60 s, no latency, median":           infoMiss,
		"provider peak RSS ≤ 256 MiB at N=100000, (d) C=8 chunks of 5000":        pass,
		"provider peak RSS ≤ 256 MiB at N=100000, (d) C=8 file":                  infoMiss,
	} {
		if status[name] != want {
			t.Errorf("%s: %q, want %q", name, status[name], want)
		}
	}
}

func TestIDFiles(t *testing.T) {
	j := presets["quick"].bulkJob(noLatency, 100, chunks, 1)
	files := idFiles(j)
	if len(files) != 3 || files[filepath.Join("locks", "002.txt")] != "81\n82\n83\n84\n85\n86\n87\n88\n89\n90\n91\n92\n93\n94\n95\n96\n97\n98\n99\n100\n" {
		t.Errorf("chunks of 40: %v", files)
	}
	if f := idFiles(presets["quick"].bulkJob(noLatency, 3, file, 1)); f["locks.txt"] != "1\n2\n3\n" {
		t.Errorf("file: %v", f)
	}
	if f := idFiles(presets["quick"].bulkJob(noLatency, 3, literal, 1)); f != nil {
		t.Errorf("list: %v", f)
	}
}

func TestReadStatOfThisProcess(t *testing.T) {
	st, ok := readStat(os.Getpid())
	if !ok || st.ppid != os.Getppid() {
		t.Errorf("readStat: %+v, %v; want ppid %d", st, ok, os.Getppid())
	}
	if hwm, ok := readHWM(os.Getpid()); !ok || hwm <= 0 {
		t.Errorf("readHWM: %d, %v", hwm, ok)
	}
	if kb, ok := parseKB([]byte("Name:\tx\nVmHWM:\t   2048 kB\n"), "VmHWM:"); !ok || kb != 2048*1024 {
		t.Errorf("parseKB: %d, %v", kb, ok)
	}
}

func TestPlotWithoutData(t *testing.T) {
	res := &results{Run: "empty"}
	if svg := res.plot(); !strings.Contains(string(svg), "<svg") {
		t.Errorf("no SVG: %.200s", svg)
	}
}

// The drift check runs where it answers something: approaches that call
// the API, without latency, up to driftMaxLocks.
func TestChecksDrift(t *testing.T) {
	for _, c := range []struct {
		j    job
		want bool
	}{
		{job{Scenario: noLatency, Approach: forEach, N: 1000}, true},
		{job{Scenario: noLatency, Approach: restapi, N: 300}, true},
		{job{Scenario: noLatency, Approach: curl, N: 100}, true},
		{job{Scenario: noLatency, Approach: bulk, N: 1000}, true},
		{job{Scenario: noLatency, Approach: bulk, N: 10000}, false},
		{job{Scenario: noLatency, Approach: floor, N: 100}, false},
		{job{Scenario: latency50, Approach: forEach, N: 100}, false},
	} {
		if got := c.j.checksDrift(); got != c.want {
			t.Errorf("%s: checksDrift %v, want %v", c.j, got, c.want)
		}
	}
}

// (e) runs Mastercard's provider from its own folder, next to spkey's.
func TestCLIConfigWithRestapi(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := writeCLIConfig(path, "/b/spkey", "/b/restapi"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"registry.terraform.io/smartphonekey/spkey" = "/b/spkey"`, `"registry.terraform.io/mastercard/restapi" = "/b/restapi"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("CLI configuration lacks %s:\n%s", want, b)
		}
	}
	if err := writeCLIConfig(path, "/b/spkey", ""); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "restapi") {
		t.Errorf("without (e), the CLI configuration names restapi:\n%s", b)
	}
}

// Each case runs right after its floor, repetitions alternating, and
// against a mock of its own (its floor calls no API).
func TestJobsAlternateCasesWithTheirFloors(t *testing.T) {
	p := preset{cases: map[approach][]int{access: {5}, key: {7}}, caseReps: 2}
	var got []string
	for _, j := range p.jobs(nil) {
		got = append(got, fmt.Sprintf("%s/%d/r%d/own=%v", j.Approach, j.N, j.Rep, j.Approach.ownMock()))
	}
	want := []string{"access_floor/5/r1/own=false", "access/5/r1/own=true", "access_floor/5/r2/own=false", "access/5/r2/own=true",
		"key_floor/7/r1/own=false", "key/7/r1/own=true", "key_floor/7/r2/own=false", "key/7/r2/own=true"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, c := range whoCases {
		if !c.approach.usesProvider() || c.floor.usesProvider() || c.approach.callsAPI() || c.floor.callsAPI() || !c.floor.isFloor() || c.approach.isFloor() {
			t.Errorf("%s: the case must run the provider and its floor not; neither assigns organizations", c.approach)
		}
	}
}

// The case and its floor iterate over the same instances with the same
// arguments; the provider gets an actor_id that the case's mock holds.
func TestCaseConfigs(t *testing.T) {
	for _, c := range []struct {
		a    approach
		want []string
	}{
		{access, []string{`actor_id = "00000000-0000-4000-a000-000000999999"`, `resource "spkey_user_accessible_locks_exclusive" "user"`,
			`format("00000000-0000-4000-a000-%012d", n) => n`, "for id in range(1, 11)", "locks   = local.locks", "1, 2, 3,"}},
		{accessFloor, []string{`resource "terraform_data" "user"`, `format("00000000-0000-4000-a000-%012d", n) => n`, "locks   = local.locks"}},
		{resident, []string{`resource "spkey_lock_resident" "resident"`, "lock_id = 1", `name    = "Resident ${each.value}"`}},
		{residentFloor, []string{`resource "terraform_data" "resident"`, "lock_id = 1", `name    = "Resident ${each.value}"`}},
		{key, []string{`resource "spkey_lock_key" "key"`, "tostring(n) => n", "key_index_number = each.value"}},
		{keyFloor, []string{`resource "terraform_data" "key"`, "tostring(n) => n", "key_index_number = each.value"}},
	} {
		cfg := configFor(job{Approach: c.a, N: 3}, "http://127.0.0.1:9", "org-1")
		for _, w := range c.want {
			if !strings.Contains(cfg, w) {
				t.Errorf("%s: config lacks %q:\n%s", c.a, w, cfg)
			}
		}
		if strings.Contains(cfg, "MISSING") || strings.Contains(cfg, "org_id") || c.a.isFloor() == strings.Contains(cfg, "provider \"spkey\"") {
			t.Errorf("%s: config:\n%s", c.a, cfg)
		}
	}
	locks, users := caseMockData(job{Approach: access, N: 1000})
	if locks != "1-10" || users != "1-1000,999999" {
		t.Errorf("the case's mock: -locks %s -users %s", locks, users)
	}
}

// The request targets hold in every repetition at every size; time and
// memory are targets at the size issues 20 and 21 name.
func TestCaseTargets(t *testing.T) {
	m := func(a approach, n, rep int, apply, replan float64, p func(ph string) *phase) measurement {
		x := newMeasurement(job{Scenario: noLatency, Approach: a, N: n, Rep: rep}, "org")
		for ph, secs := range map[string]float64{phaseApply: apply, phaseReplan: replan} {
			x.Phases[ph] = &phase{Seconds: secs}
			if p != nil {
				x.Phases[ph] = p(ph)
				x.Phases[ph].Seconds = secs
			}
		}
		return x
	}
	accessCounts := func(adds, reads int) func(string) *phase {
		return func(ph string) *phase {
			if ph == phaseReplan {
				return &phase{Requests: 1000, ByOp: map[string]int{"accessible-locks": 1000}, ProviderPeakRSS: 100 << 20}
			}
			return &phase{Requests: int64(adds + reads), ByOp: map[string]int{"AddAccessibleLock": adds, "accessible-locks": reads},
				ByStatus: map[string]int{"200": adds + reads}, ProviderPeakRSS: 120 << 20}
		}
	}
	keyCounts := func(inFlight int64, replanReads int) func(string) *phase {
		return func(ph string) *phase {
			if ph == phaseReplan {
				return &phase{Requests: int64(replanReads), ByOp: map[string]int{"details": replanReads}, ProviderPeakRSS: 200 << 20}
			}
			return &phase{Requests: 500, ByOp: map[string]int{"AddKey": 500}, MaxInFlight: inFlight, ByStatus: map[string]int{"200": 500}}
		}
	}
	res := &results{Measurements: []measurement{
		m(accessFloor, 1000, 1, 100, 40, nil), m(access, 1000, 1, 110, 49, accessCounts(10000, 2000)),
		m(accessFloor, 1000, 2, 95, 50, nil), m(access, 1000, 2, 115, 45, accessCounts(9999, 2000)),
		m(keyFloor, 500, 1, 20, 10, nil), m(key, 500, 1, 30, 11, keyCounts(8, 6)),
		m(keyFloor, 20, 1, 2, 1, nil), m(key, 20, 1, 3, 1, keyCounts(9, 1)),
	}}
	res.summarize()
	status := map[string]string{}
	for _, tg := range res.targets() {
		status[tg.Target] = tg.Status
	}
	for name, want := range map[string]string{
		"(f) spkey_user_accessible_locks_exclusive, N=1000 users: apply within 1.2× of its floor":                                                  pass, // 110 / 95
		"(f) spkey_user_accessible_locks_exclusive, N=1000 users: re-plan within 1.2× of its floor":                                                pass, // 45 / 40
		"(f) spkey_user_accessible_locks_exclusive, N=1000 users: re-plan sends exactly 1000 GET accessible-locks (one per user) and nothing else": pass,
		// One repetition sent an add too few.
		"(f) spkey_user_accessible_locks_exclusive, N=1000 users: apply sends exactly 10000 AddAccessibleLock, and reads only GET accessible-locks (counted)": miss,
		"(f) spkey_user_accessible_locks_exclusive, N=1000 users: provider peak RSS ≤ 128 MiB, every command":                                                 pass,
		"(h) spkey_lock_key, N=500 keys: apply within 1.2× of its floor":                                                                                      miss, // 30 / 20
		"(h) spkey_lock_key, N=500 keys: re-plan within 1.2× of its floor":                                                                                    pass,
		"(h) spkey_lock_key, N=500 keys: re-plan sends at most 5 GET details and nothing else":                                                                miss, // 6
		"(h) spkey_lock_key, N=500 keys: apply sends exactly 500 AddKey, at most max_concurrency (8) at once":                                                 pass,
		"(h) spkey_lock_key, N=500 keys: provider peak RSS ≤ 128 MiB, every command":                                                                          miss,
		"(h) spkey_lock_key, N=20 keys: apply within 1.2× of its floor":                                                                                       infoMiss,
		"(h) spkey_lock_key, N=20 keys: apply sends exactly 40 AddKey, at most max_concurrency (8) at once":                                                   "",
		"(h) spkey_lock_key, N=20 keys: apply sends exactly 20 AddKey, at most max_concurrency (8) at once":                                                   miss, // 9 at once, and 500 adds
		"(h) spkey_lock_key, N=20 keys: provider peak RSS ≤ 128 MiB, every command":                                                                           infoMiss,
		"(a) apply within 1.05× of the floor (b), N=300":                                                                                                      "", // a run of the cases alone
		"TCP connections ≤ max_concurrency + 2, every provider command (8)":                                                                                   pass,
	} {
		if status[name] != want {
			t.Errorf("%s: %q, want %q", name, status[name], want)
		}
	}
	var caseRatios int
	for _, q := range res.Ratios {
		if q.Case != "" && q.CaseOverFloor != nil {
			caseRatios++
		}
	}
	if caseRatios != 6 {
		t.Errorf("%d case/floor ratios, want 6 (two sizes of (h), one of (f), apply and re-plan): %+v", caseRatios, res.Ratios)
	}
}
