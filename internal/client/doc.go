// Package client is a small Go client for the SmartphoneKey lock API
// operations the provider needs: POST /locks/{id}/SetOrganization,
// POST /locks/{id}/SetOwner, GET /locks/{id}/basic-info and
// GET /locks/{id}/events.
//
// It knows nothing about Terraform: plain Go types go in, plain Go types and
// typed errors come out. Retries, the shared rate limit and the per-attempt
// timeout live here so that every resource and data source of one provider
// instance shares one connection pool and one view of the API's limits.
//
// Every operation goes one way: call sends an endpoint (method, path, the
// shape of its own "not found", its decoder) through Client.do, a plain
// retry loop over the sender, which waits for a concurrency slot, the
// shared pause and the rate limit before each attempt.
package client
