package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/db"
)

// Error is an error a user may see: a status and a message key of the i18n table. The wrapped Err, if any,
// is internal and only logged.
type Error struct {
	Status int
	Key    string // i18n key of the message shown to the user
	Err    error  // internal cause, never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Key + ": " + e.Err.Error()
	}
	return e.Key
}

func (e *Error) Unwrap() error { return e.Err }

// badRequest is a 400 with the message under key.
func badRequest(key string) *Error { return &Error{Status: http.StatusBadRequest, Key: key} }

// notFound is a 404 with the message under key.
func notFound(key string) *Error { return &Error{Status: http.StatusNotFound, Key: key} }

// handleError is the one place errors become responses. Users see a status and a message from the i18n
// table in their language, never internal text and never their own input reflected.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, key := s.classify(err, c)
	lang := langOf(c)
	msg := text.T(lang, key)
	var werr error
	if strings.HasPrefix(c.Request().URL.Path, "/api/") || c.Request().URL.Path == "/healthz" || c.Request().URL.Path == "/readyz" {
		werr = c.JSON(status, map[string]any{"error": msg, "status": status})
	} else {
		werr = s.renderError(c, status, lang, msg)
	}
	if werr != nil {
		s.log.Error("write error response", "err", werr)
	}
}

// classify maps an error to a status and a message key, logging what users do not see.
func (s *Server) classify(err error, c echo.Context) (int, string) {
	var ue *Error
	if errors.As(err, &ue) {
		if ue.Status >= 500 {
			s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		}
		return ue.Status, ue.Key
	}
	if errors.Is(err, db.ErrNotFound) { // a handler that read the store directly: its "not found" is the user's
		return http.StatusNotFound, "err.page_not_found"
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, "err.page_not_found"
		case http.StatusMethodNotAllowed:
			return he.Code, "err.method"
		case http.StatusServiceUnavailable:
			return he.Code, "err.unavailable"
		}
		if he.Code >= 400 && he.Code < 500 {
			return he.Code, "err.bad_request"
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.Error("request timed out", "path", c.Request().URL.Path, "err", err)
		return http.StatusServiceUnavailable, "err.unavailable"
	}
	s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	return http.StatusInternalServerError, "err.internal"
}

// renderError writes the error page; if even that fails, a plain text line.
func (s *Server) renderError(c echo.Context, status int, lang, msg string) error {
	body, err := s.pages.render("error", errorPage{pageData: viewPage(View{Lang: lang}, "/"), Status: status, Message: msg})
	if err != nil {
		s.log.Error("render error page", "err", err)
		return c.String(status, msg)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

type errorPage struct {
	pageData
	Status  int
	Message string
}
