package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogLogger routes the API client's log lines to tflog. The client never
// logs a header or a secret; masking the credentials here as well means a
// future field that carries one (an error echoing a header, say) is still
// safe at TF_LOG=TRACE.
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

func (l tflogLogger) mask(ctx context.Context) context.Context {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, l.secrets...)
	return tflog.MaskMessageStrings(ctx, l.secrets...)
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(l.mask(ctx), msg, fields)
}

func (l tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(l.mask(ctx), msg, fields)
}
