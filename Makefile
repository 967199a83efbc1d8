# The one test command (README, .ci/run): every test on SQLite and PostgreSQL,
# the browser suites in Chromium with axe-core, then each fuzz target briefly.
GO        ?= go
FUZZTIME  ?= 5s

.PHONY: test unit fuzz vet build deps assets bench crash attack deb

test: deps vet unit fuzz

deps:
	@if [ -f package-lock.json ] && command -v npm >/dev/null 2>&1 && [ ! -f node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	fi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)

# The longest test packages start first, then the rest of ./... in name
# order: go test starts packages in the order given, two at a time on two
# cores, and a long package started last (test/security sorts near the end)
# ran alone for minutes while the other core idled. Longest first (per-package
# times in docs/performance.md, "Test suite time"); reorder when they change.
SLOW_FIRST = ./test/security ./internal/web/frontdoor ./test/acceptance ./internal/records \
	./internal/web/workspace ./test/crash ./internal/web/records ./internal/store ./internal/web/advice \
	./internal/web/account ./internal/web/opendata ./internal/cases

unit:
	$(GO) test -count=1 -timeout 20m $(SLOW_FIRST) ./...

fuzz:
	./.ci/fuzz $(FUZZTIME)

build:
	$(GO) build -o guildhall ./cmd/guildhall

# A Debian package with a systemd unit (dist/guildhall_VERSION_ARCH.deb); see docs/deploy.md.
deb:
	packaging/deb/build.sh

# Copy GOV.UK Frontend's built files from node_modules into the embedded static folder.
assets:
	npm ci --no-audit --no-fund --loglevel=error
	./internal/web/static/update.sh

# Crash safety: kill -9 a real `guildhall serve` CRASH_CYCLES times per database
# (SQLite and PostgreSQL) under concurrent API clients, then check nothing was lost
# or doubled and every notification reached Notify exactly once (test/crash).
# Then cut the power CRASH_POWER_CYCLES times on a FUSE file system that forgets
# unsynced writes: SQLite FULL and PostgreSQL must lose nothing acknowledged, and
# SQLite NORMAL must be seen to lose something (CRASH_NORMAL_MUST_LOSE=1).
CRASH_CYCLES ?= 50
CRASH_POWER_CYCLES ?= 30
crash:
	CRASH_CYCLES=$(CRASH_CYCLES) CRASH_POWER_CYCLES=$(CRASH_POWER_CYCLES) CRASH_NORMAL_MUST_LOSE=1 \
	GUILDHALL_TEST_POSTGRES=required GUILDHALL_TEST_FUSE=required $(GO) test -count=1 -timeout 60m -v -run . ./test/crash

# Load: net/http ceiling, then serve on SQLite and PostgreSQL at concurrency 16 and 64
# (DUR per cell, default 10s); SCALE=1 adds queue/search on 10k, 100k and 1M seeded cases.
# Figures and commands: docs/performance.md.
bench:
	DUR=$(or $(DUR),10s) SCALE=$(SCALE) bench/load/run.sh

# Attack a local serve with sqlmap and wapiti (Debian packages; installs nothing).
# Findings: docs/security.md.
attack:
	bench/attack/run.sh
