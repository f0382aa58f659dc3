// Package spkeytest is an in-memory SmartphoneKey lock API for tests, demos
// and users' own pipelines, in the spirit of net/http/httptest.
//
// It serves the provider's whole API contract (shared/api/ in the
// project), answers and error shapes included:
//
//   - a lock's organization and owner: POST /locks/{id}/SetOrganization,
//     POST /locks/{id}/SetOwner, GET /locks/{id}/basic-info,
//     GET /locks/{id}/events (paged) and GET /locks/{id}/details (with
//     its keys and residents);
//   - a user's accessible locks: POST /users/{id}/AddAccessibleLock,
//     POST /users/{id}/RemoveAccessibleLock,
//     GET /users/{id}/accessible-locks;
//   - user look-ups, find-or-create unless searchOnly=true:
//     GET /users/by-email, GET /users/by-phone;
//   - a lock's residents: POST /locks/{id}/AddResident,
//     POST /locks/{id}/RemoveResident, GET /locks/{id}/residents;
//   - a lock's keys: POST /locks/{id}/AddKey, POST /locks/{id}/RemoveKey
//     (502 while its device is offline, see SetDeviceOffline);
//   - a lock's temp keys: POST /locks/{id}/create-temp-key,
//     update-temp-key and delete-temp-key, GET /locks/{id}/temp-keys
//     (statuses computed at the mock's Now, see SetNow).
//
// Locks and users are event-sourced aggregates: every change records an
// event in the aggregate's history and grows its version. Every request
// is recorded (Requests, RequestsFor, RequestsForUser) so that tests can
// assert on what reached the API. A path the API does not serve answers
// a router's plain-text 404, and Canned answers stand in for a proxy or
// another server on any path. Faults (error statuses with Retry-After,
// latency, dropped connections, malformed or oversized bodies, stalled
// bodies, a gateway's HTML page; applied before or after the command) and
// a requests-per-second limit can be injected, deterministically when
// seeded; StepClock makes event timestamps deterministic. Go methods and
// control endpoints under /_mock/ change any of it behind the client's
// back, recording the events the API would.
//
// Files: server.go (options, lifecycle, dispatch, recording), router.go
// (operations and the ServeMux that routes them), handlers.go (auth,
// SetOrganization, SetOwner, basic-info, details, events), bodies.go
// (reading command bodies), store.go (locks, events, errors, out-of-band
// lock helpers), ordered.go (insertion-ordered lists), users.go (user
// aggregates), user_lookup.go (by-email, by-phone), access.go (accessible
// locks), residents.go, keys.go (and devices), temp_keys.go, clock.go
// (StepClock, SetNow), faults.go (fault rules and their answers),
// canned.go, responses.go (answer rendering and error shapes), admin.go
// and admin_access.go (the /_mock/ control endpoints), locks.go (the
// -locks syntax).
//
// The cmd/spkey-mock binary serves the same Server on a chosen address.
package spkeytest
