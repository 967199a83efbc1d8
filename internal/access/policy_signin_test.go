package access

import "testing"

// TestSignInMatrix: who may hold a session, and when a partner must give a
// second factor first.
func TestSignInMatrix(t *testing.T) {
	rules := Resource{SignIn: &SignIn{PartnerDomains: []string{"police.example", "nhs.example"}}}
	partner := func(email string, mfa, onNetwork bool) Principal {
		return Principal{Kind: KindPartner, UserID: "p1", Email: email, MFA: mfa, OnTrustedNetwork: onNetwork}
	}
	for _, tc := range []struct {
		name string
		p    Principal
		want string // "" allowed, else the reason refused
	}{
		{"staff", Principal{Kind: KindStaff, UserID: "s"}, ""},
		{"councillor", Principal{Kind: KindCouncillor, UserID: "c"}, ""},
		{"partner, approved, second factor, off the network", partner("pc@police.example", true, false), ""},
		{"partner, approved, no second factor, on the network", partner("pc@Police.Example", false, true), ""},
		{"partner, approved, no second factor, off the network", partner("pc@police.example", false, false), ReasonPartnerSecondFactor},
		{"partner, unapproved domain, second factor, on the network", partner("pc@gmail.example", true, true), ReasonPartnerDomain},
		{"partner, approved domain as a sub-string", partner("pc@notpolice.example", true, true), ReasonPartnerDomain},
		{"resident", Anonymous, "only staff, councillors and partners sign in"},
		{"API client", Principal{Kind: KindAPIClient}, "only staff, councillors and partners sign in"},
	} {
		d := Decide(tc.p, ActionSignIn, rules)
		if got := d.Reason; d.Allow != (tc.want == "") || (!d.Allow && got != tc.want) {
			t.Errorf("%s: %+v, want refused for %q", tc.name, d, tc.want)
		}
	}
	if d := Decide(partner("pc@police.example", true, true), ActionSignIn, Resource{}); d.Allow {
		t.Error("a partner signed in with no domains approved")
	}
}

// TestPartnerOnTheNetworkReadsOfficialSpacesOnly: on the council's network a
// partner without a second factor reads an OFFICIAL space of theirs; off it,
// nothing; OFFICIAL-SENSITIVE needs the second factor everywhere.
func TestPartnerOnTheNetworkReadsOfficialSpacesOnly(t *testing.T) {
	space := &Space{Members: []string{"pc@police.example"}, PartnerDomains: []string{"police.example"}}
	doc := func() Resource {
		return Resource{Team: "planning", Classification: "OFFICIAL", Record: &Record{Space: space}}
	}
	sensitive := doc()
	sensitive.Classification = "OFFICIAL-SENSITIVE"
	on := Principal{Kind: KindPartner, UserID: "p1", Email: "pc@police.example", OnTrustedNetwork: true}
	off := on
	off.OnTrustedNetwork = false
	if d := Decide(on, ActionView, doc()); !d.Allow {
		t.Errorf("on the network: %+v", d)
	}
	if d := Decide(off, ActionView, doc()); d.Allow || d.Reason != ReasonPartnerSecondFactor {
		t.Errorf("off the network without a second factor: %+v", d)
	}
	if d := Decide(on, ActionView, sensitive); d.Allow {
		t.Errorf("OFFICIAL-SENSITIVE without a second factor: %+v", d)
	}
}
