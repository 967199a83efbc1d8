package platform

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/records"
)

// LoadFilePlan reads --file-plan, or the bundled default plan.
func LoadFilePlan(path string) (*records.FilePlan, error) {
	if path == "" {
		return records.ParseFilePlan("default file plan", records.DefaultFilePlanYAML)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--file-plan: %w", err)
	}
	return records.ParseFilePlan(path, b)
}

// wireRecords builds the records service: retention over the service
// definitions' rules and the file plan's.
func (p *Platform) wireRecords() error {
	plan, err := LoadFilePlan(p.Config.FilePlan)
	if err != nil {
		return err
	}
	p.Records = &records.Service{Store: p.Store, Blobs: p.Blobs, Services: p.Registry, Plan: plan, Now: p.Config.Now, Logger: p.Log}
	p.Documents = &records.Documents{Store: p.Store, Blobs: p.Blobs, Plan: plan, Extract: &records.Extractor{},
		PartnerDomains: lowerList(p.Config.PartnerDomains), CouncilDomains: lowerList(p.Config.CouncilDomains), Now: p.Config.Now, Logger: p.Log}
	p.Records.Search = p.savedSearch
	p.Records.Correct = func(ctx context.Context, by access.Principal, caseRef, question, value, request string) error {
		_, err := p.Cases.Correct(ctx, by, cases.Correction{Case: caseRef, Question: question, Value: value, Request: request})
		return err
	}
	p.Records.Refresh = func(ctx context.Context, caseRef string) error { return p.People.RefreshCase(ctx, caseRef) }
	return nil
}

func lowerList(s string) []string {
	out := SplitList(strings.ToLower(s))
	return out
}
