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

// readyz says whether to send traffic here: 200 only while the database answers and its schema is the one
// this build expects, and not while shutting down.
func (s *Server) readyz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if reason := s.notReady(c.Request().Context()); reason != "" {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": reason})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
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
