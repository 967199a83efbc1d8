package cases

import (
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// followKind is what a message to a follower is about.
type followKind int

const (
	followConfirm followKind = iota // they have just followed the report
	followClosed                    // the report is closed
)

// ReportPath is where a report's public page is, under the front door.
func ReportPath(ref string) string { return "/reports/" + ref }

// followerMessage is the platform's own message to a follower: the same
// for every service, since a follower chose a report, not a service's
// notification rules, with a link to the report when siteURL (the
// front door's address) is known. It names the report's state in the service's words.
func followerMessage(def *service.Definition, c Case, f Follower, kind followKind, siteURL string, at time.Time) jobs.Message {
	var subject, body, sms string
	status := def.StateLabel(c.State)
	switch kind {
	case followConfirm:
		subject = "You are following report " + c.Ref
		body = "You are following report " + c.Ref + " (" + def.Name + ").\n\n" +
			"Its status is: " + status + ".\n\nWe will tell you when it is closed."
		sms = "You are following report " + c.Ref + " (" + def.Name + "). We will text you when it is closed."
	case followClosed:
		subject = "Report " + c.Ref + " is closed"
		body = "Report " + c.Ref + " (" + def.Name + "), which you follow, is closed.\n\n" +
			"Its status is: " + status + "."
		sms = "Report " + c.Ref + " (" + def.Name + "), which you follow, is closed: " + status + "."
	}
	var link string
	if base := strings.TrimRight(siteURL, "/"); base != "" {
		link = base + ReportPath(c.Ref)
	}
	m := notifyMessage{ID: jobs.NewID(), Channel: f.Channel, To: f.Address, Subject: subject, Body: body}
	if link != "" {
		m.Body += "\n\nSee the report: " + link
		sms += " " + link
	}
	if f.Channel == "sms" {
		m.Subject, m.Body = "", sms
	}
	return outboxMessage(m.ID, jobs.TopicNotify, c.Ref, m, at)
}
