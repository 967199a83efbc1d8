package services_test

import (
	"slices"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

func load(t *testing.T) *service.Catalog {
	t.Helper()
	c, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatalf("bundled services have problems:\n%v", err)
	}
	return c
}

func TestBundledServicesPassTheCheck(t *testing.T) {
	c := load(t)
	want := []string{"application-portfolio", "complaint", "data-protection-rights", "foi-request", "it-service-request", "member-enquiry",
		"missed-bin-collection", "moving-home", "report-a-pothole", "report-fly-tipping", "resident-parking-permit", "risk-register", "subject-access-request"}
	var got []string
	for _, d := range c.All() {
		got = append(got, d.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("services = %v\nwant %v", got, want)
	}
}

func TestBundledServicesUseEveryQuestionType(t *testing.T) {
	used := map[service.QuestionType]bool{}
	for _, d := range load(t).All() {
		for _, p := range d.Pages {
			for _, q := range p.Questions {
				used[q.Type] = true
			}
		}
	}
	for _, typ := range []service.QuestionType{service.TypeText, service.TypeTextarea, service.TypeNumber, service.TypeDate,
		service.TypeEmail, service.TypePhone, service.TypePostcode, service.TypeAddress, service.TypeRadios,
		service.TypeCheckboxes, service.TypeSelect, service.TypeYesNo, service.TypeFile, service.TypeLocation} {
		if !used[typ] {
			t.Errorf("no bundled service asks a %s question", typ)
		}
	}
}

func TestBundledServicePolicies(t *testing.T) {
	c := load(t)
	for _, d := range c.All() {
		if len(d.Roles) == 0 || d.Retention.Authority == "" || len(d.Notifications) == 0 {
			t.Errorf("%s: needs roles, a retention authority and notifications", d.ID)
		}
		if d.HasAudience(service.AudiencePublic) && (d.Applicant.Name == "" || d.Applicant.Email == "") {
			t.Errorf("%s: public service without an applicant name and email", d.ID)
		}
	}
	for _, id := range []string{"report-a-pothole", "report-fly-tipping", "missed-bin-collection"} {
		d, _ := c.Get(id)
		if d.Publish == nil || d.Open311 == nil || d.Publish.LocationDecimals != 3 {
			t.Errorf("%s: street-scene services publish open data (location to 3 decimals) and speak Open311", id)
		}
	}
	foi, _ := c.Get("foi-request")
	if foi.Clock.Length != 20 || foi.Clock.Unit != service.WorkingDays || foi.Clock.Region != "all-uk" {
		t.Errorf("FOI clock = %+v, want 20 working days, all-uk", foi.Clock)
	}
	sar, _ := c.Get("subject-access-request")
	if sar.Clock.Length != 1 || sar.Clock.Unit != service.CalendarMonths {
		t.Errorf("SAR clock = %+v, want 1 calendar month", sar.Clock)
	}
	me, _ := c.Get("member-enquiry")
	if me.Classification != service.OfficialSensitive || !me.HasAudience(service.AudienceCouncillor) || me.Team != "members-services" {
		t.Errorf("member enquiry: %s %v %s", me.Classification, me.Audience, me.Team)
	}
}

// TestSearchFindsServicesFromEverydayWords is the "find a service" box on the
// start page: what residents type, including typos.
func TestSearchFindsServicesFromEverydayWords(t *testing.T) {
	c := load(t)
	tests := []struct {
		query    string
		audience service.Audience
		want     string // the best result
	}{
		{"bin not collected", service.AudiencePublic, "missed-bin-collection"},
		{"my bins werent emptied", service.AudiencePublic, "missed-bin-collection"},
		{"pot hole", service.AudiencePublic, "report-a-pothole"},
		{"potholes", service.AudiencePublic, "report-a-pothole"},
		{"pothoel", service.AudiencePublic, "report-a-pothole"},
		{"FOI", service.AudiencePublic, "foi-request"},
		{"freedom of infromation", service.AudiencePublic, "foi-request"},
		{"moving house", service.AudiencePublic, "moving-home"},
		{"fly tipping", service.AudiencePublic, "report-fly-tipping"},
		{"dumped mattress", service.AudiencePublic, "report-fly-tipping"},
		{"complain", service.AudiencePublic, "complaint"},
		{"my personal data", service.AudiencePublic, "subject-access-request"},
		{"laptop", service.AudienceStaff, "it-service-request"},
		{"risk", service.AudienceStaff, "risk-register"},
		{"ward casework", service.AudienceCouncillor, "member-enquiry"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := c.Search(tt.query, tt.audience)
			if len(res) == 0 || res[0].Service.ID != tt.want {
				var ids []string
				for _, r := range res {
					ids = append(ids, r.Service.ID)
				}
				t.Fatalf("Search(%q) = %v, want %s first", tt.query, ids, tt.want)
			}
		})
	}
	if res := c.Search("laptop", service.AudiencePublic); len(res) != 0 {
		t.Errorf("staff services found by the public: %v", res[0].Service.ID)
	}
	if res := c.Search("   ", ""); res != nil {
		t.Errorf("empty query found %d services", len(res))
	}
}

func BenchmarkLoadBundled(b *testing.B) {
	for b.Loop() {
		if _, err := service.LoadDir(services.FS); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	c, err := service.LoadDir(services.FS)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c.Search("my bin wasnt colected", service.AudiencePublic)
	}
}
