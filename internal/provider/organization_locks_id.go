package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// parseOrganizationLocksID reads the spkey_organization_locks import ID:
// <org_id>:<lock ids>, the ids as lockids.ParseList reads them ("1-3,7"),
// at most lockids.MaxIDs of them, counted before any is built.
// The last colon separates, so an org_id may contain colons.
func parseOrganizationLocksID(s string) (string, []int64, error) {
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return "", nil, fmt.Errorf("%q has no colon between the organization id and the lock ids", s)
	}
	org, list := s[:i], s[i+1:]
	if org == "" {
		return "", nil, errors.New("the organization id before the colon is empty")
	}
	if list == "" {
		return "", nil, errors.New("the lock id list after the colon is empty")
	}
	ids, err := lockids.ParseList(list)
	if err != nil {
		return "", nil, err
	}
	return org, ids, nil
}
