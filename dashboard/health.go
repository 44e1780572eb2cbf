package dashboard

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz says the process is up.
func (s *Server) healthz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether to send traffic here: 200 only while the database answers, its schema is the one
// this build expects and, on a hot standby, its replication lag is within Options.MaxLag; not while shutting
// down. On a standby the body tells the lag too.
func (s *Server) readyz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	ctx := c.Request().Context()
	reason := s.notReady(ctx)
	body := map[string]any{}
	if reason == "" {
		reason, body = s.replicationNotReady(ctx)
		if body == nil {
			body = map[string]any{}
		}
	}
	if reason != "" {
		body["status"], body["reason"] = "unavailable", reason
		return c.JSON(http.StatusServiceUnavailable, body)
	}
	body["status"] = "ready"
	return c.JSON(http.StatusOK, body)
}

// notReady is why the server should not get traffic, or "".
func (s *Server) notReady(ctx context.Context) string {
	if s.draining.Load() {
		return "shutting down"
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: database does not answer", "err", err)
		return "database unavailable"
	}
	v, dirty, err := s.store.SchemaState(ctx)
	switch {
	case err != nil:
		s.log.Warn("readiness: schema version unknown", "err", err)
		return "schema version unknown"
	case dirty:
		return "schema is dirty"
	case v != s.schema:
		return "schema is not at the expected version"
	}
	return ""
}
