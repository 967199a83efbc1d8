package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
)

// runConfig is `guildhall config check [serve's flags]`: it reads the
// configuration exactly as serve would (flags, then GUILDHALL_* variables),
// refuses it for the same reasons, and prints the effective value of every
// setting and where it came from, with secrets hidden. Run it before a
// deploy, or on each node to compare them.
func runConfig(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "Usage: guildhall config check [serve's flags]\n\nChecks the configuration serve would start with and prints it, secrets hidden.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	var cfg config
	fs := newFlagSet("config check", "Check the configuration serve would start with and print it, secrets hidden.", stderr)
	cfg.bind(fs, getenv)
	if err := loadServeConfig(&cfg, fs, args[1:], getenv); err != nil {
		return err
	}
	printConfig(stdout, fs)
	fmt.Fprintln(stdout, "\nThe configuration is valid.")
	return nil
}

// loadServeConfig parses and checks serve's configuration: the one path
// serve and config check share, so that they can never disagree.
func loadServeConfig(cfg *config, fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkEnvNames(fs, getenv); err != nil {
		return err
	}
	return cfg.validate()
}

// printConfig writes one line per setting: variable, value, source.
func printConfig(w io.Writer, fs *flag.FlagSet) {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	fs.VisitAll(func(f *flag.Flag) {
		env := envOf(f)
		from := "default"
		switch {
		case given[f.Name]:
			from = "--" + f.Name
		case env != "" && f.Value.(*envValue).getenv(env) != "":
			from = env
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", settingName(f, env), shown(f.Name, f.Value.String()), from)
	})
	tw.Flush()
}

func settingName(f *flag.Flag, env string) string {
	if env == "" {
		return "--" + f.Name
	}
	return env
}

// secretFlags hold credentials: config check shows only whether they are set.
var secretFlags = []string{"secret", "password", "token", "api-key"}

// shown is the value config check prints: secrets as "(set, hidden)", the
// password and secret parameters of URLs replaced.
func shown(name, v string) string {
	if v == "" {
		return `""`
	}
	for _, s := range secretFlags {
		if strings.Contains(name, s) && !strings.HasSuffix(name, "-file") && !strings.HasSuffix(name, "-ttl") {
			return "(set, hidden)"
		}
	}
	if strings.Contains(v, "://") {
		return redactURL(v)
	}
	return v
}

// redactURL hides a URL's password and any query parameter that carries a
// secret (an S3 secret key, for one).
func redactURL(v string) string {
	u, err := url.Parse(v)
	if err != nil {
		return "(not a URL, hidden)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "hidden")
	}
	q := u.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "secret") || strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "hidden")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
