package client

import "context"

// Logger receives one structured line per HTTP attempt and per retry
// decision. The provider routes it to tflog; the client itself never writes
// to stdout or stderr. Field values are never header values or secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
	// Prepare returns ctx ready for many lines: what a logger would set up
	// for every line (tflog builds a whole logger for a subsystem) is then
	// set up once for many calls. Lines logged with a context that was not
	// prepared must still work; a prepared context is used by one goroutine
	// at a time.
	Prepare(ctx context.Context) context.Context
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

func (nopLogger) Prepare(ctx context.Context) context.Context { return ctx }
