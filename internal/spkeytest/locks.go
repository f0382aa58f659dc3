package spkeytest

import (
	"strings"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// ParseLockIDs reads the lock ids of spkey-mock's -locks flag, such as
// "1-100,123", with lockids.ParseList: the provider's parser, wording and
// bound (at most lockids.MaxIDs ids, counted before any is built). A flag
// is more forgiving than an import ID: spaces around an item and empty
// items are ignored, and "" means no locks.
func ParseLockIDs(spec string) ([]int64, error) {
	var parts []string
	for part := range strings.SplitSeq(spec, ",") {
		if part = strings.TrimSpace(part); part != "" {
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return lockids.ParseList(strings.Join(parts, ","))
}
