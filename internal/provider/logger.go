package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// apiSubsystem is the tflog subsystem of the API client's lines, so that
// TF_LOG_PROVIDER_SPKEY_API sets their level apart from the provider's.
const apiSubsystem = "api"

// tflogLogger routes the API client's log lines to tflog's "api"
// subsystem. The client never logs a header or a secret; masking the
// credentials here as well means a future field that carries one (an error
// echoing a header, say) is still safe at TF_LOG=TRACE.
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

// subsystem adds the "api" subsystem to the caller's context, which the
// client logs with, and masks the credentials there.
func (l tflogLogger) subsystem(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, apiSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_SPKEY", apiSubsystem), tflog.WithRootFields())
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, apiSubsystem, l.secrets...)
	return tflog.SubsystemMaskMessageStrings(ctx, apiSubsystem, l.secrets...)
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(l.subsystem(ctx), apiSubsystem, msg, fields)
}

func (l tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemWarn(l.subsystem(ctx), apiSubsystem, msg, fields)
}
