package webtest

import "sync"

// AtOnce calls f(0) … f(n-1) each in its own goroutine, released together
// once all are ready (many identical requests at once: a button pressed
// again and again, a link opened in many tabs), and returns when all have
// returned.
func AtOnce(n int, f func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			f(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}
