// Package spkeytest is an in-memory SmartphoneKey lock API for tests, demos
// and users' own pipelines, in the spirit of net/http/httptest.
//
// It serves POST /locks/{id}/SetOrganization, POST /locks/{id}/SetOwner,
// GET /locks/{id}/basic-info and GET /locks/{id}/events (paged) exactly as
// the provider's API contract describes them, including both error shapes,
// keeps every lock's event history, and records every request so that
// tests can assert on what reached the API. A path the API does not serve
// answers a router's plain-text 404, and Canned answers stand in for a
// proxy or another server on any path. Faults (error statuses with
// Retry-After, latency, dropped connections, malformed or oversized bodies,
// stalled bodies) and a requests-per-second limit can be injected,
// deterministically when seeded; StepClock makes event timestamps
// deterministic.
//
// Files: server.go (lifecycle, dispatch, recording), handlers.go (auth and
// one function per endpoint), store.go (locks, events, out-of-band
// helpers), faults.go (fault rules and their answers), canned.go,
// responses.go (answer rendering), admin.go (the /_mock/ control
// endpoints).
//
// The cmd/spkey-mock binary serves the same Server on a chosen address.
package spkeytest
