// Command notifysink is a GOV.UK Notify stand-in for load runs: it accepts
// every notification (without checking the token, unlike the tests'
// notifytest server), answers reference look-ups with none found, and
// counts what it received at /count, so a load run can see the outbox keep
// up (bench/load/sidebyside.sh).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"sync/atomic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18390", "address to listen on")
	flag.Parse()
	var n atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/notifications/{type}", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Reference string `json:"reference"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":"00000000-0000-4000-8000-%012d","reference":%q}`, n.Load(), body.Reference)
	})
	mux.HandleFunc("GET /v2/notifications", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"notifications":[],"links":{}}`)
	})
	mux.HandleFunc("GET /count", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, n.Load()) })
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	log.Fatal(http.ListenAndServe(*addr, mux))
}
