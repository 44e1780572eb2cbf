package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

// clusterCmd manages the project's private PostgreSQL cluster for `make run`:
// `cluster start` prints its database URL, `cluster stop` stops it. With
// -standby-of URL, start first makes the cluster a streaming hot standby of the
// primary at URL (pg_basebackup), the way docs/deploy.md and the replica test do.
func clusterCmd(ctx context.Context, args []string, env environment) error {
	if len(args) == 0 {
		return errors.New("cluster: want start or stop")
	}
	action := args[0]
	fs := newFlagSet("cluster "+action, env)
	dir := fs.String("dir", ".pgdata", "directory of the private cluster")
	standbyOf := fs.String("standby-of", "", "start: make a new cluster a hot standby of the primary at this URL (or the private cluster in this directory)")
	port := fs.Int("port", 0, "start: the port of a new cluster (default: a free one), kept in DIR/port")
	listen := fs.String("listen", "127.0.0.1", "start: listen_addresses (another machine's standby needs more than loopback)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	path, err := clusterDir(*dir)
	if err != nil {
		return err
	}
	switch action {
	case "start":
		url, err := startCluster(ctx, path, *standbyOf, *port, *listen)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, url)
		return nil
	case "stop":
		c, err := openCluster(path, 0)
		if err != nil {
			return err
		}
		if !c.Running(ctx) {
			fmt.Fprintln(env.stderr, "cluster: not running")
			return nil
		}
		return c.Stop(ctx, "fast")
	}
	return fmt.Errorf("cluster: unknown action %q", action)
}

// clusterDir resolves the cluster's directory. As root the server runs as the
// postgres user, who may not reach a checkout under a private home: the cluster
// then lives under /var/tmp, and dir becomes a symlink to it.
func clusterDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if target, err := filepath.EvalSymlinks(abs); err == nil {
		return target, nil
	}
	if pgcluster.Reachable(filepath.Dir(abs)) {
		return abs, nil
	}
	sum := sha256.Sum256([]byte(abs))
	outside := filepath.Join("/var/tmp", "dualcarbon-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(outside, 0o755); err != nil {
		return "", err
	}
	if err := os.Symlink(outside, abs); err != nil {
		return "", fmt.Errorf("link %s to %s: %w", abs, outside, err)
	}
	return outside, nil
}

func openCluster(dir string, want int) (*pgcluster.Cluster, error) {
	port, err := clusterPort(dir, want)
	if err != nil {
		return nil, err
	}
	return pgcluster.New(dir, port)
}

// clusterPort is the port chosen at the cluster's creation (want, or a free one when 0), kept in dir/port.
func clusterPort(dir string, want int) (int, error) {
	file := filepath.Join(dir, "port")
	if b, err := os.ReadFile(file); err == nil {
		port, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && want != 0 && want != port {
			return 0, fmt.Errorf("cluster %s listens on port %d (kept in %s), not %d", dir, port, file, want)
		}
		return port, err
	}
	port, err := want, error(nil)
	if port == 0 {
		port, err = pgcluster.FreePort()
	}
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	return port, os.WriteFile(file, []byte(strconv.Itoa(port)+"\n"), 0o644)
}

func startCluster(ctx context.Context, dir, standbyOf string, port int, listen string) (string, error) {
	c, err := openCluster(dir, port)
	if err != nil {
		return "", err
	}
	if standbyOf != "" {
		primary, err := primaryConninfo(standbyOf)
		if err != nil {
			return "", err
		}
		if err := c.CloneFrom(ctx, primary); err != nil {
			return "", err
		}
		if !c.IsStandby() {
			return "", fmt.Errorf("cluster %s exists and is not a standby: -standby-of makes new clusters only", dir)
		}
	}
	if !c.Running(ctx) {
		opts := []string{"-c", "listen_addresses=" + listen}
		if c.IsStandby() {
			more, err := c.StandbyOptions(ctx)
			if err != nil {
				return "", err
			}
			opts = append(opts, more...)
		}
		if err := c.Start(ctx, opts...); err != nil {
			return "", err
		}
	}
	if c.IsStandby() {
		// Read-only: the database comes from the primary, which must have it already.
		return c.URL("dualcarbon"), nil
	}
	admin, err := db.Open(ctx, c.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if err := admin.EnsureDatabase(ctx, "dualcarbon"); err != nil {
		return "", err
	}
	return c.URL("dualcarbon"), nil
}

// primaryConninfo is the connection string of the primary a standby is made from: standbyOf itself (a URL
// or key=value string), or, when it names the directory of a private cluster, that cluster's.
func primaryConninfo(standbyOf string) (string, error) {
	if strings.Contains(standbyOf, "://") || strings.Contains(standbyOf, "=") {
		return standbyOf, nil
	}
	dir, err := filepath.Abs(standbyOf)
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		return "", fmt.Errorf("-standby-of %s: neither a URL nor a cluster's directory: %w", standbyOf, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "port")); err != nil {
		return "", fmt.Errorf("-standby-of %s: neither a URL nor a cluster's directory", standbyOf)
	}
	p, err := openCluster(dir, 0)
	if err != nil {
		return "", err
	}
	return p.URL("postgres"), nil
}
