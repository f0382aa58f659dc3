package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

const (
	scaleKeys        = 500
	scaleConcurrency = 4
)

// inFlight counts the requests a handler is serving at once.
type inFlight struct {
	next      http.Handler
	now, most atomic.Int64
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.now.Add(1)
	defer f.now.Add(-1)
	for m := f.most.Load(); n > m && !f.most.CompareAndSwap(m, n); m = f.most.Load() {
	}
	f.next.ServeHTTP(w, r)
}

// TestAccCLI_keysAtScale applies 500 keys of one lock through for_each:
// exactly 500 AddKey, never more than max_concurrency at once, and no
// details read; then a re-plan reads the lock's details a handful of
// times at most, for all 500 keys. It logs the wall times; with
// SCALE_FLOOR=1 also those of 500 terraform_data instances, Terraform's
// own floor on the same machine (Terraform is superlinear in the
// instances of one block: most of the time is its own). About a minute on
// 2 cores: skipped with -short.
func TestAccCLI_keysAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("500 instances take Terraform about a minute")
	}
	mock := spkeytest.New(spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{7}, Latency: 2 * time.Millisecond})
	counter := &inFlight{next: mock}
	srv := httptest.NewServer(counter)
	t.Cleanup(srv.Close)
	cli := newCLI(t)
	main := filepath.Join(cli.dir, "main.tf")
	timed := func(args ...string) (string, time.Duration) {
		start := time.Now()
		out := cli.run(true, args...)
		return out, time.Since(start)
	}

	floor := "not measured (SCALE_FLOOR=1)"
	if os.Getenv("SCALE_FLOOR") != "" {
		// The same number of instances of a built-in.
		writeFile(t, main, fmt.Sprintf(`
resource "terraform_data" "k" {
  for_each = toset([for i in range(%d) : tostring(i)])
  input    = each.key
}
`, scaleKeys))
		_, floorApply := timed("apply", "-auto-approve", "-parallelism=20")
		_, floorPlan := timed("plan", "-detailed-exitcode", "-parallelism=20")
		cli.run(true, "destroy", "-auto-approve", "-parallelism=20")
		floor = fmt.Sprintf("apply %s, plan %s", floorApply.Round(10*time.Millisecond), floorPlan.Round(10*time.Millisecond))
	}

	writeFile(t, main, requiredProviders+providerBlock(srv.URL, fmt.Sprintf("  max_concurrency = %d", scaleConcurrency))+fmt.Sprintf(`
resource "spkey_lock_key" "k" {
  for_each         = toset([for i in range(%d) : tostring(i)])
  lock_id          = 7
  key_index_number = tonumber(each.key)
}
`, scaleKeys))
	out, applyTime := timed("apply", "-auto-approve", "-parallelism=20")
	mustContain(t, "apply output", out, fmt.Sprintf("Apply complete! Resources: %d added", scaleKeys))
	adds, details := requestsOf(mock, spkeytest.OpAddKey), requestsOf(mock, spkeytest.OpDetails)
	if len(adds) != scaleKeys || len(details) != 0 {
		t.Errorf("the apply sent %d AddKey and %d details reads, want %d and none", len(adds), len(details), scaleKeys)
	}
	if most := counter.most.Load(); most > scaleConcurrency {
		t.Errorf("the mock served %d requests at once, more than max_concurrency = %d", most, scaleConcurrency)
	}
	if keys, _ := mock.Keys(7); len(keys) != scaleKeys {
		t.Errorf("lock 7 has %d keys, want %d", len(keys), scaleKeys)
	}
	applyMost := counter.most.Load()

	mark := len(mock.Requests())
	out, planTime := timed("plan", "-detailed-exitcode", "-parallelism=20")
	mustContain(t, "re-plan output", out, "No changes.")
	var reads []string
	for _, r := range mock.Requests()[mark:] {
		reads = append(reads, r.Op)
	}
	if n := strings.Count(strings.Join(reads, " "), spkeytest.OpDetails); n > 5 || n != len(reads) {
		t.Errorf("the re-plan of %d keys sent %v, want a handful of details reads at most", scaleKeys, reads)
	}
	t.Logf("%d spkey_lock_key on one lock (parallelism 20, max_concurrency %d, 2 ms mock latency): apply %s (%d AddKey, %d at once at most), "+
		"re-plan %s (%d requests, all details); %d terraform_data, Terraform's floor: %s",
		scaleKeys, scaleConcurrency, applyTime.Round(10*time.Millisecond), len(adds), applyMost, planTime.Round(10*time.Millisecond),
		len(reads), scaleKeys, floor)
}
