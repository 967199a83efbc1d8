package workspace_test

import "github.com/guildhall-platform/guildhall/internal/service"

// testDefinitions are the services of the workspace tests: two teams'
// public services, one OFFICIAL-SENSITIVE, a councillor service and a staff one.
func testDefinitions() []*service.Definition {
	return []*service.Definition{
		define("pothole", "Report a pothole", "highways", service.Official, service.AudiencePublic),
		define("safeguarding", "Report a safeguarding concern", "highways", service.OfficialSensitive, service.AudiencePublic),
		define("repair", "Request a housing repair", "housing", service.Official, service.AudiencePublic),
		define("member-enquiry", "Member enquiry", "members", service.Official, service.AudienceCouncillor),
		define("myit", "myIT request", "it", service.Official, service.AudienceStaff),
	}
}

func define(id, name, team string, class service.Classification, aud service.Audience) *service.Definition {
	roles := []string{"officer"}
	if aud == service.AudienceCouncillor {
		roles = append(roles, "councillor")
	}
	return &service.Definition{
		ID: id, Name: name, Summary: name + " to the council", Category: "Test", Audience: []service.Audience{aud},
		Team: team, Classification: class, Roles: roles,
		Pages: []service.Page{{ID: "details", Title: "Details", Questions: []service.Question{
			{ID: "details", Type: service.TypeTextarea, Label: "What is the problem?", Validate: service.Validation{Required: true}},
			{ID: "photo", Type: service.TypeFile, Label: "Photo"},
		}}},
		Workflow: service.Workflow{
			States: []service.State{
				{ID: "new", Label: "New", Initial: true},
				{ID: "investigating", Label: "Investigating"},
				{ID: "waiting", Label: "Waiting for the resident", PausesClock: true},
				{ID: "closed", Label: "Closed", Terminal: true},
			},
			Transitions: []service.Transition{
				{ID: "investigate", Label: "Start investigating", From: []string{"new"}, To: "investigating", Roles: []string{"officer"}},
				{ID: "ask", Label: "Ask the resident", From: []string{"investigating"}, To: "waiting", Roles: []string{"officer"}},
				{ID: "close", Label: "Close the case", From: []string{"investigating", "waiting"}, To: "closed", Roles: []string{"officer"},
					Fields: []service.Question{
						{ID: "resolution", Type: service.TypeTextarea, Label: "Resolution", Validate: service.Validation{Required: true}},
						{ID: "outcome", Type: service.TypeRadios, Label: "Outcome", Validate: service.Validation{Required: true},
							Options: []service.Option{{Value: "fixed", Label: "Fixed"}, {Value: "no-action", Label: "No action needed"}}},
					}},
			},
		},
		Clock:     &service.Clock{Length: 10, Unit: service.WorkingDays, Region: "england-and-wales"},
		Retention: service.Retention{Period: "P6Y", Trigger: "closed", Action: "delete"},
	}
}
