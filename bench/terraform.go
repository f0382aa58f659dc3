package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// providerAddress is the provider's source address that the CLI
// configuration's dev_overrides points at the binary the benchmark built;
// restapiAddress is Mastercard's REST provider's, for (e).
const (
	providerAddress = "registry.terraform.io/smartphonekey/spkey"
	restapiAddress  = "registry.terraform.io/mastercard/restapi"
)

// writeCLIConfig writes the Terraform CLI configuration every command runs
// with: dev_overrides for the provider (and for Mastercard's, from
// restapiDir, unless it is empty), so no init and no registry.
func writeCLIConfig(path, binDir, restapiDir string) error {
	more := ""
	if restapiDir != "" {
		more = fmt.Sprintf("\n    %q = %q", restapiAddress, restapiDir)
	}
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q%s
  }
  direct {}
}
`, providerAddress, binDir, more)
	return os.WriteFile(path, []byte(cfg), 0o644)
}

// configFor returns main.tf for a job against the mock at baseURL, with
// every lock in org.
func configFor(j job, baseURL, org string) string {
	var b strings.Builder
	if j.Approach.usesProvider() {
		b.WriteString("terraform {\n  required_providers {\n    spkey = { source = \"smartphonekey/spkey\" }\n  }\n}\n\n")
		// The token comes from SPKEY_API_TOKEN.
		attrs := [][2]string{{"base_url", strconv.Quote(baseURL)}}
		if j.Approach.isCase() {
			// The grantor of (f)'s grants: a user of the mock.
			attrs = append(attrs, [2]string{"actor_id", strconv.Quote(fmt.Sprintf(userIDFormat, actorUser))})
		}
		if j.Concurrency > 0 {
			attrs = append(attrs, [2]string{"max_concurrency", strconv.Itoa(j.Concurrency)})
		}
		if j.ProviderRPS > 0 {
			attrs = append(attrs, [2]string{"max_requests_per_second", strconv.FormatFloat(j.ProviderRPS, 'g', -1, 64)})
		}
		width := 0
		for _, a := range attrs {
			width = max(width, len(a[0]))
		}
		b.WriteString("provider \"spkey\" {\n")
		for _, a := range attrs {
			fmt.Fprintf(&b, "  %-*s = %s\n", width, a[0], a[1])
		}
		b.WriteString("}\n\n")
	}
	if j.Approach == restapi {
		// As teams configured it: the credentials as headers (restapi
		// reads no token from the environment).
		fmt.Fprintf(&b, "terraform {\n  required_providers {\n    restapi = { source = \"Mastercard/restapi\" }\n  }\n}\n\n"+
			"provider \"restapi\" {\n  uri     = %q\n  headers = { Authorization = %q }\n}\n\n", baseURL, "Bearer "+mockToken)
	}
	if j.Approach == bulk && j.Spelling != literal && j.Spelling != "" {
		fmt.Fprintf(&b, "locals {\n  org_id = %q\n}\n\n", org)
		b.WriteString(bulkFromFiles(j.Spelling))
		return b.String()
	}
	if j.Approach.isCase() {
		b.WriteString(caseConfig(j))
		return b.String()
	}
	b.WriteString("locals {\n  lock_ids = ")
	writeNumberList(&b, j.N)
	fmt.Fprintf(&b, "  org_id = %q\n}\n\n", org)

	const forEachIDs = "  for_each = toset([for id in local.lock_ids : tostring(id)])\n\n"
	switch j.Approach {
	case forEach:
		b.WriteString("resource \"spkey_lock_organization\" \"lock\" {\n" + forEachIDs +
			"  lock_id = tonumber(each.key)\n  org_id  = local.org_id\n}\n")
	case floor:
		b.WriteString("resource \"terraform_data\" \"lock\" {\n" + forEachIDs +
			"  input = {\n    lock_id = tonumber(each.key)\n    org_id  = local.org_id\n  }\n}\n")
	case curl:
		// The token stays in the environment; curl fails on any HTTP error
		// (-f), and does not retry, as such scripts usually don't.
		cmd := fmt.Sprintf(`curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' `+
			`-H "Authorization: Bearer $SPKEY_API_TOKEN" --data '{"orgId":"${self.input.org_id}"}' `+
			`%s/locks/${self.input.lock_id}/SetOrganization`, baseURL)
		b.WriteString("resource \"terraform_data\" \"lock\" {\n" + forEachIDs +
			"  input = {\n    lock_id = tonumber(each.key)\n    org_id  = local.org_id\n  }\n\n" +
			"  provisioner \"local-exec\" {\n    command = " + strconv.Quote(cmd) + "\n  }\n}\n")
	case bulk:
		b.WriteString("resource \"spkey_organization_locks\" \"fleet\" {\n" +
			"  org_id = local.org_id\n  locks  = { for id in local.lock_ids : id => \"\" }\n}\n")
	case restapi:
		// POST /locks/{id}/SetOrganization, read back from basic-info;
		// destroy sends restapi's default DELETE to path/{id}.
		b.WriteString("resource \"restapi_object\" \"lock\" {\n" + forEachIDs +
			"  path      = \"/locks/{id}/SetOrganization\"\n  read_path = \"/locks/{id}/basic-info\"\n" +
			"  object_id = each.key\n  data      = jsonencode({ orgId = local.org_id })\n}\n")
	}
	return b.String()
}

// bulkFromFiles is (d) reading its ids from files: locks.txt, or for_each
// over locks/*.txt. No for expression over the lines: `[for line in ... :
// trimspace(line)]` is a tuple, and converting a tuple of N elements to a
// list makes Terraform compare every element type with every other one
// (cty's convert.sortTypes), which is quadratic in N; see README.md.
func bulkFromFiles(sp spelling) string {
	const read = `toset(compact(split("\n", file(%s))))`
	if sp == chunks {
		return "resource \"spkey_organization_locks\" \"fleet\" {\n" +
			"  for_each = fileset(path.module, \"locks/*.txt\")\n\n" +
			"  org_id = local.org_id\n" +
			"  locks  = { for id in " + fmt.Sprintf(read, `"${path.module}/${each.value}"`) + " : id => \"\" }\n}\n"
	}
	return "resource \"spkey_organization_locks\" \"fleet\" {\n" +
		"  org_id = local.org_id\n" +
		"  locks  = { for id in " + fmt.Sprintf(read, `"${path.module}/locks.txt"`) + " : id => \"\" }\n}\n"
}

// idFiles returns the files of ids that a job's configuration reads, by
// path relative to the working directory: one id per line.
func idFiles(j job) map[string]string {
	if j.Approach != bulk || (j.Spelling != file && j.Spelling != chunks) {
		return nil
	}
	per := j.N
	if j.Spelling == chunks {
		per = max(1, j.Chunk)
	}
	out := map[string]string{}
	for first := 1; first <= j.N; first += per {
		var b strings.Builder
		for id := first; id < first+per && id <= j.N; id++ {
			b.WriteString(strconv.Itoa(id))
			b.WriteByte('\n')
		}
		name := "locks.txt"
		if j.Spelling == chunks {
			name = filepath.Join("locks", fmt.Sprintf("%03d.txt", (first-1)/per))
		}
		out[name] = b.String()
	}
	return out
}

// writeConfig writes main.tf and the files of ids into dir.
func writeConfig(dir string, j job, baseURL, org string) error {
	files := idFiles(j)
	if files == nil {
		files = map[string]string{}
	}
	files["main.tf"] = configFor(j, baseURL, org)
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// terraform runs Terraform commands in one working directory.
type terraform struct {
	binary   string
	dir      string
	env      []string
	provider string // absolute path of the provider binary, for the RSS sampler
	interval time.Duration
	timeout  time.Duration
	logs     string
}

// commandResult is one timed Terraform command.
type commandResult struct {
	samplerResult
	Seconds  float64
	ExitCode int
	// CPU is the user and system time of Terraform and of the children it
	// waited for (the providers, local-exec), in seconds.
	CPU float64
	// TimedOut is set when the command ran longer than the timeout and
	// was interrupted.
	TimedOut bool
}

// run runs one command, timing it and sampling the provider's memory; the
// output goes to a log file named after the step. A command that outlasts
// the timeout is interrupted and reported as timed out, not as an error.
func (t *terraform) run(ctx context.Context, step string, args ...string) (commandResult, error) {
	log, err := os.Create(filepath.Join(t.logs, step+".log"))
	if err != nil {
		return commandResult{}, err
	}
	defer log.Close()
	cmdCtx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	cmd := exec.CommandContext(cmdCtx, t.binary, args...)
	cmd.Dir, cmd.Env = t.dir, t.env
	cmd.Stdout, cmd.Stderr = log, log
	// On Ctrl-C, let Terraform stop its provider and save state.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 10 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return commandResult{}, err
	}
	sampler := newRSSSampler(cmd.Process.Pid, t.provider)
	stop, sampled := make(chan struct{}), make(chan struct{})
	go sampler.run(t.interval, stop, sampled)
	werr := cmd.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-sampled
	if cmdCtx.Err() != nil {
		sampler.killLeftovers()
	}

	res := commandResult{
		samplerResult: sampler.result(),
		Seconds:       elapsed.Seconds(),
		ExitCode:      cmd.ProcessState.ExitCode(),
		CPU:           (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds(),
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	res.TimedOut = cmdCtx.Err() != nil
	var exitErr *exec.ExitError
	if werr != nil && !res.TimedOut && !errors.As(werr, &exitErr) {
		return res, werr
	}
	return res, nil
}

// terraformEnv is the environment for every Terraform command: the
// caller's, without variables that would change what is measured, plus
// the benchmark's CLI configuration and the mock's token.
func terraformEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "SPKEY_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"SPKEY_API_TOKEN="+mockToken,
	)
}
