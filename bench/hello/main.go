// Command hello is the ceiling for bench/load: a plain Go net/http server
// answering GET / with a short HTML page, with nothing else in the way.
//
//	go run ./bench/hello -addr 127.0.0.1:8099 &
//	go run ./bench/load -url http://127.0.0.1:8099 -s hello -c 16,64
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8099", "address to listen on")
	flag.Parse()
	page := []byte("<!doctype html><title>Hello</title><p>Hello, world</p>\n")
	http.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
