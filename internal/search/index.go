package search

import (
	"context"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// textIndex holds the published texts the search finds by words: public
// services, data sets, the pages that list figures and answers, and the
// disclosure log's answers, each as a Hit.
type textIndex struct {
	words   *service.TextIndex
	docs    []Hit
	service []string // the service each document belongs to, "" for none
	built   time.Time
}

func (ix *textIndex) add(h Hit, serviceID string, texts ...string) {
	ix.words.Add(texts...)
	ix.docs = append(ix.docs, h)
	ix.service = append(ix.service, serviceID)
}

// build reads what is published now into a new index.
func (s *Service) build(ctx context.Context) (*textIndex, error) {
	ix := &textIndex{words: service.NewTextIndex()}
	if s.Services != nil {
		if cat := s.Services.Load(); cat != nil {
			for _, d := range cat.All() {
				if d.HasAudience(service.AudiencePublic) {
					ix.add(Hit{Kind: KindService, Title: d.Name, URL: "/services/" + d.ID, Summary: d.Summary}, d.ID,
						service.SearchTexts(d)...)
				}
			}
		}
	}
	if s.Data == nil {
		return ix, nil
	}
	sets, err := s.Data.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pagesFor(sets) {
		ix.add(p.hit, "", p.texts...)
	}
	for _, d := range sets {
		ix.add(Hit{Kind: KindData, Title: d.Title, URL: "/open-data/" + d.ID, Summary: d.Description}, d.ServiceID,
			opendata.DatasetTexts(d)...)
	}
	err = s.Data.EachDisclosure(ctx, func(e opendata.Disclosure) error {
		ix.add(Hit{Kind: KindAnswer, Title: "Request " + e.Ref, URL: "/disclosure-log/" + e.Ref, Summary: e.Request}, "",
			opendata.DisclosureTexts(e)...)
		return nil
	})
	return ix, err
}

type page struct {
	hit   Hit
	texts []string
}

// pagesFor are the open data pages worth finding by name: the catalogue,
// the statistics and, when a service publishes one, the disclosure log.
func pagesFor(sets []opendata.Dataset) []page {
	pages := []page{
		{Hit{Kind: KindData, Title: lang.N("Open data"), URL: "/open-data", Summary: lang.N("Data sets the council publishes, to download and reuse.")},
			[]string{"Open data", "data sets datasets download csv catalogue", "Data sets the council publishes, to download and reuse"}},
		{Hit{Kind: KindData, Title: lang.N("Statistics"), URL: "/statistics", Summary: lang.N("How many requests the council receives and how quickly it deals with them.")},
			[]string{"Statistics", "figures performance how quickly on time", "How many requests the council receives and how quickly it deals with them"}},
	}
	if slices.ContainsFunc(sets, func(d opendata.Dataset) bool { return d.Disclosure != nil }) {
		pages = append(pages, page{Hit{Kind: KindData, Title: lang.N("Disclosure log"), URL: "/disclosure-log",
			Summary: lang.N("Answers to Freedom of Information requests, published for everyone.")},
			[]string{"Disclosure log", "FOI freedom of information answers responses", "Answers to Freedom of Information requests, published for everyone"}})
	}
	return pages
}

// find returns the documents matching words, in the order added (the final
// order is by score, and equal scores keep this one, so a page is the same
// each time).
func (ix *textIndex) find(words string) []Hit {
	scores := ix.words.Search(words)
	docs := make([]int, 0, len(scores))
	for doc := range scores {
		docs = append(docs, doc)
	}
	slices.Sort(docs)
	out := make([]Hit, 0, len(docs))
	for _, doc := range docs {
		h := ix.docs[doc]
		h.score = scores[doc]
		out = append(out, h)
	}
	return out
}

// servicesNamed are the services of public, in its order, that a document
// matching words belongs to (a service found by its name, or by its data set).
func (ix *textIndex) servicesNamed(words string, public []string) []string {
	found := map[string]bool{}
	for doc := range ix.words.Search(words) {
		found[ix.service[doc]] = true
	}
	return slices.DeleteFunc(slices.Clone(public), func(id string) bool { return !found[id] })
}
