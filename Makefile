# cirrus — see README.md. Both entry points install missing Debian packages.
GO ?= go
BIN := bin/cirrus

.PHONY: all build demo test deps test-deps vet bench clean

all: build

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

build: deps
	$(GO) build -o $(BIN) .

demo: build
	$(BIN) demo

vet: deps
	$(GO) vet ./...

# The test command README.md documents and .ci/run calls. -count=1: the
# end-to-end tests build the binary themselves, which Go's test cache cannot see.
test: test-deps
	$(GO) vet ./...
	test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"
	scripts/with-services $(GO) test -race -count=1 -timeout 40m ./...

bench: build test-deps
	scripts/with-services scripts/bench-player

clean:
	rm -rf bin
