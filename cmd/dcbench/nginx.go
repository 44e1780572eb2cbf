package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// nginxServer is nginx with one worker serving the files of a temporary directory on 127.0.0.1: what a
// cached page is held against ("the same bytes, served by nginx").
type nginxServer struct {
	dir, url string
	cmd      *exec.Cmd
	n        int
}

// newNginx starts nginx on a free loopback port (it tries a few: a port found free may be taken before nginx
// binds it).
func newNginx(ctx context.Context) (*nginxServer, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "dcbench-nginx-")
	if err != nil {
		return nil, err
	}
	os.Chmod(dir, 0o755) // workers may run as another user
	for range 5 {
		port, err := freePort()
		if err != nil {
			break
		}
		conf := fmt.Sprintf(`daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[1]s/tmp; proxy_temp_path %[1]s/tmp; fastcgi_temp_path %[1]s/tmp;
	uwsgi_temp_path %[1]s/tmp; scgi_temp_path %[1]s/tmp;
	default_type application/octet-stream;
	keepalive_requests 1000000;
	server { listen 127.0.0.1:%[2]d; root %[1]s/www; }
}
`, dir, port)
		os.MkdirAll(filepath.Join(dir, "www"), 0o755)
		os.MkdirAll(filepath.Join(dir, "tmp"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
			break
		}
		cmd := exec.CommandContext(ctx, bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
		if err := cmd.Start(); err != nil {
			break
		}
		s := &nginxServer{dir: dir, url: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
		if s.up() {
			return s, nil
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
	log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
	os.RemoveAll(dir)
	return nil, fmt.Errorf("nginx did not start: %s", log)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// up waits up to 3 s for nginx to answer.
func (s *nginxServer) up() bool {
	client := &http.Client{Timeout: time.Second}
	defer client.CloseIdleConnections()
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if resp, err := client.Get(s.url + "/"); err == nil {
			resp.Body.Close()
			return true
		}
	}
	return false
}

// put stores body as a new file and returns its URL path.
func (s *nginxServer) put(body []byte) (string, error) {
	s.n++
	name := fmt.Sprintf("/file%d", s.n)
	return name, os.WriteFile(filepath.Join(s.dir, "www", name), body, 0o644)
}

func (s *nginxServer) close() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	os.RemoveAll(s.dir)
}
