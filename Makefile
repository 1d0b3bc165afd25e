# beiancheck: make demo (scan the bundled demo site), make test (everything,
# with the real browser), make bench (benchmarks), make check (fmt + vet).
GO      ?= go
BIN     := bin/beiancheck
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: all build demo test check bench browser clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/beiancheck

# browser installs Chromium (the headless shell, faster per page) and the
# CJK fonts when they are missing: without the fonts Chinese text renders as
# boxes of other widths, which moves lines and so the centring.
browser:
	@if [ -n "$$BEIANCHECK_CHROME" ] || command -v chromium-headless-shell >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then \
		echo "browser: found"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "browser: installing chromium-headless-shell and fonts-noto-cjk with apt-get"; \
		SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y chromium-headless-shell fonts-noto-cjk || $$SUDO apt-get install -y chromium fonts-noto-cjk; \
	else \
		echo "browser: no Chromium found and no apt-get here. Install Chromium (or Google Chrome) and a CJK font, or set BEIANCHECK_CHROME=/path/to/chrome." >&2; exit 2; \
	fi
	@fc-list 2>/dev/null | grep -qi 'cjk' || { command -v apt-get >/dev/null 2>&1 && { SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; $$SUDO apt-get install -y fonts-noto-cjk; }; } || echo "browser: warning: no CJK font found; centring of Chinese text may be off" >&2

demo: browser build
	@mkdir -p out
	./$(BIN) demo --json out/report.json --sarif out/report.sarif --html out/report.html --artifacts out/artifacts
	@echo "reports: out/report.json out/report.sarif out/report.html (screenshots in out/artifacts)"

test: browser
	$(GO) vet ./...
	@unformatted=$$(gofmt -l cmd rules scanner fixtures); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted" >&2; exit 1; fi
	$(GO) test -count=1 ./...

check:
	@unformatted=$$(gofmt -l cmd rules scanner fixtures); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted" >&2; exit 1; fi
	$(GO) vet ./...

# bench: micro-benchmarks of the rules, then the whole-site benchmark
# (a 1,000-page local site; bare chromedp loop vs beiancheck vs pa11y-ci),
# whose figures go to cmd/beiancheck-bench/BENCHMARKS.md.
bench: browser build
	$(GO) test -run '^$$' -bench . -benchmem ./rules/
	$(GO) build -o bin/beiancheck-bench ./cmd/beiancheck-bench
	./bin/beiancheck-bench -beiancheck $(BIN) -o cmd/beiancheck-bench/BENCHMARKS.md

clean:
	rm -rf bin out
