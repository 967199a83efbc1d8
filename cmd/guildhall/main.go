// Command guildhall runs the Guildhall platform and its tools.
//
// Every sub-command is a function of the same shape, so that tests can start the
// real program in-process with their own arguments, environment and output.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sort"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	var code exitError
	switch {
	case err == nil:
	case errors.As(err, &code):
		os.Exit(int(code))
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "guildhall:", err)
		os.Exit(1)
	}
}

// exitError ends the program with a status code and nothing more printed: the
// sub-command has already said what is wrong.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// errUsage means the command line was wrong; usage has been printed.
var errUsage = errors.New("usage")

// command is one sub-command.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands lists every sub-command by name. Tools that need no environment are
// adapted with noEnv.
func commands() map[string]command {
	return map[string]command{
		"serve":        {"run the platform: front door, workspace and API", runServe},
		"config":       {"check the configuration serve would start with and print it, secrets hidden (config check)", runConfig},
		"documents":    {"copy documents between folders and S3 buckets: backup, restore, moving to a bucket (documents copy --from --to)", runDocuments},
		"migrate":      {"apply database migrations (--status to report only)", runMigrate},
		"services":     {"work with service definitions (services check DIR)", runServices},
		"stats":        {"check the dashboards' counts against a fresh count of the cases (stats verify)", runStats},
		"audit":        {"verify the audit log against its key and checkpoints, export it, or print its public key (audit verify|export|key)", runAudit},
		"token":        {"issue an API token (token issue --name NAME …)", runToken},
		"admin":        {"recover staff accounts (admin reset-password|disable|enable --email EMAIL)", runAdmin},
		"backup":       {"make a consistent online backup (backup --to FILE)", runBackup},
		"restore":      {"restore a backup into an empty data folder (restore --from FILE --data DIR)", runRestore},
		"import":       {"import person records (--source NAME --mapping FILE file.csv) or a gazetteer (--gazetteer FILE)", runImport},
		"fileplan":     {"check a file plan (fileplan check [FILE])", noEnv(runFilePlan)},
		"link":         {"link or deduplicate person records from CSV files", noEnv(runLink)},
		"version":      {"print the version", runVersion},
		"transparency": {"check and publish a Transparency Code CSV (transparency publish --dataset ID FILE)", runTransparency},
		"triage":       {"measure the triage model on evaluation sets (triage eval [--file FILE])", runTriage},
		"ai":           {"print the algorithmic transparency record of the AI features (ai atrs)", runAICmd},
	}
}

func noEnv(f func(ctx context.Context, args []string, stdout, stderr io.Writer) error) func(context.Context, []string, func(string) string, io.Writer, io.Writer) error {
	return func(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
		return f(ctx, args, stdout, stderr)
	}
}

// run is the whole program: main only adds the process around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || asksForHelp(args) {
		usage(stdout, cmds)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "guildhall: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return errUsage
	}
	return c.run(ctx, args[1:], getenv, stdout, stderr)
}

// asksForHelp reports whether a command's arguments are a request for its
// usage, which is answered with success: asking for help is not an error.
func asksForHelp(args []string) bool {
	return len(args) > 0 && slices.Contains([]string{"-h", "-help", "--help", "help"}, args[0])
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Guildhall: a digital platform for UK councils.")
	fmt.Fprintln(w, "\nUsage: guildhall <command> [flags]   (guildhall <command> --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
}
