// Package spkeytest is an in-memory SmartphoneKey lock API for tests, demos
// and users' own pipelines, in the spirit of net/http/httptest.
//
// It serves POST /locks/{id}/SetOrganization and GET /locks/{id}/basic-info
// exactly as the provider's API contract describes them, including both
// error shapes, and records every request so that tests can assert on what
// reached the API. Faults (error statuses with Retry-After, latency, dropped
// connections, malformed or oversized bodies, stalled bodies) and a
// requests-per-second limit can be injected, deterministically when seeded.
//
// The cmd/spkey-mock binary serves the same Server on a chosen address.
package spkeytest
