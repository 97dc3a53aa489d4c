# cirrus — see README.md. Both entry points install missing Debian packages.
GO ?= go
BIN := bin/cirrus

STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/staticcheck-$(STATICCHECK_VERSION)

.PHONY: all build demo test deps test-deps vet lint bench fuzz fuzz-selftest release test-install bench-idle clean

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

# staticcheck at a pinned version, built from the Go module proxy into bin/.
$(STATICCHECK):
	mkdir -p bin
	GOBIN=$(CURDIR)/bin/.staticcheck $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/.staticcheck/staticcheck $@ && rmdir bin/.staticcheck

# Static checks: vet, formatting, a tidy go.mod, staticcheck, and cirrus
# (pure Go since player/aac replaced FAAD2 and the native PulseAudio output
# came) cross-built and vetted, tests included, without cgo for the five
# release targets (tests that need Unix or the cgo ALSA output say so in a
# build tag; the bench tools in scripts/ are Linux-only, /proc and rusage, and
# say so in theirs), so a Linux-only call cannot land; third_party/ is upstream code).
CROSS_PKGS := . ./api/... ./auth/... ./config/... ./internal/... ./player/... ./scripts/... ./ui/...
TARGETS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64
lint: $(STATICCHECK)
	$(GO) vet ./...
	for t in $(TARGETS); do \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build $(CROSS_PKGS) && \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet $(CROSS_PKGS) || exit 1; \
	done
	# third_party/ too where it builds without cgo (oto needs cgo on Linux,
	# which the plain go vet above covers): the macOS and Windows drivers
	for t in darwin/amd64 darwin/arm64 windows/amd64; do \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./third_party/... || exit 1; \
	done
	test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"
	$(GO) mod tidy -diff
	$(STATICCHECK) $$($(GO) list ./... | grep -v /third_party/)

# The test command README.md documents and .ci/run calls. -count=1: the
# end-to-end tests build the binary themselves, which Go's test cache cannot see.
# The native pulse output's real-audio tests then run a second time on
# PipeWire's PulseAudio server (pipewire-pulse), where the protocol's flush
# once left a stream silent (issue 22); the tests that kill, freeze and
# restart a server of their own then restart a PipeWire. So does the oto
# copy's heard test, through PulseAudio's ALSA plugin and through PipeWire's
# own (unpacked into bin/ by scripts/install-deps --test). About three minutes.
PULSE_REAL_TESTS := TestPulse(PlaysTrackNamed|VolumeIsTheStreams|SeekDropsStaleAudio|PauseCorks|DeviceChoice|FollowsMove|ServerRestart|ServerFrozen|LossNoticedWhileWriterWaits|WriterOutlivesLoss|WriterKeepsToRealTime|AloneOnItsSink|WriterWakesRarely|AnnouncesTrackWhenHeard)$$|TestFlushThenPlayOn$$|TestDevicesListsSinks$$|TestHeardThrough(ALSADefault|PipeWireALSA)$$
test: test-deps lint
	scripts/with-services $(GO) test -race -count=1 -timeout 40m ./...
	CIRRUS_SOUND_SERVER=pipewire scripts/with-services $(GO) test -race -count=1 -timeout 10m -run '$(PULSE_REAL_TESTS)' ./player/ ./player/pulse/ ./ui/cli/ ./third_party/oto/

# Every fuzz target in the module, one after another, FUZZTIME (default
# 60s) each; a table of executions, non-zero exit on a failure or on a
# target below FUZZMINEXECS executions (see scripts/fuzz).
fuzz: test-deps
	scripts/fuzz

# Checks scripts/fuzz itself on a made-up module (about 2 minutes).
fuzz-selftest:
	scripts/fuzz-selftest

bench: build test-deps
	scripts/with-services scripts/bench-player

# A snapshot release in dist/, offline, nothing published: archives for the
# five targets, .deb/.rpm, checksums, Homebrew formula, Scoop manifest
# (scripts/release; VERSION=1.2.3 make release stamps a version).
release:
	scripts/release

# cirrus installed as a new user would (slow, minutes; not in make test):
# go install from a local module proxy, the .deb in a fresh Debian 12 root,
# the Windows binary under wine64. See scripts/test-install.
test-install:
	@scripts/install-deps --install
	scripts/with-services scripts/test-install

# What an idle, paused and playing TUI costs (wake-ups/s, CPU) and how fast a
# key press shows, for the on-demand screen and Bubble Tea's renderer.
bench-idle: deps
	scripts/bench-idle

clean:
	rm -rf bin dist
