// Package records is the workspace's records area: the records manager's
// disposition list, legal holds and disposal certificates, and officers'
// documents. Handlers parse, ask internal/records and render; every
// decision about who may do what is the access policy's, asked there.
package records
