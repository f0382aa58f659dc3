package main

import (
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
	p := preset{perLock: []int{10}, reps: map[int]int{10: 2}, bulk: []int{10}, bulkRateLimit: []int{10}}
	var got []string
	for _, j := range p.jobs(nil) {
		got = append(got, string(j.Approach)+"/"+j.variant())
	}
	want := []string{"floor/-", "for_each/C=8", "curl/-", "floor/-", "for_each/C=8", "curl/-", "bulk/C=8", "bulk/C=8 rps=100", "bulk/C=8 rps=adaptive"}
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
	for _, a := range []approach{forEach, floor, curl, bulk} {
		t.Run(string(a), func(t *testing.T) {
			dir := t.TempDir()
			cfg := configFor(job{Approach: a, N: 25, Concurrency: 32, ProviderRPS: 100}, "http://127.0.0.1:1", "org-x")
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(tf, "fmt", "-check", "-diff", dir)
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("terraform fmt: %v\n%s", err, out)
			}
			if a.usesProvider() {
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
		"(a) apply within 1.05× of the floor (b), N=300":   pass, // 10.2 / 10
		"(a) re-plan within 1.05× of the floor (b), N=300": miss, // 4.3 / 4
		"(a) apply faster than curl (c), N=300":            pass,
		"(a) re-plan faster than curl (c), N=300":          infoMiss,
		"(d) apply N=10000 under 15 s, no latency":         notRun,
	} {
		if status[name] != want {
			t.Errorf("%s: %q, want %q", name, status[name], want)
		}
	}
	if len(res.Ratios) != 2 || res.Ratios[0].AOverB == nil || *res.Ratios[0].AOverB != 1.02 {
		t.Errorf("ratios: %+v", res.Ratios)
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
