package acceptance

import (
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// sarRule is the bundled subject access request's clock: one calendar
// month from the day of receipt, moved to the next working day.
var sarRule = workday.SAR(workday.EnglandAndWales)

// sarReceived: a resident asks for their personal information, giving an
// email address and a mobile number; the officer asks for proof of
// identity, which restarts the clock when it arrives.
func (c *council) sarReceived() {
	r := c.newPerson("dee.subject@example.org")
	r.name, r.phone = "Dee Subject", "07700 900123"
	r.visit("/services/subject-access-request")
	r.click(".govuk-button--start")
	r.p.Check(`input[name="for_someone_else"][value="no"]`)
	r.next()
	r.at("/services/subject-access-request/questions/person")
	r.p.Type("#full_name", r.name)
	r.p.Type("#date_of_birth-day", "14")
	r.p.Type("#date_of_birth-month", "2")
	r.p.Type("#date_of_birth-year", "1981")
	r.p.Type("#address-line1", "3 Mill Lane")
	r.p.Type("#address-town", "Guildhall")
	r.p.Type("#address-postcode", "CB1 2AB")
	r.next()
	r.p.Check(`input[name="services"][value="council_tax"]`)
	r.p.Check(`input[name="services"][value="housing"]`)
	r.p.Type("#details", "Everything about my council tax account and my housing application since 2019.")
	r.next()
	r.at("/services/subject-access-request/questions/identity")
	r.next()
	r.p.Type("#email", r.email)
	r.p.Type("#phone", r.phone)
	r.next()
	ref, due, vary := c.submitted(r, "subject-access-request", sarRule, "sar-received")
	c.sarRef, c.sarRequester = ref, r
	c.stopsTheClock(r, ref, due, vary, "ask_for_identity", "#identity_needed",
		"Please send a photo of your passport or driving licence, and a council tax bill or bank statement from the last three months showing your address. Reply to this email with them attached.",
		"sar-identity-asked", "sar")
}

// sarIdentityArrives: weeks later the proof of identity arrives and the
// officer records it: the month runs from that day (ICO), shown to the
// requester (email, SMS, track page), the officer and API clients.
func (c *council) sarIdentityArrives() {
	r := c.sarRequester
	c.restartsTheClock(r, c.sarRef, sarRule, "identity_verified", "sar-identity-confirmed", "sar", "identity-confirmed")
	if n := len(c.messagesTo(r.phone, 0)); n != 0 {
		c.t.Errorf("%d text messages to a requester who gave an email address too: email is sent, not both", n)
	}
}
