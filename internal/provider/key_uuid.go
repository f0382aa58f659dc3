package provider

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// The UUIDs of keys: a lock key's keyUuid and a temporary key's
// tempKeyUuid. The API leaves minting them to the caller; whoever knows a
// temporary key's UUID can open the door, so it must be unguessable
// (crypto/rand) and never shown (see tempKeyID).

// newKeyUUID mints a random (version 4) UUID from crypto/rand.
func newKeyUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])  // never fails: crypto/rand crashes the program rather than return weak bytes
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// tempKeyIDLength is how many hex digits of the SHA-256 a temp_key_id
// keeps: 64 bits, enough that two keys of one lock never share one.
const tempKeyIDLength = 16

// tempKeyID is what identifies a temporary key where its UUID must not
// appear (id, identity, plan output): the first 16 hex digits of the
// SHA-256 of the lower-case UUID. The UUID's 122 random bits cannot be
// found from it, and anyone who holds the UUID can compute it
// (substr(sha256(lower(uuid)), 0, 16) in Terraform).
func tempKeyID(uuid string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(uuid)))
	return hex.EncodeToString(sum[:])[:tempKeyIDLength]
}

// looksLikeTempKeyID reports whether s is a temp_key_id: 16 lower-case
// hex digits.
func looksLikeTempKeyID(s string) bool {
	if len(s) != tempKeyIDLength {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// keyUUIDValidator accepts a key's UUID. For a secret one (a temporary
// key's), the error never repeats the value.
type keyUUIDValidator struct {
	secret bool
}

var _ validator.String = keyUUIDValidator{}

func (keyUUIDValidator) Description(context.Context) string {
	return "must be a UUID such as 6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
}

func (v keyUUIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v keyUUIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || lockids.LooksLikeUUID(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.Append(invalidKeyUUIDDiag(req.Path, req.ConfigValue.ValueString(), v.secret))
}
