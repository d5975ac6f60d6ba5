# `make extract` and `make test` work as the very first command: they create .venv
# and install the project (model wheel checked against its published sha256).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/corpus
OUT ?= data/processed
GOLD ?= data/gold/corpus.jsonl
SIZES ?= 1000,10000
MAX_CHARS ?= 20000

.PHONY: setup extract test eval eval-seeds bench clean

$(STAMP): pyproject.toml requirements-model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

extract: $(STAMP)
	$(BIN)/newsx extract --corpus $(CORPUS) --out $(OUT) --max-chars $(MAX_CHARS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/newsx eval --out $(OUT) --gold $(GOLD)

eval-seeds: $(STAMP)
	$(BIN)/newsx extract --quiet --corpus ../shared/corpus/seeds --out data/processed-seeds
	$(BIN)/newsx eval --out data/processed-seeds --gold ../shared/gold/seeds.jsonl

bench: $(STAMP)
	$(BIN)/newsx bench --sizes $(SIZES) --corpus data/corpus --report data/bench/bench.json

clean:
	rm -rf data/processed data/processed-seeds data/bench
