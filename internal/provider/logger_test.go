package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A prepared context is used as it is: the subsystem is built once per
// fleet, and lines logged through it still mask the credentials.
func TestTflogLoggerPrepare(t *testing.T) {
	t.Setenv("TF_LOG_PROVIDER_SPKEY_API", "DEBUG")
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	l := newTflogLogger("s3cret-token", "", "s3cret-key")
	prepared := l.Prepare(ctx)
	if again := l.Prepare(prepared); again != prepared {
		t.Error("Prepare built the subsystem again for a prepared context")
	}
	l.Debug(prepared, "request with s3cret-token", map[string]any{"echo": "key=s3cret-key"})
	l.Warn(ctx, "unprepared s3cret-key", nil)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), out.String())
	}
	for _, want := range []string{`"@module":"provider.api"`, `request with ***`, `"echo":"key=***"`, `unprepared ***`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "s3cret") {
		t.Errorf("a credential reached the log:\n%s", out.String())
	}
}
