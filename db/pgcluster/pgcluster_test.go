package pgcluster

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTempDiesWithItsProcess starts a throw-away cluster in a child process,
// kills the child with SIGKILL (no deferred Destroy runs) and expects the
// watchdog to stop the server and remove its directory.
func TestTempDiesWithItsProcess(t *testing.T) {
	if os.Getenv("PGCLUSTER_CHILD") == "1" {
		c, err := Temp(context.Background())
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println(c.Dir, c.Port)
		select {} // until killed
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", "^TestTempDiesWithItsProcess$")
	cmd.Env = append(os.Environ(), "PGCLUSTER_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("child: %v", err)
	}
	fields := strings.Fields(line)
	if len(fields) != 2 || fields[0] == "error" {
		cmd.Process.Kill()
		t.Fatalf("child: %q", line)
	}
	dir, port := fields[0], fields[1]
	if _, err := strconv.Atoi(port); err != nil {
		t.Fatalf("port %q", port)
	}
	if !listening(port) {
		t.Fatalf("the child's server on port %s is not up", port)
	}
	cmd.Process.Kill()
	cmd.Wait()
	for ctx.Err() == nil {
		_, statErr := os.Stat(dir)
		if os.IsNotExist(statErr) && !listening(port) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the cluster in %s (port %s) outlived its process", dir, port)
}

func listening(port string) bool {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// A standby of a primary with more connections than Start's 200 starts: StandbyOptions reads the primary's
// settings from the standby's control file (PostgreSQL refuses a standby with fewer), and it is a hot standby.
func TestStandbyOfABiggerPrimary(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "dualcarbon-pg-test-") // reachable by the postgres user; Destroy removes it
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	primary, err := New(dir, port)
	if err != nil {
		t.Fatal(err)
	}
	if err := primary.Start(ctx, "-c", "fsync=off", "-c", "max_connections=250", "-c", "max_wal_senders=12"); err != nil {
		t.Fatal(err)
	}
	if err := primary.Watch(); err != nil {
		primary.Destroy()
		t.Fatal(err)
	}
	defer primary.Destroy()
	standby, err := TempStandby(ctx, primary)
	if err != nil {
		t.Fatalf("standby of a primary with max_connections=250: %v", err)
	}
	defer standby.Destroy()
	out, err := standby.Exec(ctx, "psql", "-p", strconv.Itoa(standby.Port), "-d", "postgres", "-tAc",
		"SELECT pg_is_in_recovery(), current_setting('max_connections'), current_setting('max_wal_senders')").CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "t|250|12" {
		t.Errorf("standby: %q %v, want t|250|12", got, err)
	}
}
