package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// apiSubsystem is the tflog subsystem of the API client's lines, so that
// TF_LOG_PROVIDER_SPKEY_API sets their level apart from the provider's.
const apiSubsystem = "api"

// tflogLogger routes the API client's log lines to tflog's "api"
// subsystem. The client never logs a header or a secret, and redacts the
// credentials from every line it logs however a server's text encodes
// them (a transport error quoting a malformed answer, say); tflog's
// masking of their raw form here is the second line of defence, for
// anything that reaches tflog another way.
type tflogLogger struct {
	secrets []string
}

func newTflogLogger(secrets ...string) tflogLogger {
	var nonEmpty []string
	for _, s := range secrets {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	return tflogLogger{secrets: nonEmpty}
}

// apiLogPrepared marks a context that carries the "api" subsystem.
type apiLogPrepared struct{}

// Prepare adds the "api" subsystem to the caller's context, which the
// client logs with, and masks the credentials there. tflog builds a whole
// hclog logger for a subsystem, even with logging off (about 2.5 KB and a
// few microseconds), so each worker of a fleet prepares its context once.
// A prepared context must log from one goroutine at a time: tflog's masking
// writes into the context's field map on every line.
func (l tflogLogger) Prepare(ctx context.Context) context.Context {
	if ctx.Value(apiLogPrepared{}) != nil {
		return ctx
	}
	ctx = tflog.NewSubsystem(ctx, apiSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_SPKEY", apiSubsystem), tflog.WithRootFields())
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, apiSubsystem, l.secrets...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, apiSubsystem, l.secrets...)
	return context.WithValue(ctx, apiLogPrepared{}, true)
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(l.Prepare(ctx), apiSubsystem, msg, fields)
}

func (l tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemWarn(l.Prepare(ctx), apiSubsystem, msg, fields)
}
