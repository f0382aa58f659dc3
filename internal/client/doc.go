// Package client is a small Go client for the two SmartphoneKey lock API
// operations the provider needs: POST /locks/{id}/SetOrganization and
// GET /locks/{id}/basic-info.
//
// It knows nothing about Terraform: plain Go types go in, plain Go types and
// typed errors come out. Retries, the shared rate limit and the per-attempt
// timeout live here so that every resource and data source of one provider
// instance shares one connection pool and one view of the API's limits.
package client
