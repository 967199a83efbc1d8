package service

import (
	"os"
	"sync"
	"testing"
	"testing/fstest"
)

func TestLoadDirAndCatalog(t *testing.T) {
	graffiti, _ := os.ReadFile("testdata/valid/report-graffiti.yaml")
	every, _ := os.ReadFile("testdata/valid/every-type.yaml")
	fsys := fstest.MapFS{
		"report-graffiti.yaml": {Data: append([]byte("\xEF\xBB\xBF"), graffiti...)}, // saved by Notepad
		"every-type.yml":       {Data: every},
		"README.md":            {Data: []byte("not a service")},
		"drafts/x.yaml":        {Data: []byte("ignored: sub-folders are not read")},
	}
	c, err := LoadDir(fsys)
	if err != nil {
		t.Fatal(err)
	}
	all := c.All()
	if len(all) != 2 || all[0].ID != "report-graffiti" || all[1].ID != "every-type" {
		t.Fatalf("All() = %v %v: want ordered by category (Streets…, Testing)", all[0].ID, all[1].ID)
	}
	if d, ok := c.Get("every-type"); !ok || d.Source != "every-type.yml" {
		t.Fatalf("Get(every-type) = %v, %v", d, ok)
	}
	if _, ok := c.Get("nope"); ok {
		t.Fatal("Get(nope) found something")
	}
	cats := c.ByCategory()
	if len(cats) != 2 || cats[0].Name != "Streets and pavements" || len(cats[1].Services) != 1 {
		t.Fatalf("ByCategory() = %+v", cats)
	}
	if len(c.For(AudienceStaff)) != 0 || len(c.For(AudiencePublic)) != 2 {
		t.Fatal("For(audience) is wrong")
	}
	if res := c.Search("grafitti", AudiencePublic); len(res) == 0 || res[0].Service.ID != "report-graffiti" {
		t.Fatalf("Search(grafitti) = %v", res)
	}
}

func TestLoadDirRefusesDuplicateIDs(t *testing.T) {
	graffiti, _ := os.ReadFile("testdata/valid/report-graffiti.yaml")
	_, err := LoadDir(fstest.MapFS{"a.yaml": {Data: graffiti}, "b.yaml": {Data: graffiti}})
	ps, ok := err.(*Problems)
	if !ok || len(*ps) != 1 || (*ps)[0].File != "b.yaml" || (*ps)[0].Line != 1 {
		t.Fatalf("LoadDir = %v", err)
	}
}

// TestRegistryReload swaps catalogs while readers use them, as SIGHUP does;
// run with -race to see that readers never see a torn catalog.
func TestRegistryReload(t *testing.T) {
	graffiti, _ := os.ReadFile("testdata/valid/report-graffiti.yaml")
	good := fstest.MapFS{"g.yaml": {Data: graffiti}}
	r := NewRegistry(nil)
	if err := r.Reload(good); err != nil {
		t.Fatal(err)
	}
	first := r.Load()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if _, ok := r.Load().Get("report-graffiti"); !ok {
					t.Error("a reader saw a catalog without the service")
					return
				}
			}
		}()
	}
	for range 20 {
		if err := r.Reload(good); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if r.Load() == first {
		t.Fatal("Reload did not swap the catalog")
	}
	current := r.Load()
	if err := r.Reload(fstest.MapFS{"bad.yaml": {Data: []byte("id: [")}}); err == nil {
		t.Fatal("Reload accepted a broken folder")
	}
	if r.Load() != current {
		t.Fatal("a failed reload replaced the working catalog")
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		ok   bool
	}{
		{"P6Y", Period{Years: 6}, true},
		{"P18M", Period{Months: 18}, true},
		{"P1Y6M", Period{Years: 1, Months: 6}, true},
		{"P2W", Period{Days: 14}, true},
		{"P30D", Period{Days: 30}, true},
		{"P0Y", Period{}, false},
		{"6Y", Period{}, false},
		{"P6", Period{}, false},
		{"P6M1Y", Period{}, false},
		{"PT1H", Period{}, false},
		{"P", Period{}, false},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParsePeriod(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

func TestRequiredMessages(t *testing.T) {
	tests := []struct {
		q    Question
		want string
	}{
		{Question{Type: TypeText, Label: "What is your full name?"}, "Enter your full name"},
		{Question{Type: TypeEmail, Label: "Email address"}, "Enter email address"},
		{Question{Type: TypeYesNo, Label: "Do you want updates?"}, "Select if you want updates"},
		{Question{Type: TypeYesNo, Label: "Are you over 18?"}, "Select if you are over 18"},
		{Question{Type: TypeYesNo, Label: "Is the graffiti offensive?"}, "Select yes or no"},
		{Question{Type: TypeRadios, Label: "Which bin was not emptied?"}, "Select which bin was not emptied"},
		{Question{Type: TypeSelect, Label: "What is the problem?"}, "Select the problem"},
		{Question{Type: TypeFile, Label: "a photo of the pothole"}, "Select a photo of the pothole"},
		{Question{Type: TypeText, Label: "FOI reference"}, "Enter FOI reference"},
		{Question{Type: TypeText, Label: "Name", Validate: Validation{RequiredMessage: "Enter your name"}}, "Enter your name"},
	}
	for _, tt := range tests {
		if got := requiredMessage(&tt.q); got != tt.want {
			t.Errorf("requiredMessage(%q) = %q, want %q", tt.q.Label, got, tt.want)
		}
	}
}
