package client

import "context"

// Logger receives one structured line per HTTP attempt and per retry
// decision. The provider routes it to tflog; the client itself never writes
// to stdout or stderr. Field values are never header values or secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}
