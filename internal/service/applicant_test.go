package service

import "testing"

// TestApplicantContact: the resident is reached the way they chose, and
// only by a way they gave an address for.
func TestApplicantContact(t *testing.T) {
	const email, phone = "amira.khan@example.com", "07700 900123"
	tests := []struct {
		name                string
		a                   Applicant
		wantChannel, wantTo string
	}{
		{"chose text, gave both", Applicant{Email: email, Phone: phone, ContactBy: ContactSMS}, ContactSMS, phone},
		{"chose email, gave both", Applicant{Email: email, Phone: phone, ContactBy: ContactEmail}, ContactEmail, email},
		{"not asked, gave both", Applicant{Email: email, Phone: phone}, ContactEmail, email},
		{"not asked, gave a phone only", Applicant{Phone: phone}, ContactSMS, phone},
		{"chose text, gave no phone", Applicant{Email: email, ContactBy: ContactSMS}, ContactEmail, email},
		{"gave nothing", Applicant{ContactBy: ContactSMS}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ch, to := tt.a.Contact(); ch != tt.wantChannel || to != tt.wantTo {
				t.Errorf("Contact() = %q, %q; want %q, %q", ch, to, tt.wantChannel, tt.wantTo)
			}
		})
	}
}
