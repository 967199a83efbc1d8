// Package singleview serves the single view of the customer and property in
// the staff workspace: person search, person pages (every case across
// services linked to the person, with officers' link decisions), property
// pages (every case at a UPRN) and subject access exports. Every list goes
// through people.Service, which asks access.Decide about each case.
package singleview
