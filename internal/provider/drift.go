package provider

import (
	"context"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// The event types that record a change of a lock's organization or owner.
const (
	eventOrganizationSet = "OrganizationSet"
	eventOwnerSet        = "OwnerSet"
)

// lastChange returns the lock's most recent event of type typ among the
// last page of its history (the API's most recent events), or nil when
// that page has none. It makes exactly one request: a refresh that found
// drift pays one request per drifted lock to say when, never a walk
// through a long history; a change buried under a page of later events is
// reported without its time.
func lastChange(ctx context.Context, c *client.Client, lockID int64, typ string) (*client.Event, error) {
	page, err := c.LockEvents(ctx, lockID, 0)
	if err != nil {
		return nil, err
	}
	for i := len(page.Events) - 1; i >= 0; i-- {
		if page.Events[i].Type == typ {
			return &page.Events[i], nil
		}
	}
	return nil, nil
}
