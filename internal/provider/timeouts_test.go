package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestDurationText(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		time.Minute:               "1m",
		30 * time.Minute:          "30m",
		10 * time.Second:          "10s",
		90 * time.Second:          "1m30s",
		2 * time.Hour:             "2h",
		2*time.Hour + time.Second: "2h0m1s",
	} {
		if got := durationText(d); got != want {
			t.Errorf("durationText(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestWithTimeout(t *testing.T) {
	t.Parallel()
	configured := func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) { return time.Hour, nil }
	broken := func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) {
		return 0, diag.Diagnostics{diag.NewErrorDiagnostic("bad", "timeout")}
	}
	for name, tc := range map[string]struct {
		get     timeoutGetter
		want    time.Duration // 0: no deadline
		wantErr bool
	}{
		"configured":              {get: configured, want: time.Hour},
		"default (no attribute)":  {get: nil, want: time.Minute},
		"unusable timeout config": {get: broken, wantErr: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel, diags := withTimeout(t.Context(), tc.get, time.Minute)
			defer cancel()
			if diags.HasError() != tc.wantErr {
				t.Fatalf("diagnostics %v, want error %v", diags, tc.wantErr)
			}
			deadline, ok := ctx.Deadline()
			if ok != (tc.want != 0) {
				t.Fatalf("deadline set = %v, want %v", ok, tc.want != 0)
			}
			if left := time.Until(deadline); ok && (left > tc.want || left < tc.want-time.Second) {
				t.Errorf("deadline in %v, want %v", left, tc.want)
			}
		})
	}
}
