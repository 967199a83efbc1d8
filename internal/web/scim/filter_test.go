package scim

import (
	"reflect"
	"testing"
)

func TestParseFilter(t *testing.T) {
	t.Parallel()
	str := func(attr, v string) Comparison { return Comparison{Path: Path{Attr: attr}, Value: v} }
	tests := []struct {
		in   string
		want Filter
		bad  bool
	}{
		{in: `userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"`, want: Filter{str("userName", "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081")}},
		{in: `userName EQ "a@b.c"`, want: Filter{str("userName", "a@b.c")}},
		{in: `externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"`, want: Filter{str("externalId", "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef")}},
		{in: `displayName eq "Group 1" and externalId eq "x"`, want: Filter{str("displayName", "Group 1"), str("externalId", "x")}},
		{in: `displayName eq "quote \" and \\ backslash"`, want: Filter{str("displayName", `quote " and \ backslash`)}},
		{in: `emails[type eq "work"].value eq "a@b.c"`, want: Filter{{Path: Path{Attr: "emails", Selector: Filter{str("type", "work")}, Sub: "value"}, Value: "a@b.c"}}},
		{in: `name.givenName eq "Ann"`, want: Filter{{Path: Path{Attr: "name", Sub: "givenName"}, Value: "Ann"}}},
		{in: `active eq true`, want: Filter{{Path: Path{Attr: "active"}, Value: true}}},
		{in: `active eq False`, want: Filter{{Path: Path{Attr: "active"}, Value: false}}},
		{in: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42"`,
			want: Filter{{Path: Path{URN: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Attr: "employeeNumber"}, Value: "42"}}},
		{in: `userName co "a"`, bad: true},
		{in: `userName eq "a" or userName eq "b"`, bad: true},
		{in: `userName eq`, bad: true},
		{in: `userName eq "unterminated`, bad: true},
		{in: `eq "a"`, bad: true},
		{in: `userName eq "a" and`, bad: true},
		{in: `emails[type eq "work"`, bad: true},
		{in: `emails[type eq "work"].value[x eq "y"] eq "z"`, bad: true},
		{in: `userName eq [1]`, bad: true},
		{in: `1userName eq "a"`, bad: true},
		{in: ``, bad: true},
	}
	for _, tt := range tests {
		got, err := ParseFilter(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseFilter(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseFilter(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
}

func TestParsePath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Path{
		"active":                       {Attr: "active"},
		`members[value eq "2819c223"]`: {Attr: "members", Selector: Filter{{Path: Path{Attr: "value"}, Value: "2819c223"}}},
		`emails[type eq "work"].value`: {Attr: "emails", Selector: Filter{{Path: Path{Attr: "type"}, Value: "work"}}, Sub: "value"},
		"name.familyName":              {Attr: "name", Sub: "familyName"},
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": {URN: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Attr: "manager"},
	} {
		got, err := ParsePath(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParsePath(%q) = %#v, %v", in, got, err)
		}
	}
}

// FuzzParseFilter checks that the parser never panics and that what it
// accepts survives a round trip through its canonical form.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		`userName eq "a@b.c"`, `externalId eq "x" and displayName eq "y"`, `emails[type eq "work"].value eq "a"`,
		`active eq true`, `x eq null`, `n eq 1.5e3`, `a.b eq "\u00e9\n"`, `members[value eq "1" and type eq "User"] eq "x"`,
		`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFilter(s)
		if err != nil {
			return
		}
		again, err := ParseFilter(got.String())
		if err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("round trip of %q: %q gives %#v, %v; want %#v", s, got.String(), again, err, got)
		}
	})
}
