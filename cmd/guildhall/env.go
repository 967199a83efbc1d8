package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// Every flag of a sub-command may also be set by a GUILDHALL_* variable. The
// variable is applied after the command line is parsed (a flag given on the
// command line wins) and through the flag's own parser, so a variable is
// held to exactly the rules of its flag: a mistyped duration, number, switch
// or enum stops the command instead of quietly leaving the default (which is
// what happened before, and a platform that half-works is worse than one
// that refuses to start).

// envValue is a flag's value together with the variable that may set it.
type envValue struct {
	flag.Value
	env    string
	getenv func(string) string
}

// String is safe on the zero envValue, which flag.PrintDefaults makes.
func (v *envValue) String() string {
	if v == nil || v.Value == nil {
		return ""
	}
	return v.Value.String()
}

// IsBoolFlag lets a boolean flag be given without a value (--flag).
func (v *envValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Get is flag.Getter, so config check can tell a duration from a number.
func (v *envValue) Get() any {
	if g, ok := v.Value.(flag.Getter); ok {
		return g.Get()
	}
	return v.Value.String()
}

// withEnv attaches variable env to the flag just defined as name.
func withEnv(fs *flag.FlagSet, getenv func(string) string, name, env string) {
	f := fs.Lookup(name)
	f.Value = &envValue{Value: f.Value, env: env, getenv: getenv}
}

// envOf is the variable that may set f, or "".
func envOf(f *flag.Flag) string {
	if v, ok := f.Value.(*envValue); ok {
		return v.env
	}
	return ""
}

// applyEnv sets every flag not given on the command line from its variable.
// Every bad value is reported, each naming its variable and flag.
func applyEnv(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := f.Value.(*envValue)
		if !ok || given[f.Name] || v.getenv == nil {
			return
		}
		raw := v.getenv(v.env)
		if raw == "" {
			return
		}
		if err := v.Value.Set(normaliseSwitch(v, raw)); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q (--%s): %s", v.env, raw, f.Name, wantOf(v)))
		}
	})
	return errors.Join(errs...)
}

// normaliseSwitch accepts the words people write in environment files for a
// switch (yes/no, on/off) besides Go's true/false/1/0.
func normaliseSwitch(v *envValue, raw string) string {
	if !v.IsBoolFlag() {
		return raw
	}
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "yes", "on":
		return "true"
	case "no", "off":
		return "false"
	}
	return raw
}

// wantOf says what kind of value the flag takes, for the error message.
func wantOf(v *envValue) string {
	switch v.Get().(type) {
	case time.Duration:
		return "not a duration: write a number and a unit, such as 30s, 5m or 2h"
	case int:
		return "not a whole number"
	case float64:
		return "not a number"
	case bool:
		return "not a switch: use true or false (yes/no, on/off, 1/0)"
	}
	return "not a valid value"
}

// extraEnv are GUILDHALL_* variables read outside the flags: tests' switches
// (any GUILDHALL_TEST_*) and where the browser tests find Chromium.
var extraEnv = map[string]bool{"GUILDHALL_CHROMIUM": true}

// environ lists the process's variables; a variable for tests to replace.
var environ = os.Environ

// checkEnvNames refuses a GUILDHALL_* variable that no flag reads: a
// misspelt GUILDHALL_DATABSE_URL would otherwise start the platform on an
// empty SQLite database. Only variables getenv sees as set count, so a
// test's own environment decides.
func checkEnvNames(fs *flag.FlagSet, getenv func(string) string) error {
	known := knownEnv(fs)
	var errs []error
	for _, kv := range environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "GUILDHALL_") || known[name] || extraEnv[name] ||
			strings.HasPrefix(name, "GUILDHALL_TEST_") || getenv(name) == "" {
			continue
		}
		errs = append(errs, unknownEnv(name, known))
	}
	return errors.Join(errs...)
}

// unknownEnv names an unknown variable and the nearest known one.
func unknownEnv(name string, known map[string]bool) error {
	if near := nearest(name, known); near != "" {
		return fmt.Errorf("%s is not a Guildhall setting: did you mean %s?", name, near)
	}
	return fmt.Errorf("%s is not a Guildhall setting (guildhall serve --help lists them)", name)
}

// knownEnv is every variable serve's flags read, and those of fs.
func knownEnv(fs *flag.FlagSet) map[string]bool {
	var c config
	all := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.bind(all, func(string) string { return "" })
	known := map[string]bool{}
	for _, set := range []*flag.FlagSet{all, fs} {
		set.VisitAll(func(f *flag.Flag) {
			if e := envOf(f); e != "" {
				known[e] = true
			}
		})
	}
	return known
}

// nearest is the known name closest to name, if it is close enough to be
// a slip of the keyboard (a third of the part after GUILDHALL_, at most).
func nearest(name string, known map[string]bool) string {
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	sort.Strings(names) // ties go the same way every time
	short := strings.TrimPrefix(name, "GUILDHALL_")
	best, bestD := "", len(short)/3+1
	for _, k := range names {
		ks := strings.TrimPrefix(k, "GUILDHALL_")
		d := editDistance(short, ks)
		if strings.HasPrefix(ks, short+"_") {
			d = 1 // a word left off the end: GUILDHALL_SECRET_KEY for …_SECRET_KEY_FILE
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
