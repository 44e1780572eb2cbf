package db

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsRetryable reports whether err is a lost or refused connection after which a read may simply run again on
// another connection: the server shut the connection down (SQLSTATE 57P01 admin_shutdown after a restart,
// 57P02 crash_shutdown, 57P03 cannot_connect_now while starting), a connection exception (class 08), a
// connection that broke or could not be made, or an error pgx marks as raised before anything was sent.
//
// Only reads may be retried on these errors: a write may have been committed before its connection broke.
// The caller's deadline and cancellation are never retryable.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", "53300": // admin/crash shutdown, cannot connect now, too many connections
			return true
		}
		return len(pgErr.Code) == 5 && pgErr.Code[:2] == "08" // connection_exception
	}
	if pgconn.SafeToRetry(err) {
		return true
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	if errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var netErr *net.OpError
	return errors.As(err, &netErr)
}

// readRetries is how many times RetryRead runs a read again after a lost connection.
const readRetries = 2

// RetryRead runs read, and again (up to readRetries times, with a growing pause) while it fails with an error
// IsRetryable accepts: a PostgreSQL restart breaks every pooled connection, and the first query on each
// fails with 57P01. Only reads may come here, so running one twice is harmless. It never outlives ctx.
func RetryRead[T any](ctx context.Context, read func(context.Context) (T, error)) (T, error) {
	pause := 50 * time.Millisecond
	for attempt := 0; ; attempt++ {
		v, err := read(ctx)
		if err == nil || attempt == readRetries || !IsRetryable(err) {
			return v, err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return v, err
		case <-t.C:
		}
		pause *= 4
	}
}
