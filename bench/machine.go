package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// machine records where and with what a run ran.
type machine struct {
	CPU         string `json:"cpu"`
	Cores       int    `json:"cores"`
	MemoryBytes int64  `json:"memory_bytes"`
	Kernel      string `json:"kernel"`
	Go          string `json:"go"`
	Terraform   string `json:"terraform"`
	Curl        string `json:"curl"`
	Commit      string `json:"commit,omitempty"`
	Date        string `json:"date"`
	// LoadStart and LoadEnd are /proc/loadavg's 1, 5 and 15 minute load
	// averages when the run started and ended: other work on the machine
	// slows everything down.
	LoadStart string `json:"load_average_start"`
	LoadEnd   string `json:"load_average_end"`
}

func describeMachine(ctx context.Context, tf, repo string) machine {
	m := machine{
		Cores:     runtime.NumCPU(),
		Kernel:    strings.TrimSpace(readFile("/proc/sys/kernel/osrelease")),
		Go:        output(ctx, "", "go", "env", "GOVERSION"),
		Date:      time.Now().UTC().Format(time.RFC3339),
		LoadStart: loadAverage(),
	}
	for _, line := range strings.Split(readFile("/proc/cpuinfo"), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			m.CPU = strings.TrimSpace(v)
			break
		}
	}
	if kb, ok := parseKB([]byte(readFile("/proc/meminfo")), "MemTotal:"); ok {
		m.MemoryBytes = kb
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if json.Unmarshal([]byte(output(ctx, "", tf, "version", "-json")), &v) == nil {
		m.Terraform = v.Version
	}
	m.Curl, _, _ = strings.Cut(output(ctx, "", "curl", "--version"), "\n")
	m.Commit = output(ctx, repo, "git", "rev-parse", "--short", "HEAD")
	return m
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	f := strings.Fields(readFile("/proc/loadavg"))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// output runs a command and returns its trimmed standard output, or "".
func output(ctx context.Context, dir, name string, args ...string) string {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return string(bytes.TrimSpace(out))
}

// settings records how Terraform was run.
type settings struct {
	Preset        string   `json:"preset"`
	TerraformArgs []string `json:"terraform_args"`
	ReplanArgs    []string `json:"replan_args"`
	SampleEvery   string   `json:"rss_sample_interval"`
	Reps          string   `json:"reps"`
	CaseReps      int      `json:"case_reps,omitempty"`
	BulkReps      string   `json:"bulk_reps"`
	Provider      string   `json:"provider_binary,omitempty"`
	Notes         []string `json:"notes"`
}

func describeSettings(o options) settings {
	var reps []string
	for _, n := range o.preset.perLock {
		reps = append(reps, fmt.Sprintf("%d:%d", n, max(1, o.preset.reps[n])))
	}
	var bulkReps []string
	for _, n := range slices.Sorted(maps.Keys(o.preset.bulkReps)) {
		bulkReps = append(bulkReps, fmt.Sprintf("%d:%d", n, o.preset.bulkReps[n]))
	}
	return settings{
		Preset:        o.preset.name,
		BulkReps:      "N:reps for (d) without latency (other sizes 1), spellings alternating: " + strings.Join(bulkReps, " "),
		Provider:      o.provider,
		TerraformArgs: []string{"-auto-approve", "-input=false", "-no-color", "-parallelism=10"},
		ReplanArgs:    []string{"plan", "-refresh=true", "-detailed-exitcode", "-input=false", "-no-color", "-parallelism=10"},
		SampleEvery:   o.interval.String(),
		Reps:          "N:reps for (a)-(c) and (e), best time kept: " + strings.Join(reps, " "),
		CaseReps:      max(1, o.preset.caseReps),
		Notes: []string{
			"Each measurement runs in a fresh working directory with a new organization id, so apply assigns every lock.",
			"The provider runs through dev_overrides (no init); (b) and (c) use built-ins only and are initialised offline, untimed.",
			"requests and connections are what spkey-mock counted during the one command (counters reset before it).",
			"provider_peak_rss is the largest VmHWM of any terraform-provider-spkey process the command started (terraform-provider-restapi for (e)), sampled from /proc.",
			"(d)'s ids: list is a literal tolist([...]) in main.tf; file is locks.txt, one id per line, read with toset(compact(split(newline, file(...)))); chunks is for_each over locks/*.txt of -chunk ids each (5000).",
			"(c)'s re-plan makes no HTTP call: terraform_data has nothing to refresh.",
			"destroy makes no API call for (a) and (d) (the API cannot unassign a lock); its requests are the refresh before it. (e)'s destroy sends restapi's default DELETE per lock.",
			fmt.Sprintf("drift (approaches that call the API, no latency, up to %d locks): lock 1 moved to another organization outside Terraform, then the re-plan again; exit 2 = sees the drift.", driftMaxLocks),
			fmt.Sprintf("(f), (g), (h) each run against a fresh spkey-mock holding their N numbered users (-users 1-N), locks 1-%d and the actor_id user %d; their floors (f0), (g0), (h0) are terraform_data with the same for_each and the same arguments in input.", grantsPerUser, actorUser),
			"by_op counts the requests of each operation, max_in_flight the most the mock served at once, mock_cpu_seconds what serving them cost spkey-mock.",
		},
	}
}
