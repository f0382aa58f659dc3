package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Default operation timeouts, overridable with a resource's timeouts
// attribute. A data source has no timeouts attribute and uses
// defaultReadTimeout.
const (
	// One lock: one call, retries included.
	defaultCreateTimeout = 5 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
	defaultReadTimeout   = time.Minute

	// A fleet takes longer than one lock: 10,000 locks at 100 requests per
	// second is 100 s before any retry.
	defaultFleetWriteTimeout = 30 * time.Minute
	defaultFleetReadTimeout  = 10 * time.Minute
)

// timeoutGetter is one operation's method of timeouts.Value, such as
// plan.Timeouts.Create: the configured timeout, else the default given.
type timeoutGetter func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// withTimeout bounds ctx by an operation's timeout: the configured one, or
// def when none is configured (or get is nil, for a data source). The
// returned cancel is never nil, so callers can defer it before checking
// the diagnostics.
func withTimeout(ctx context.Context, get timeoutGetter, def time.Duration) (context.Context, context.CancelFunc, diag.Diagnostics) {
	timeout := def
	var diags diag.Diagnostics
	if get != nil {
		timeout, diags = get(ctx, def)
	}
	if diags.HasError() {
		return ctx, func() {}, diags
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, diags
}

// timeoutDefaultText ends a timeouts attribute's description.
func timeoutDefaultText(d time.Duration) string {
	return "as a duration such as `\"10m\"`. Defaults to `\"" + durationText(d) + "\"`."
}

// durationText writes d the way a user would type it: "10m", not "10m0s".
func durationText(d time.Duration) string {
	s := d.String()
	for _, zero := range []string{"m0s", "h0m"} {
		if strings.HasSuffix(s, zero) {
			s = strings.TrimSuffix(s, zero[1:])
		}
	}
	return s
}
