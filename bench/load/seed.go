package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// seedBatch is how many cases one group commit takes while seeding: large
// transactions are what make a million cases take minutes, not hours.
const seedBatch = 4000

// seed writes o.seed complete cases (row, first event, audit entry chained,
// search document; no outbox, so a server started on the data sends nothing)
// through the store's own group-commit path, with enough concurrent writers
// to fill each batch.
func seed(ctx context.Context, o options) error {
	if o.data == "" && o.database == "" {
		return fmt.Errorf("seed mode needs -data or -database")
	}
	if o.data != "" {
		if err := os.MkdirAll(o.data, 0o750); err != nil {
			return err
		}
	}
	st, err := store.Open(ctx, store.Config{URL: o.database, Dir: o.data, Logger: slog.New(slog.DiscardHandler), MaxBatch: seedBatch})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	var next, done atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range 2 * seedBatch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(o.seed); i = next.Add(1) {
				if _, _, err := st.SubmitCase(ctx, seedRecord(int(i))); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				if n := done.Add(1); n%100_000 == 0 {
					fmt.Fprintf(os.Stderr, "seeded %d cases (%.0f/s)\n", n, float64(n)/time.Since(start).Seconds())
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	fmt.Printf("seeded %d cases in %s (%.0f cases/s)\n", o.seed, time.Since(start).Round(time.Second), float64(o.seed)/time.Since(start).Seconds())
	return nil
}

var seedStates = []string{"received", "received", "awaiting_inspection", "repair_scheduled", "closed"}

// seedServices spread the cases over five bundled services, each with its
// own team, so that a reader granted one team sees a fifth of them and
// access filtering is measured, not bypassed.
var seedServices = [][2]string{
	{"report-a-pothole", "highways"}, {"missed-bin-collection", "waste-services"},
	{"report-fly-tipping", "street-scene"}, {"complaint", "customer-feedback"}, {"foi-request", "information-governance"},
}

// seedRecord is case i: spread over states, services, teams, due dates and
// streets, one in twenty OFFICIAL-SENSITIVE, with a unique "marker<i>" word
// so rare-term searches have exactly one match and "road" in every case.
func seedRecord(i int) cases.Record {
	now := time.Now().UTC().Add(-time.Duration(i) * time.Second)
	due := now.Add(time.Duration(i%30*24) * time.Hour)
	ref := fmt.Sprintf("S%03d-%04d", i/10000%1000, i%10000)
	text := fmt.Sprintf("Outside %d %s Road marker%d", i%200, streets[i%len(streets)], i)
	svc := seedServices[i/7%len(seedServices)]
	class := service.Official
	if i%20 == 7 {
		class = service.OfficialSensitive
	}
	c := cases.Case{Ref: ref, ServiceID: svc[0], Team: svc[1], Classification: class,
		State: seedStates[i%len(seedStates)], Answers: service.Answers{"location": {Location: &service.Location{Description: text}},
			"surface": {Text: "road"}, "dangerous": {Text: "no"}},
		Channel: cases.ChannelAPI, SubmittedAt: now, UpdatedAt: now, ClockStart: now, DueAt: &due, Version: 1,
		History: cases.ClockHistory{Received: now}}
	if c.State == "closed" {
		c.ClosedAt = &now
	}
	return cases.Record{
		Case:   c,
		Event:  cases.Event{At: now, Actor: "seed", Kind: cases.EventSubmitted, ToState: c.State, Visibility: cases.Resident},
		Audit:  audit.Entry{At: now, Actor: "seed", Action: cases.AuditSubmit, Subject: ref, Classification: string(class)},
		Search: cases.SearchDoc{Title: "Report a pothole", Body: text},
	}
}
