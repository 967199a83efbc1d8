package acceptance

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// alternatives is a vary value that may appear in either of several forms.
func alternatives(v ...string) string { return strings.Join(v, "\x00") }

// checkGolden compares got with testdata/golden/name. What varies from run to
// run (a reference, a date computed from today) is replaced in got by a
// «name» marker before the comparison, from values the test computed
// itself: a wrong date in a message leaves the wrong date in place and the
// comparison fails.
func checkGolden(t *testing.T, name, got string, vary map[string]string) {
	t.Helper()
	// Longest values first, in a fixed order: "Friday 18 December 2026"
	// must become «due» before "18 December 2026" can become «due-date».
	type sub struct{ value, marker string }
	var subs []sub
	for marker, v := range vary {
		for _, alt := range strings.Split(v, "\x00") {
			if alt != "" {
				subs = append(subs, sub{alt, marker})
			}
		}
	}
	slices.SortFunc(subs, func(a, b sub) int {
		if c := len(b.value) - len(a.value); c != 0 {
			return c
		}
		return strings.Compare(a.value+a.marker, b.value+b.marker)
	})
	for _, s := range subs {
		got = strings.ReplaceAll(got, s.value, "«"+s.marker+"»")
	}
	golden.Check(t, filepath.Join("testdata", "golden", name), got)
}

// emailText is a notification as its reader gets it.
func emailText(n notifytest.Notification) string {
	if n.Type == "sms" {
		return "SMS to: " + n.PhoneNumber + "\n\n" + n.Body
	}
	return "To: " + n.EmailAddress + "\nSubject: " + n.Subject + "\n\n" + n.Body
}

// receives waits for the next message to p and compares it with the golden
// text name-email.txt; a person who gave no email address is sent texts,
// compared with name-sms.txt. (A person who gave both is sent email only.)
func (c *council) receives(p *person, name string, vary map[string]string) {
	c.t.Helper()
	p.received++
	addr, kind := p.email, "email"
	if addr == "" {
		addr, kind = p.phone, "sms"
	}
	checkGolden(c.t, name+"-"+kind+".txt", emailText(c.messagesTo(addr, p.received)[p.received-1]), vary)
}

// teamReceives waits for the next message to a team's mailbox and compares
// it with the golden text name-email.txt.
func (c *council) teamReceives(team, name string, vary map[string]string) {
	c.t.Helper()
	if c.teamReceived == nil {
		c.teamReceived = map[string]int{}
	}
	c.teamReceived[team]++
	n := c.teamReceived[team]
	addr := strings.ReplaceAll(teamMailbox, "{team}", team)
	checkGolden(c.t, name+"-email.txt", emailText(c.messagesTo(addr, n)[n-1]), vary)
}

// messagesTo waits until want notifications to addr have been sent, and
// returns them in the order sent.
func (c *council) messagesTo(addr string, want int) []notifytest.Notification {
	c.t.Helper()
	var got []notifytest.Notification
	waitFor(c.t, "messages to "+addr, func() bool {
		got = got[:0]
		for _, n := range c.notify.Notifications() {
			if n.EmailAddress == addr || n.PhoneNumber != "" && digits(n.PhoneNumber) == digits(addr) {
				got = append(got, n)
			}
		}
		return len(got) >= want
	})
	if len(got) > want {
		c.t.Errorf("%d messages to %s, want %d", len(got), addr, want)
	}
	return got
}

// London is how dates are shown to residents.
var london = workday.London

// shortDate is a date as pages write it.
func shortDate(d workday.Date) string { return d.Start().Format("2 January 2006") }

// pageTimes are the ways a page may write a moment between before and
// after ("4 December 2026 at 1:01am"), for the «sent» marker.
func pageTimes(before, after time.Time) []string {
	f := func(t time.Time) string {
		return strings.Replace(strings.Replace(t.In(london).Format("2 January 2006 at 3:04PM"), "AM", "am", 1), "PM", "pm", 1)
	}
	return []string{f(before), f(after)}
}

// pageTimeRE matches a moment as pages write it ("4 December 2026 at 1:01pm").
var pageTimeRE = regexp.MustCompile(`\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} at \d{1,2}:\d{2}(am|pm)\b`)

// trackPage compares the public track page the requester p is on, as a
// whole, with testdata/golden/name.txt. Each moment in its history is
// checked to fall between the council's first day and now on the server's
// clock (in London) before it becomes «time»; everything else must match.
func (c *council) trackPage(p *person, name string, vary map[string]string) {
	c.t.Helper()
	text := pageTimeRE.ReplaceAllStringFunc(p.p.Text("main"), func(s string) string {
		at, err := time.ParseInLocation("2 January 2006 at 3:04pm", s, london)
		if err != nil || at.Before(c.started.Truncate(time.Minute)) || at.After(c.now()) {
			c.t.Errorf("%s: the track page shows %q, not a moment between %s and now (%s)", name, s, c.started.In(london), c.now().In(london))
			return s
		}
		return "«time»"
	})
	checkGolden(c.t, name+".txt", text, vary)
}

// readAloud is a reference as the confirmation page spells it out.
func readAloud(ref string) string {
	var groups []string
	for _, g := range strings.Split(ref, "-") {
		groups = append(groups, strings.Join(strings.Split(g, ""), " "))
	}
	return strings.Join(groups, ", ")
}

// longDate is a date as messages and pages write it.
func longDate(d workday.Date) string { return d.Start().Format("Monday 2 January 2006") }

// dueBetween is the statutory last day for a request received at some
// moment between before and after (the test's clock around a submission).
// When the two give different days (midnight passed), the test cannot say
// which is right and fails rather than guess.
func dueBetween(t *testing.T, rule workday.Rule, before, after time.Time) workday.Date {
	t.Helper()
	cal := workday.Default()
	d1, err := cal.Due(rule, before, nil)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := cal.Due(rule, after, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d1 != d2 {
		t.Skipf("submission straddled a day boundary (%s / %s): run again", d1, d2)
	}
	return d1
}

// digits is a phone number in the national form, to compare numbers
// however they are written ("07700 900123", "+447700900123").
func digits(phone string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
	if strings.HasPrefix(d, "44") {
		d = "0" + d[2:]
	}
	return d
}
