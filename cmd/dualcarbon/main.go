// Command dualcarbon tracks China's green-transition indicators against their
// official targets: it migrates and seeds the database, exports the data and
// serves the dashboard.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/dualcarbon/dualcarbon/dashboard"
	"github.com/dualcarbon/dualcarbon/db"
)

const usage = `usage: dualcarbon <command> [flags]

commands:
  serve    [-addr 127.0.0.1:8080] [-max-lag 30s]
                                              serve the dashboard (on the primary or a hot standby)
  migrate  up | down N | version | force N   manage the schema
  seed     [-dry-run [-v]] [-published DATE] [-map FILE] [-sheet NAME] [-encoding E] [FILE ...]
                                              load figures (no FILE: the built-in dataset)
  runs     [-n 50]                            list seed runs, newest first
  revert   RUN                                take back what one seed run wrote
  export   [-indicator CODE] [-format csv|json|datapackage] [-o FILE]
                                              write observations with their sources
  coverage [-region CN]                       each indicator's years, with the standing of each
                                              current figure's source (docs/data.md keeps it)
  reader-role [-name dualcarbon_web]          create a read-only role for serve
  cluster  start | stop [-dir .pgdata] [-port N] [-listen ADDRS] [-standby-of URL]
                                              the private PostgreSQL of make run; with
                                              -standby-of, a hot standby of the primary at URL
                                              (or of the private cluster in a directory)

The database is DATABASE_URL, or the standard PG* variables when it is unset.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		dashboard.GCDefaults(os.Getenv) // the process is a server's: the collector set for one
	}
	if err := run(ctx, os.Args[1:], env); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "dualcarbon:", err)
		}
		os.Exit(1)
	}
}

// environment is what a command may touch of the process, so that tests can run
// commands in-process.
type environment struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func (env environment) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(env.stderr, nil))
}

func (env environment) databaseURL() string {
	return env.getenv("DATABASE_URL")
}

func run(ctx context.Context, args []string, env environment) error {
	if len(args) == 0 {
		fmt.Fprint(env.stderr, usage)
		return errors.New("no command")
	}
	cmds := map[string]func(context.Context, []string, environment) error{
		"serve":       serveCmd,
		"migrate":     migrateCmd,
		"seed":        seedCmd,
		"runs":        runsCmd,
		"revert":      revertCmd,
		"export":      exportCmd,
		"coverage":    coverageCmd,
		"cluster":     clusterCmd,
		"reader-role": readerRoleCmd,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprint(env.stdout, usage)
			return nil
		}
		fmt.Fprint(env.stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return db.Worded(cmd(ctx, args[1:], env))
}

func newFlagSet(name string, env environment) *flag.FlagSet {
	fs := flag.NewFlagSet("dualcarbon "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	return fs
}
