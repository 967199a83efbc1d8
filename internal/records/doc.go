// Package records keeps the council's records: documents held outside any
// case, the file plan that classifies them, retention that acts (abandoned
// drafts deleted, closed cases and documents listed for disposal when their
// rule says so), legal holds that stop disposal, the records manager's
// decisions, and disposal certificates that prove what was destroyed, when
// and under which rule without keeping any of it.
//
// The package holds rules and plain values; store implements Store, and
// cmd/guildhall wires blobs and the job that runs Service.RunRetention.
package records
