# dualcarbon: `make run` gets a dashboard on http://127.0.0.1:8080, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := run

ADDR     ?= 127.0.0.1:8080
BIN      := bin/dualcarbon
ECHARTS  := dashboard/static/vendor/echarts.min.js
LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_BIN   := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) $(shell command -v initdb))
GO_FILES := $(shell find . -name '*.go' -not -path './node_modules/*' 2>/dev/null)
# staticcheck, pinned: a release that supports this Go (go.mod), run from the module proxy (no install).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: lighthouse run build test bench deps deps-test deps-bench assets db-stop fmt vet lint clean fuzz help screenshots postgres deploy-check coverage-doc

## run: build, start the private PostgreSQL (or use $DATABASE_URL), migrate, seed, serve
run: postgres build
	@set -e; \
	url="$${DATABASE_URL:-$$($(BIN) cluster start -dir .pgdata)}"; \
	export DATABASE_URL="$$url"; \
	$(BIN) migrate up; \
	$(BIN) seed; \
	echo "dualcarbon: serving on http://$(ADDR) (Ctrl-C stops it; make db-stop stops PostgreSQL)"; \
	exec $(BIN) serve -addr $(ADDR)

## build: write bin/dualcarbon (fetches the pinned ECharts from the npm registry once); installs nothing
build: $(ECHARTS)
	go build -o $(BIN) ./cmd/dualcarbon

## test: gofmt, vet, staticcheck, every test (against a throw-away PostgreSQL and a headless Chromium they start themselves; Lighthouse's accessibility, best practices and SEO), fuzz
test: deps-test $(ECHARTS) $(LIGHTHOUSE)
	gofmt -l . | tee /dev/stderr | (! read)
	go vet ./...
	go run $(STATICCHECK) ./...
	go test -count=1 -timeout 15m ./...
	$(MAKE) --no-print-directory fuzz

## lint: gofmt, vet and staticcheck only
lint:
	gofmt -l . | tee /dev/stderr | (! read)
	go vet ./...
	go run $(STATICCHECK) ./...

## lighthouse: Lighthouse (pinned in tools/lighthouse) on /, an indicator page, /targets and a zh indicator page, mobile and desktop; fails below 100 (accessibility, best practices, SEO) or 95 (performance)
lighthouse: build deps-test $(LIGHTHOUSE)
	tools/lighthouse/run.sh

# Lighthouse from the npm registry, pinned (tools/lighthouse): `make lighthouse` scores the pages, and
# dashboard's TestLighthouse (make test) checks accessibility, best practices and SEO with it.
$(LIGHTHOUSE): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund --ignore-scripts
	touch $@

## screenshots: refresh docs/screenshot-*.png from the end-to-end test (go test never writes them otherwise)
screenshots: deps-test $(ECHARTS)
	go test -count=1 -run '^TestEndToEnd$$' ./cmd/dualcarbon -update-screenshots

## fuzz: run each fuzz target briefly (the seed corpora run in `go test` too)
fuzz:
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -r -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go | cut -d' ' -f2); do \
	    go test -run '^$$' -fuzz "^$$f$$" -fuzztime 10s $$dir; \
	  done; \
	done

## bench: seed, export and page figures beside their physical limits (psql \copy, COPY TO, static files)
# -p 1: one package at a time, so no benchmark shares the two cores with another.
bench: deps-test deps-bench $(ECHARTS)
	go test -p 1 -run '^$$' -bench . -benchtime 1x -timeout 60m ./...
	go run ./cmd/dcbench

## deploy-check: follow docs/deploy.md on loopback (a primary, a standby, two servers, nginx, backups and a
## restore) in a scratch directory, check it, remove it; as root; installs nginx from apt when missing
deploy-check: postgres $(ECHARTS)
	@command -v nginx >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx; }
	$(SUDO) docs/deploy-check.sh

## db-stop: stop the private PostgreSQL cluster
db-stop:
	@if [ -e .pgdata ]; then go run ./cmd/dualcarbon cluster stop -dir .pgdata; else echo "no private cluster"; fi

## deps: install everything the targets use (deps-test and deps-bench)
deps: deps-test deps-bench

## deps-test: PostgreSQL, npm (ECharts), Chromium (browser tests), a CJK font (screenshots) from apt when missing
deps-test: postgres
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@fc-list 2>/dev/null | grep -qi 'wqy\|noto.*cjk' || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-wqy-microhei; } || echo "no CJK font: Chinese shows as boxes in screenshots"

## deps-bench: wrk (page benchmarks) from apt when missing
deps-bench:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; } || echo "wrk not installed: page benchmarks need it"

## assets: ECharts from the npm registry, bundled with only the parts used, served by the binary (no CDN); axe-core for tests
assets: $(ECHARTS)

postgres:
	@[ -n "$(PG_BIN)" ] || [ -n "$$DATABASE_URL" ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql; }
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }

# ECharts' own ES modules, only the parts dashboard/assets/echarts.js names, bundled and minified by the pinned
# esbuild (its platform binary comes as an npm optional dependency: no install script runs).
$(ECHARTS): dashboard/assets/package.json dashboard/assets/package-lock.json dashboard/assets/echarts.js
	npm ci --prefix dashboard/assets --no-audit --no-fund --ignore-scripts
	mkdir -p $(dir $@)
	dashboard/assets/node_modules/.bin/esbuild dashboard/assets/echarts.js --bundle --minify --format=iife \
	  --target=es2017 --legal-comments=eof --log-level=warning --outfile=$@

## coverage-doc: rewrite docs/data.md's coverage table from `dualcarbon coverage` on the built-in dataset
coverage-doc: deps-test
	UPDATE_COVERAGE_DOC=1 go test ./cmd/dualcarbon/ -run TestCoverageTableInDocsIsTheCommandOutput -count=1

## fmt: gofmt every Go file
fmt:
	gofmt -w $(GO_FILES)

## vet: go vet
vet:
	go vet ./...

## help: this list
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'

## clean: remove the binary, node_modules and the vendored ECharts
clean:
	rm -rf bin dashboard/assets/node_modules dashboard/static/vendor tools/lighthouse/node_modules
