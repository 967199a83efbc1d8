package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// checkpointEvery is how often the checkpointer copies what the WAL holds
// back into the database file. SQLite's own default does it every 1,000
// pages (4 MB) of WAL; at a few thousand submissions a second this is about
// as often.
const checkpointEvery = 200 * time.Millisecond

// checkpointer copies the WAL into the database file on a connection of its
// own. Left to SQLite, the commit that takes the WAL past 1,000 pages does
// the checkpoint itself, inside the one writer: it writes those pages into
// the database file and fsyncs it while every submission of the next batch
// waits. A PASSIVE checkpoint here takes no lock that a writer or reader
// needs; the WAL is still synced before its pages are copied and the
// database file after, so a commit is exactly as durable as before.
type checkpointer struct {
	db   *sql.DB
	quit chan struct{}
	halt sync.Once
	wg   sync.WaitGroup
	log  func(error)
}

func startCheckpointer(db *sql.DB, log func(error)) *checkpointer {
	c := &checkpointer{db: db, quit: make(chan struct{}), log: log}
	c.wg.Add(1)
	go c.loop()
	return c
}

func (c *checkpointer) loop() {
	defer c.wg.Done()
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if _, _, err := c.run(context.Background()); err != nil {
				c.log(err)
			}
		case <-c.quit:
			return
		}
	}
}

// run checkpoints once and reports the frames in the WAL and how many of
// them are now in the database file.
func (c *checkpointer) run(ctx context.Context) (frames, copied int, err error) {
	var busy int
	err = c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
	return frames, copied, err
}

// stopLoop ends the loop; run still works.
func (c *checkpointer) stopLoop() {
	c.halt.Do(func() { close(c.quit) })
	c.wg.Wait()
}

// stop ends the loop and closes the connection; closing the store's last
// connection checkpoints what is left.
func (c *checkpointer) stop() error {
	c.stopLoop()
	return c.db.Close()
}
