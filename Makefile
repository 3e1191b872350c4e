# Corpus Explorer. `make run` starts the REPL on seeds/, `make test` runs every test.
# Both install libedit-dev (the line editor's header) with apt-get when it is missing.

SWIFT ?= swift
CONFIG ?= release
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/$(CONFIG)/explorer

.PHONY: run test build deps bench fuzz sanitize clean

deps:
	@if [ ! -f /usr/include/histedit.h ]; then \
		echo "libedit-dev is missing: installing it with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

run: build
	$(BIN) --corpus seeds

test: build
	EXPLORER_BIN=$(abspath $(BIN)) $(SWIFT) test -c $(CONFIG)

bench: build
	bash bench/run.sh

# libFuzzer harnesses (address sanitizer on) for the query language and the corpus pipeline;
# FUZZ_SECONDS per target (default 60).
fuzz: deps
	bash Fuzz/fuzz.sh

# The whole test suite under the address sanitizer, in its own build folder. Leak detection is
# off: LeakSanitizer reports a few hundred bytes of compiled plans per query on this toolchain's
# typed-throws paths (see the issue note); out-of-bounds, use-after-free and the like are checked.
sanitize: deps
	$(SWIFT) build --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 EXPLORER_BIN=$(abspath .build-asan/debug/explorer) $(SWIFT) test --sanitize=address --scratch-path .build-asan

clean:
	rm -rf .build .build-asan .build-fuzz
