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
	followConfirm        followKind = iota // they have just followed the report
	followClosed                           // the report is closed
	followStatus                           // the report's state changed, and it is still open
	followNote                             // an officer wrote a public update
	followMergedReporter                   // their own report was closed as a duplicate of this one
	followMergedFollower                   // the report they followed was closed as a duplicate of this one
)

// ReportPath is where a report's public page is, under the front door.
func ReportPath(ref string) string { return "/reports/" + ref }

// followerMessage is the platform's own message to a follower: the same
// for every service, since a follower chose a report, not a service's
// notification rules, with a link to the report when siteURL (the
// front door's address) is known. It names the report's state in the
// service's words, in the language the follower used; note is the text of
// a public update (followNote), quoted as the officer wrote it.
func followerMessage(def *service.Definition, c Case, f Follower, kind followKind, note, siteURL string, at time.Time) jobs.Message {
	l := f.Lang.Or()
	def = def.In(l)
	say := func(format string, args ...any) string { return messages.Sprintf(l, format, args...) }
	var subject, body, sms string
	status := def.StateLabel(c.State)
	switch kind {
	case followConfirm:
		subject = say("You are following report %s", c.Ref)
		body = say("You are following report %s (%s).\n\nIts status is: %s.\n\nWe will tell you each time it is updated.", c.Ref, def.Name, status)
		sms = say("You are following report %s (%s). We will text you each time it is updated.", c.Ref, def.Name)
	case followClosed:
		subject = say("Report %s is closed", c.Ref)
		body = say("Report %s (%s) is closed.\n\nIts status is: %s.", c.Ref, def.Name, status)
		sms = say("Report %s (%s) is closed: %s.", c.Ref, def.Name, status)
	case followStatus:
		subject = say("Report %s is now: %s", c.Ref, status)
		body = say("Report %s (%s) has a new status: %s.", c.Ref, def.Name, status)
		sms = body
	case followNote:
		subject = say("An update on report %s", c.Ref)
		body = say("There is an update on report %s (%s):\n\n%s\n\nIts status is: %s.", c.Ref, def.Name, note, status)
		sms = say("Update on report %s (%s): %s", c.Ref, def.Name, note)
	}
	return followerNotice(c, f, subject, body, sms, siteURL, at)
}

// mergeMessage tells f that report dup was closed as a duplicate of orig,
// which f now follows: dup's reporter (followMergedReporter) or one of its
// followers (followMergedFollower).
func mergeMessage(def *service.Definition, dup, orig Case, f Follower, kind followKind, siteURL string, at time.Time) jobs.Message {
	l := f.Lang.Or()
	name := def.In(l).Name
	say := func(format string) string { return messages.Sprintf(l, format, dup.Ref, orig.Ref, name) }
	var subject, body, sms string
	switch kind {
	case followMergedReporter:
		subject = say("Your report %[1]s is being dealt with as report %[2]s")
		body = say("Someone else reported the same problem as your report %[1]s (%[3]s), so we have closed yours as a duplicate of report %[2]s and will deal with it there.\n\nYou now follow report %[2]s. We will tell you when it is closed.")
		sms = say("Your report %[1]s (%[3]s) is a duplicate of report %[2]s, which we will deal with. We will text you when it is closed.")
	case followMergedFollower:
		subject = say("Report %[1]s is being dealt with as report %[2]s")
		body = say("Report %[1]s (%[3]s), which you follow, was a duplicate of report %[2]s, so we have closed it and will deal with report %[2]s.\n\nYou now follow report %[2]s instead. We will tell you when it is closed.")
		sms = say("Report %[1]s (%[3]s), which you follow, is a duplicate of report %[2]s. You now follow %[2]s and we will text you when it is closed.")
	}
	return followerNotice(orig, f, subject, body, sms, siteURL, at)
}

// followerNotice is a message to follower f of report c, with a link to
// c's public page when siteURL (the front door's address) is known.
func followerNotice(c Case, f Follower, subject, body, sms, siteURL string, at time.Time) jobs.Message {
	var link string
	if base := strings.TrimRight(siteURL, "/"); base != "" {
		link = base + ReportPath(c.Ref)
	}
	m := notifyMessage{ID: jobs.NewID(), Channel: f.Channel, To: f.Address, Subject: subject, Body: body}
	if link != "" {
		m.Body += messages.Sprintf(f.Lang.Or(), "\n\nSee the report: %s", link)
		sms += " " + link
	}
	if f.Channel == "sms" {
		m.Subject, m.Body = "", sms
	}
	return outboxMessage(m.ID, jobs.TopicNotify, c.Ref, m, at)
}
