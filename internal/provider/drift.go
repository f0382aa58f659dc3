package provider

import (
	"context"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// The event types that record a change of a lock's organization or owner.
const (
	eventOrganizationSet = "OrganizationSet"
	eventOwnerSet        = "OwnerSet"
)

// driftLookupTimeout bounds the lookup of when a lock drifted. The time
// in a warning is worth a few seconds of a plan, not a read's whole retry
// budget: a slow events endpoint held plans for 60 to 155 s.
const driftLookupTimeout = 5 * time.Second

// lastChange returns the lock's most recent event of type typ among the
// last page of its history (the API's most recent events), or nil when
// that page has none. It makes exactly one request, within
// driftLookupTimeout: a refresh that found drift pays one request per
// drifted lock to say when, never a walk through a long history or a long
// wait; a change buried under a page of later events is reported without
// its time. The event's text is redacted, for the warning that shows it.
func lastChange(ctx context.Context, c *client.Client, lockID int64, typ string) (*client.Event, error) {
	ctx, cancel := context.WithTimeout(ctx, driftLookupTimeout)
	defer cancel()
	page, err := c.LockEvents(ctx, lockID, 0)
	if err != nil {
		return nil, err
	}
	for i := len(page.Events) - 1; i >= 0; i-- {
		if ev := page.Events[i]; ev.Type == typ {
			ev.Timestamp, ev.Type = c.Redact(ev.Timestamp), c.Redact(ev.Type)
			return &ev, nil
		}
	}
	return nil, nil
}
