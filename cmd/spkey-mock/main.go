// Command spkey-mock serves the in-memory SmartphoneKey lock API of package
// spkeytest on a local address, for the demo, the benchmark and for running
// a pipeline's plans without touching the real API.
//
//	spkey-mock -listen 127.0.0.1:8787 -token T -key K -locks 1-1000 -users 1-100
//
// Numbered users (-users) have the id spkeytest.UserUUID(n)
// ("00000000-0000-4000-a000-000000000007" for 7), the email
// user<n>@example.com and the phone number "+48" and 600000000+n
// (+48600000007); see spkeytest.NumberedUser.
//
// It prints the URL it listens on, then one line per request unless -quiet.
// Point the provider at it with SPKEY_BASE_URL (http is accepted for
// loopback hosts). Control endpoints under /_mock/ report counters and
// change locks, owners, users, accessible locks, residents, keys, temp
// keys, devices, the clock, faults and canned answers at run time; -h
// lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

type faultFlags []spkeytest.Fault

func (f *faultFlags) String() string {
	parts := make([]string, len(*f))
	for i, x := range *f {
		parts[i] = x.String()
	}
	return strings.Join(parts, " ")
}

func (f *faultFlags) Set(spec string) error {
	x, err := spkeytest.ParseFault(spec)
	if err != nil {
		return err
	}
	*f = append(*f, x)
	return nil
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "spkey-mock:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spkey-mock", flag.ContinueOnError)
	// Parse prints nothing; -h prints the usage to stdout, and an error is
	// returned to main, which prints it once.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var (
		opts    spkeytest.Options
		faults  faultFlags
		listen  = fs.String("listen", "127.0.0.1:8787", "address to listen on (port 0 picks a free port)")
		locks   = fs.String("locks", "1-1000", "lock ids that exist at start: ids and ranges, e.g. 1-100,123")
		users   = fs.String("users", "1-100", "numbered users that exist at start, e.g. 1-100 (user n: id 00000000-0000-4000-a000-<n in 12 digits>, email user<n>@example.com, phone +48 and 600000000+n)")
		offline = fs.String("offline", "", "locks whose device cannot be reached at start: AddKey and RemoveKey answer 502 (ids and ranges)")
		urlFile = fs.String("url-file", "", "also write the URL to this file once listening (for scripts)")
		quiet   = fs.Bool("quiet", false, "do not log each request")
	)
	// The credentials' defaults are resolved after parsing, so that -h
	// never prints the value of $SPKEY_API_TOKEN or $SPKEY_API_KEY.
	fs.StringVar(&opts.Token, "token", "", "bearer token to accept (default $SPKEY_API_TOKEN, else mock-token)")
	fs.StringVar(&opts.APIKey, "key", "", "X-API-Key to accept (default $SPKEY_API_KEY, else mock-key)")
	fs.StringVar(&opts.APIKeyOrg, "key-org", "", "scope the API key to this organization (others' locks answer 403)")
	fs.DurationVar(&opts.Latency, "latency", 0, "delay every answer by this much, e.g. 50ms")
	fs.Float64Var(&opts.RequestsPerSecond, "rps", 0, "answer 429 with Retry-After beyond this many requests per second (0: no limit)")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed for rate-based faults")
	fs.StringVar(&opts.ActorID, "actor", "", "user id the mock acts as: createdBy of temp keys, author of out-of-band changes (default "+spkeytest.DefaultActorID+")")
	fs.Var(&faults, "fault", "inject a fault, e.g. kind=status,status=503,retry-after=1,rate=0.1 or kind=gateway,op=AddKey,after=true,count=1 (repeatable; kinds: "+spkeytest.FaultKindNames+")")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return nil
		}
		return fmt.Errorf("%w (spkey-mock -h lists the flags)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (spkey-mock -h lists the flags)", fs.Arg(0))
	}
	if opts.Token == "" {
		opts.Token = envOr("SPKEY_API_TOKEN", "mock-token")
	}
	if opts.APIKey == "" {
		opts.APIKey = envOr("SPKEY_API_KEY", "mock-key")
	}
	ids, err := spkeytest.ParseLockIDs(*locks)
	if err != nil {
		return fmt.Errorf("-locks: %w", err)
	}
	opts.Locks = ids
	userNumbers, err := spkeytest.ParseLockIDs(*users)
	if err != nil {
		return fmt.Errorf("-users: %w", err)
	}
	for _, n := range userNumbers {
		opts.Users = append(opts.Users, spkeytest.NumberedUser(n))
	}
	if opts.OfflineDevices, err = spkeytest.ParseLockIDs(*offline); err != nil {
		return fmt.Errorf("-offline: %w", err)
	}
	opts.Faults = faults
	if !*quiet {
		opts.Log = log.New(stderr, "spkey-mock: ", log.LstdFlags|log.Lmicroseconds)
	}

	srv := spkeytest.New(opts)
	if err := srv.Start(*listen); err != nil {
		return err
	}
	defer srv.Close()
	_, _ = fmt.Fprintf(stdout, "spkey-mock listening on %s (%d locks, %d users)\n", srv.URL, len(ids), len(opts.Users))
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(srv.URL+"\n"), 0o600); err != nil {
			return err
		}
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

// usage prints the flags, each default once, and every control endpoint.
func usage(w io.Writer, fs *flag.FlagSet) {
	_, _ = fmt.Fprint(w, `Usage: spkey-mock [flags]

Serves the in-memory SmartphoneKey lock API for tests, demos and
pipelines: a lock's organization and owner (SetOrganization, SetOwner,
basic-info, events, details), who may use it (a user's accessible locks,
the lock's residents, keys and temp keys) and the user look-ups (by-email,
by-phone). Point the provider at it with
SPKEY_BASE_URL=http://127.0.0.1:8787.

Flags:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	_, _ = fmt.Fprint(w, `
Control endpoints (no credentials; never part of the real API; {id} is a lock id
under /_mock/locks/, a user id under /_mock/users/):
`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range spkeytest.ControlEndpoints() {
		_, _ = fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Method, c.Path, c.Answer)
		if c.Params != "" {
			_, _ = fmt.Fprintf(tw, "  \t\t%s\n", c.Params)
		}
	}
	_ = tw.Flush()
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
