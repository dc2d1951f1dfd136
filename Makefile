# The README's two commands are `make demo` and `make test`; each sets up what it needs.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: demo test eval bench sysdeps samples screenshot clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

# Review every sample draft; exit 0 or 1 (a review that asks for action) both mean it ran.
demo: $(STAMP)
	$(BIN)/baomi scan corpus_samples/documents || [ $$? -eq 1 ]

# System packages for the real parts: Debian's chromium (browser tests), postgresql, libreoffice (legacy .doc).
sysdeps:
	bash scripts/sysdeps.sh

# The whole suite; pytest's exit 5 (nothing collected) is a failure, not a pass.
test: $(STAMP) sysdeps
	bash scripts/run_tests.sh $(BIN)

eval: $(STAMP)
	$(BIN)/baomi eval

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

samples: $(STAMP)
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
