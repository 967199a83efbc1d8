package singleview

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
)

// caseRow is a case as the single view lists it.
type caseRow struct {
	Ref, URL, Service, State, Classification string
	Submitted                                time.Time
	Closed                                   bool
}

func (h *handler) caseRows(cs []cases.Case) []caseRow {
	out := make([]caseRow, len(cs))
	for i, c := range cs {
		out[i] = caseRow{Ref: c.Ref, URL: pathCase + c.Ref, Service: h.serviceName(c.ServiceID), State: c.State,
			Classification: string(c.Classification), Submitted: c.SubmittedAt, Closed: c.ClosedAt != nil}
	}
	return out
}

// recordRow is a source record as the person page lists it.
type recordRow struct {
	Key, Source, Name, DateOfBirth, Contact, Address, UPRN, UPRNURL, Match, CaseURL string
	Observed                                                                        time.Time
}

func recordRows(recs []people.Record) []recordRow {
	out := make([]recordRow, len(recs))
	for i, r := range recs {
		out[i] = recordRow{Key: r.Key, Source: r.Source, Name: r.Name(), DateOfBirth: r.DateOfBirth,
			Contact: join(r.Email, r.Phone), Address: r.Address.String(), UPRN: r.UPRN, Match: r.UPRNMatch, Observed: r.ObservedAt}
		if r.UPRN != "" {
			out[i].UPRNURL = pathProperties + r.UPRN
		}
		if r.CaseRef != "" {
			out[i].CaseURL = pathCase + r.CaseRef
		}
	}
	return out
}

func join(parts ...string) string {
	s := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += p
	}
	return s
}
