# The two set-up commands of the README: `make run` and `make test`. Everything else is a step of theirs.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc)
# The browser suite runs twice: today, and with the platform's clock (and the browser's) started at this instant,
# in the first days of a month years ahead, so no page or test may lean on the calendar.
SHIFTED_CLOCK ?= 2031-03-02T06:00:00Z
# CTest runs twice too: today, and with every process's clock at this instant (libfaketime; children continue
# their parent's clock, so a server and the test that started it agree on the time): no test may depend on
# the date it runs.
FAKED_DATE ?= 2035-12-31 10:00:00

.PHONY: run test deps build web unit-tests doc-test fuzz browser-test bench clean

run: build web
	$(BUILD)/yandian demo --listen 127.0.0.1:8080

test: build web unit-tests doc-test fuzz browser-test

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

web: deps
	@scripts/build-web.sh

# The store contract tests run on SQLite and on a private PostgreSQL cluster that scripts/postgres.sh starts (as the
# postgres user when run as root) and stops afterwards.
unit-tests: build
	scripts/postgres.sh run ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 300
	@echo "unit-tests: again with every clock at $(FAKED_DATE) (faketime)"
	scripts/postgres.sh run env FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_DONT_RESET=1 faketime -f '@$(FAKED_DATE)' \
	    ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 300

# Every ```sh example of README.md and docs/ runs as written on a fresh store (scripts/doc-examples.sh says how).
doc-test: build
	@scripts/doc-examples.sh $(BUILD)

fuzz: deps
	@scripts/fuzz.sh $(FUZZ_BUILD)

browser-test: build web
	@scripts/browser-test.sh $(BUILD)
	@YANDIAN_CLOCK_START=$(SHIFTED_CLOCK) scripts/browser-test.sh $(BUILD)

bench: build
	@scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) web/dist
