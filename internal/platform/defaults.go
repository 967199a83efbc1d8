package platform

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/govukpay"
)

// Defaults is the configuration serve runs with when no flag or GUILDHALL_*
// variable says otherwise. cmd/guildhall's flags take their defaults from
// it and platformtest starts from it, so that a default is decided here
// only and a test runs what a council gets out of the box.
func Defaults() Config {
	return Config{
		DataDir:               "./guildhall-data",
		SQLiteSync:            "full",
		CouncilName:           "Guildhall Borough Council",
		NearbyMetres:          50,
		MaxInFlight:           512,
		APIRate:               10,
		OutboxLease:           5 * time.Minute,
		SecretTTL:             72 * time.Hour,
		BodyGrace:             10 * time.Second,
		BodyMinRate:           1024,
		OpenDataSuppressBelow: 5,
		ProxyHeader:           "X-Forwarded-For",
		PayBaseURL:            govukpay.DefaultBaseURL,
		NotifyBaseURL:         "https://api.notifications.service.gov.uk",
		OIDCRequireMFA:        true,
		PeopleLinkEvery:       30 * time.Second,
		DefinitionsPoll:       DefaultDefinitionsPoll,
		AuditCheckpointEvery:  5 * time.Minute,
		AI: AIConfig{
			Triage:        true,
			Advice:        true,
			LLMDailyLimit: 1000,
			LLMTimeout:    15 * time.Second,
		},
	}
}
