package platform

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// wireAuth builds the identity service and returns the platform's secret
// key, which also keys the form tokens.
func (p *Platform) wireAuth(ctx context.Context) ([]byte, error) {
	p.keyDir() // the data folder holds the key unless --secret-key-file says otherwise
	key, err := auth.LoadOrCreateKey(p.Config.SecretKeyPath())
	if err != nil {
		return nil, err
	}
	// The group map serves both SSO claims and SCIM group membership (movers).
	groups, err := auth.ParseGroupMap(p.Config.OIDCGroupMap)
	if err != nil {
		return nil, fmt.Errorf("--oidc-group-map: %w", err)
	}
	p.Auth, err = auth.NewService(p.Store, auth.Options{SecretKey: key, Issuer: p.Config.CouncilName, GroupMap: groups,
		Directory: directoryOf(p.Registry), Logger: p.Log, SecretTTL: p.Config.SecretTTL,
		PartnerDomains: lowerList(p.Config.PartnerDomains), TrustedNetworks: p.Config.Networks, Now: p.Config.Now})
	if err != nil {
		return nil, err
	}
	if err := p.Auth.CheckGroupMap(ctx, groups); err != nil {
		return nil, fmt.Errorf("--oidc-group-map: %w", err)
	}
	if err := p.Auth.EnablePasskeys(p.Store, p.Config.BaseURL, p.Config.CouncilName); err != nil {
		// Passkeys need https or localhost with a domain name; TOTP still works.
		p.Log.Info("passkeys are off (authenticator apps still work)", "reason", err)
	}
	return key, p.enableSSO(groups)
}

// keyDir is where the platform's own secret key lives: the data folder.
func (p *Platform) keyDir() string {
	if err := os.MkdirAll(p.Config.DataDir, 0o750); err != nil {
		return "."
	}
	return p.Config.DataDir
}

func (p *Platform) enableSSO(groups map[string][]access.Grant) error {
	if p.Config.OIDCIssuer == "" {
		return nil
	}
	return p.Auth.EnableOIDC(auth.OIDCConfig{
		Issuer: p.Config.OIDCIssuer, ClientID: p.Config.OIDCClientID, ClientSecret: p.Config.OIDCClientSecret,
		RedirectURL: strings.TrimRight(p.Config.BaseURL, "/") + "/sign-in/oidc/callback", GroupMap: groups,
		RequireMFAClaim: p.Config.OIDCRequireMFA,
	})
}

// teamMailboxes turns a pattern like "{team}@example.gov.uk" into an address per team.
func teamMailboxes(pattern string, c *service.Catalog) map[string]string {
	if pattern == "" || c == nil {
		return nil
	}
	out := map[string]string{}
	for _, d := range c.All() {
		out[d.Team] = strings.ReplaceAll(pattern, "{team}", d.Team)
	}
	return out
}

// directoryOf gives the identity service the teams and roles the current
// service definitions name, so grants naming neither are refused.
func directoryOf(reg *service.Registry) func() auth.Directory {
	return func() auth.Directory {
		var d auth.Directory
		cat := reg.Load()
		if cat == nil {
			return d
		}
		for _, def := range cat.All() {
			d.Teams = append(d.Teams, def.Team)
			d.Services = append(d.Services, auth.ServiceStaffing{ID: def.ID, Name: def.Name, Team: def.Team, Roles: def.Roles})
			d.Roles = append(d.Roles, def.Roles...)
			for _, t := range def.Workflow.Transitions {
				d.Roles = append(d.Roles, t.Roles...)
			}
		}
		return d
	}
}
