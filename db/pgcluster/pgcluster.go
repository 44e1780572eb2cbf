// Package pgcluster starts and stops a private PostgreSQL cluster with the server
// binaries of the machine: for tests (a throw-away cluster) and for `make run`
// (a cluster owned by the project that survives between runs).
//
// PostgreSQL refuses to run as root. When the caller is root, the cluster is
// owned by and run as the postgres user, and its directory must be one that
// user can reach; Dir picks such a place when the checkout is not.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Cluster is a PostgreSQL cluster in Dir, listening on 127.0.0.1:Port and on a
// Unix socket in Dir.
type Cluster struct {
	Dir  string // holds data/, the socket and the log
	Port int
	bin  string
	run  *user.User // nil: run as the current user

	watchdog *exec.Cmd      // Temp's: stops the server when this process ends
	lifeline io.WriteCloser // its stdin, closed only by this process ending or Destroy
}

// DataDir is where the cluster's files live.
func (c *Cluster) DataDir() string { return filepath.Join(c.Dir, "data") }

// LogFile is the server's log.
func (c *Cluster) LogFile() string { return filepath.Join(c.Dir, "postgres.log") }

// URL is a connection string for database name as the superuser.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// BinDir finds the directory of the PostgreSQL server binaries: $PG_BINDIR, the
// directory of initdb on PATH (where it links to), or the newest /usr/lib/postgresql/N/bin.
func BinDir() (string, error) {
	if d := os.Getenv("PG_BINDIR"); d != "" {
		return d, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		// A link (/usr/local/bin/initdb) to the server's directory: that directory holds pg_basebackup too.
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "pg_ctl")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL server binaries not found: install them (apt-get install postgresql) or set PG_BINDIR")
}

func versionOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// New describes a cluster in dir (created by Start if missing).
func New(dir string, port int) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, Port: port, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs a postgres user to own the cluster: %w", err)
		}
		c.run = u
	}
	return c, nil
}

// Temp starts a throw-away cluster on a free port, tuned for speed (no fsync).
// Stop it with Destroy.
func Temp(ctx context.Context) (*Cluster, error) {
	c, err := newTemp("dualcarbon-pg-")
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"); err != nil {
		os.RemoveAll(c.Dir)
		return nil, err
	}
	if err := c.watch(); err != nil {
		c.Destroy()
		return nil, err
	}
	return c, nil
}

// newTemp is an unstarted cluster in a new temporary directory the postgres user can enter, on a free port.
func newTemp(prefix string) (*Cluster, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	return New(dir, port)
}

// TempStandby starts a throw-away hot standby of primary on a free port, streaming from it, tuned like Temp.
// Stop it with Destroy.
func TempStandby(ctx context.Context, primary *Cluster) (*Cluster, error) {
	c, err := newTemp("dualcarbon-pg-standby-")
	if err != nil {
		return nil, err
	}
	dir := c.Dir
	if err := c.CloneFrom(ctx, primary.URL("postgres")); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts, err := c.StandbyOptions(ctx)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := c.Start(ctx, append([]string{"-c", "fsync=off", "-c", "full_page_writes=off"}, opts...)...); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := c.watch(); err != nil {
		c.Destroy()
		return nil, err
	}
	return c, nil
}

// CloneFrom makes c a hot standby of the primary at conninfo (a URL or key=value string) unless c's data
// directory exists already: a base backup with pg_basebackup -R (it writes standby.signal and the
// primary_conninfo the standby streams from), -X stream (the WAL written during the backup comes with it)
// and -c fast (an immediate checkpoint, where the default spread one takes minutes). The primary must allow
// replication connections from here (initdb's pg_hba.conf does on loopback). Start the standby with Start
// and StandbyOptions: a standby refuses to run with fewer connections (and a few others) than its primary.
func (c *Cluster) CloneFrom(ctx context.Context, conninfo string) error {
	if _, err := os.Stat(filepath.Join(c.DataDir(), "PG_VERSION")); err == nil {
		return nil
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	if err := c.chown(c.Dir); err != nil {
		return err
	}
	out, err := c.command(ctx, "pg_basebackup", "-d", conninfo, "-D", c.DataDir(),
		"-R", "-X", "stream", "-c", "fast", "--no-sync").CombinedOutput()
	if err != nil {
		os.RemoveAll(c.DataDir())
		return fmt.Errorf("pg_basebackup into %s: %w\n%s", c.DataDir(), err, out)
	}
	return nil
}

// StandbyOptions are the postgres options a standby needs to start: a hot standby refuses to run with
// max_connections, max_worker_processes, max_wal_senders, max_prepared_transactions or
// max_locks_per_transaction below its primary's, which its control file records (pg_controldata). Start
// sets max_connections=200; a primary with more gets as many here.
func (c *Cluster) StandbyOptions(ctx context.Context) ([]string, error) {
	out, err := c.command(ctx, "pg_controldata", c.DataDir()).Output()
	if err != nil {
		return nil, fmt.Errorf("pg_controldata %s: %w", c.DataDir(), err)
	}
	var opts []string
	for _, line := range strings.Split(string(out), "\n") {
		name, value, ok := strings.Cut(line, " setting:")
		if !ok {
			continue
		}
		switch name = strings.TrimSpace(name); name {
		case "max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_xacts", "max_locks_per_xact":
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil {
				continue
			}
			if name == "max_connections" && n <= 200 {
				continue
			}
			name = strings.NewReplacer("_xacts", "_transactions", "_xact", "_transaction").Replace(name)
			opts = append(opts, "-c", fmt.Sprintf("%s=%d", name, n))
		}
	}
	return opts, nil
}

// IsStandby reports whether c's data directory is a standby's (it holds standby.signal).
func (c *Cluster) IsStandby() bool {
	_, err := os.Stat(filepath.Join(c.DataDir(), "standby.signal"))
	return err == nil
}

// Watch makes c a throw-away cluster like Temp's: when this process ends, however it ends, its server stops
// and its directory goes (for tests that make clusters another way, `dualcarbon cluster start`). Destroy
// ends the watch.
func (c *Cluster) Watch() error { return c.watch() }

// watch starts a watchdog that stops the server and removes its directory when
// this process ends, however it ends: a test binary killed by a signal, a
// panic, a -timeout or the fuzzing engine stopping a worker never runs its
// deferred Destroy. The watchdog reads its stdin, a pipe only this process
// holds, until the kernel closes it.
func (c *Cluster) watch() error {
	const script = `cat >/dev/null; "$0" -D "$1" -m immediate -w -t 60 stop >/dev/null 2>&1; rm -rf "$2"`
	cmd := c.commandPath(context.Background(), "/bin/sh", "-c", script,
		filepath.Join(c.bin, "pg_ctl"), c.DataDir(), c.Dir)
	in, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("watchdog for %s: %w", c.Dir, err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("watchdog for %s: %w", c.Dir, err)
	}
	c.watchdog, c.lifeline = cmd, in
	return nil
}

// Start creates the cluster if needed and starts it; extra are postgres options.
func (c *Cluster) Start(ctx context.Context, extra ...string) error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	if err := c.chown(c.Dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.DataDir(), "PG_VERSION")); err != nil {
		out, err := c.command(ctx, "initdb", "-D", c.DataDir(), "-U", "postgres", "-A", "trust",
			"-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput()
		if err != nil {
			return fmt.Errorf("initdb %s: %w\n%s", c.DataDir(), err, out)
		}
	}
	opts := []string{"-c", "listen_addresses=127.0.0.1", "-p", strconv.Itoa(c.Port),
		"-c", "unix_socket_directories=" + c.Dir, "-c", "max_connections=200"}
	opts = append(opts, extra...)
	out, err := c.command(ctx, "pg_ctl", "-D", c.DataDir(), "-l", c.LogFile(), "-w", "-t", "60",
		"-o", quoteOpts(opts), "start").CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(c.LogFile())
		return fmt.Errorf("start PostgreSQL in %s: %w\n%s\n%s", c.Dir, err, out, tail(log, 2000))
	}
	return nil
}

// Running reports whether the cluster's server is up.
func (c *Cluster) Running(ctx context.Context) bool {
	return c.command(ctx, "pg_ctl", "-D", c.DataDir(), "status").Run() == nil
}

// Stop stops the server, waiting for it to go.
func (c *Cluster) Stop(ctx context.Context, mode string) error {
	if mode == "" {
		mode = "fast"
	}
	out, err := c.command(ctx, "pg_ctl", "-D", c.DataDir(), "-m", mode, "-w", "-t", "60", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("stop PostgreSQL in %s: %w\n%s", c.Dir, err, out)
	}
	return nil
}

// Destroy stops the server and removes its directory.
func (c *Cluster) Destroy() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := c.Stop(ctx, "immediate")
	if rmErr := os.RemoveAll(c.Dir); err == nil {
		err = rmErr
	}
	if c.watchdog != nil {
		c.lifeline.Close()
		c.watchdog.Wait()
		c.watchdog = nil
	}
	return err
}

// Exec runs a PostgreSQL client binary (psql, pgbench ...) against the cluster.
func (c *Cluster) Exec(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	if _, err := os.Stat(cmd.Path); err != nil {
		cmd = exec.CommandContext(ctx, name, args...)
	}
	cmd.Env = append(os.Environ(), "PGHOST=127.0.0.1", "PGPORT="+strconv.Itoa(c.Port), "PGUSER=postgres")
	return cmd
}

func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return c.commandPath(ctx, filepath.Join(c.bin, name), args...)
}

// commandPath runs path as the cluster's owner, in its own process group.
func (c *Cluster) commandPath(ctx context.Context, path string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	// Its own process group: a Ctrl-C meant for `make run` stops the dashboard,
	// not the cluster, which `make db-stop` stops.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if c.run != nil {
		uid, _ := strconv.Atoi(c.run.Uid)
		gid, _ := strconv.Atoi(c.run.Gid)
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		cmd.Env = append(cmd.Env, "HOME="+c.run.HomeDir, "USER="+c.run.Username)
	}
	return cmd
}

func (c *Cluster) chown(dir string) error {
	if c.run == nil {
		return nil
	}
	uid, _ := strconv.Atoi(c.run.Uid)
	gid, _ := strconv.Atoi(c.run.Gid)
	return os.Chown(dir, uid, gid)
}

// Reachable reports whether the user that runs the server can traverse every
// parent of dir (a checkout under a 0700 home cannot hold the cluster as root).
func Reachable(dir string) bool {
	if os.Geteuid() != 0 {
		return true
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return false
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err == nil {
			st := fi.Sys().(*syscall.Stat_t)
			mode := fi.Mode().Perm()
			ok := mode&0o001 != 0 ||
				(int(st.Uid) == uid && mode&0o100 != 0) ||
				(int(st.Gid) == gid && mode&0o010 != 0)
			if !ok {
				return false
			}
		}
		if d == "/" {
			return true
		}
	}
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func quoteOpts(opts []string) string {
	q := make([]string, len(opts))
	for i, o := range opts {
		q[i] = "'" + strings.ReplaceAll(o, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return bytes.TrimSpace(b)
}
