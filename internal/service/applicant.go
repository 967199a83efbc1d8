package service

import "strings"

// Applicant is who a case is for, taken from the answers the definition's
// applicant mapping names: it feeds person records, record linkage and the
// resident's tracking.
type Applicant struct {
	Name        string   `json:"name,omitempty"`
	Email       string   `json:"email,omitempty"`
	Phone       string   `json:"phone,omitempty"`
	DateOfBirth string   `json:"date_of_birth,omitempty"`
	Address     *Address `json:"address,omitempty"`
	// ContactBy is how they chose to hear from the council (ContactEmail,
	// ContactSMS), empty when the service does not ask.
	ContactBy string `json:"contact_by,omitempty"`
}

// Contact is the one answer to "how do we reach the resident": the way
// they chose when they gave its address; otherwise email when they gave
// an address, else a text message to their phone. The address is empty
// when there is no way to reach them.
func (a Applicant) Contact() (channel, address string) {
	switch {
	case a.ContactBy == ContactSMS && a.Phone != "":
		return ContactSMS, a.Phone
	case a.Email != "":
		return ContactEmail, a.Email
	case a.Phone != "":
		return ContactSMS, a.Phone
	}
	return "", ""
}

// ApplicantOf picks out who a submission is for, by the service's applicant
// mapping. The address question may be an address, a postcode (an address
// holding only the postcode) or a location with a UPRN (an address holding
// its description and UPRN), so that every kind links to a property.
func (d *Definition) ApplicantOf(a Answers) Applicant {
	m := d.Applicant
	get := func(id string) Answer {
		if id == "" {
			return Answer{} // an unmapped field never picks up a stray "" answer
		}
		return a[id]
	}
	return Applicant{
		Name:        get(m.Name).String(),
		Email:       strings.TrimSpace(get(m.Email).Text),
		Phone:       strings.TrimSpace(get(m.Phone).Text),
		DateOfBirth: get(m.DateOfBirth).Text,
		Address:     addressOf(get(m.Address)),
		ContactBy:   get(m.ContactBy).Text,
	}
}

// addressOf is the postal address an answer gives, or nil.
func addressOf(ans Answer) *Address {
	switch {
	case ans.Address != nil:
		cp := *ans.Address
		return &cp
	case ans.Location != nil && ans.Location.UPRN != "":
		return &Address{Line1: ans.Location.Description, UPRN: ans.Location.UPRN}
	case ans.Text != "":
		return &Address{Postcode: ans.Text}
	}
	return nil
}
