# gdconv — two commands do all set-up on a fresh Debian or Ubuntu machine (with a Swift 6
# toolchain on PATH):
#   make demo   install what is missing, build in release mode, convert samples/ into out/
#   make test   install what is missing, run the whole test suite
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := pkg-config libxml2-dev libxlsxwriter-dev zlib1g-dev libpoppler-glib-dev libxml2-utils python3
SWIFT_BUILD_FLAGS ?=

.PHONY: deps build demo test bench hostile man clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install -q jsonschema 2>/dev/null \
	  || (DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-jsonschema) \
	  || echo "warning: python jsonschema not available; the schema test will fail"
	@python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install -q openpyxl 2>/dev/null \
	  || (DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-openpyxl) \
	  || echo "warning: python openpyxl not available; the XLSX client tests will fail"

build: deps
	swift build -c release $(SWIFT_BUILD_FLAGS)

demo: build
	@mkdir -p out
	@set -e; for f in samples/*.txt; do \
	  b=$$(basename $$f .txt); \
	  .build/release/gdconv $$f -o out/$$b.json -q; \
	  .build/release/gdconv out/$$b.json -o out/$$b.txt -q; \
	  .build/release/gdconv $$f -t facts -o out/$$b.facts -q; \
	  .build/release/gdconv $$f -o out/$$b.xml -q; \
	  .build/release/gdconv $$f -o out/$$b.xlsx -q; \
	  echo "out/$$b.{json,txt,facts,xml,xlsx}"; \
	done
	@set -e; for f in samples/*.html; do \
	  b=$$(basename $$f .html); \
	  .build/release/gdconv $$f -o out/$$b.xlsx -q; \
	  .build/release/gdconv $$f -o out/$$b.txt -q; \
	  .build/release/gdconv $$f -t facts -o out/$$b.facts -q; \
	  .build/release/gdconv check $$f > out/$$b.check 2>&1; \
	  echo "out/$$b.{xlsx,txt,facts,check} (from the web page)"; \
	done
	@set -e; for f in samples/*.docx samples/*.pdf; do \
	  b=$$(basename $$f); b=$${b%.*}; \
	  .build/release/gdconv $$f -o out/$$b.xlsx -q; \
	  .build/release/gdconv $$f -t facts -o out/$$b.facts -q; \
	  echo "out/$$b.{xlsx,facts} (from $$f)"; \
	done

test: deps
	swift test $(SWIFT_BUILD_FLAGS)

bench: build
	python3 scripts/bench.py

# The hostile inputs of issue 12 on the release build: time and peak memory of each (figures).
hostile: build
	python3 scripts/hostile.py

clean:
	rm -rf .build out

# The man page, generated from the argument parser's definitions (docs/man/gdconv.1).
man:
	swift package --allow-writing-to-package-directory generate-manual --date $$(date +%F)
	mkdir -p docs/man && cp .build/plugins/GenerateManual/outputs/gdconv/gdconv.1 docs/man/gdconv.1
