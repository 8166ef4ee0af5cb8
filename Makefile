# wardmap: `make run` opens the app on the demo ward, `make test` runs every
# test. Both install the Debian packages they need first (.ci/deps.sh).

MOD     := wardmap
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
TAGS    := migrated_fynedo
LDFLAGS := -X main.version=$(VERSION)
GO      ?= go
# Benchmarks: how long each runs (go test -benchtime).
BENCHTIME ?= 1s
FUZZTIME  ?= 30s

.PHONY: all build desktop server run test race bench fuzz check-deps vet tidy-check staticcheck fmt deps deps-test demo clean

all: check-deps vet test build

deps:
	@.ci/deps.sh build

deps-test:
	@.ci/deps.sh test

build: desktop server

desktop: deps
	$(GO) build -tags '$(TAGS)' -ldflags '$(LDFLAGS)' -o bin/wardmap ./cmd/wardmap

server:
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/wardd ./cmd/wardd

run: desktop
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: run on a desktop session, or try: xvfb-run bin/wardmap"; exit 1; fi
	bin/wardmap

test: deps-test tidy-check check-deps vet staticcheck
	$(GO) test -tags '$(TAGS)' -count=1 -timeout 30m ./...

# The tests again under the race detector (slower: not part of make test).
race: deps-test
	$(GO) test -tags '$(TAGS)' -race -count=1 ./...

# go.mod and go.sum must be what go mod tidy makes of the imports.
tidy-check:
	@$(GO) mod tidy -diff >/dev/null 2>&1 || { $(GO) mod tidy -diff; echo "tidy-check: run go mod tidy"; exit 1; }

# Pinned so that a new release's checks cannot break a green build.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
staticcheck:
	$(GO) run $(STATICCHECK) -tags '$(TAGS)' ./...

vet:
	$(GO) vet -tags '$(TAGS)' ./...

# BenchmarkCity builds its 10,000,000 records once (minutes) and keeps them in
# WARDMAP_BENCH_DIR (default /var/tmp/wardmap-bench): no 10-minute test timeout.
bench: deps-test
	$(GO) test -tags '$(TAGS)' -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 0 ./...

# Each parser's fuzzer for FUZZTIME (go test allows one -fuzz per package).
fuzz:
	@for p in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$p 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$p $$f"; $(GO) test -tags '$(TAGS)' -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$p || exit 1; \
	  done; done

# Imports point one way: cmd → app → (gis, data interfaces); data → gis;
# cmd → ward (use cases) → data, gis.
# gis knows no UI, SQL or HTTP; app never imports data.
check-deps:
	@! $(GO) list -deps ./gis/... | grep -E '^(fyne\.io/|database/sql$$|net/http$$|$(MOD)/(app|data|cmd)(/|$$))' \
	  || (echo "check-deps: gis imports UI, SQL, HTTP or an upper layer (above)"; exit 1)
	@! $(GO) list -deps ./data/... | grep -E '^(fyne\.io/|$(MOD)/(app|cmd)(/|$$))' \
	  || (echo "check-deps: data imports the UI (above)"; exit 1)
	@! $(GO) list -deps ./app/... 2>/dev/null | grep -E '^$(MOD)/(data|cmd)(/|$$)' \
	  || (echo "check-deps: app imports data or cmd (above): take a small interface instead"; exit 1)
	@! $(GO) list -deps ./data/server/... ./cmd/wardd/... | grep -E '^$(MOD)/data/laptop(/|$$)' \
	  || (echo "check-deps: the server imports the laptop's packages (above): share through data/sync"; exit 1)
	@! $(GO) list -deps ./data/formats/... | grep -E '^$(MOD)/data/(laptop|server|sync)(/|$$)' \
	  || (echo "check-deps: a file format imports a store or the sync protocol (above)"; exit 1)
	@! $(GO) list -deps ./data/sync/wire/... ./data/sync/catalogue/... | grep -E '^$(MOD)/data/(laptop|server)(/|$$)' \
	  || (echo "check-deps: what laptop and server share imports one of them (above)"; exit 1)
	@echo "check-deps: imports point one way"

# Regenerate the embedded demo ward from gis/demo.
demo:
	$(GO) generate ./assets/...

fmt:
	gofmt -l -w .

clean:
	rm -rf bin testout
