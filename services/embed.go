// Package services holds the service definitions Guildhall ships with: a
// working set for a UK council (street scene, information rights, complaints,
// council tax, councillors' enquiries and staff services) that councils copy
// and change. They are data, checked by `guildhall services check services`.
package services

import "embed"

// FS holds every bundled definition (*.yaml) at its top level.
//
//go:embed *.yaml
var FS embed.FS
