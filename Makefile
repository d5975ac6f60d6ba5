# `make extract` and `make test` work as the very first command: they create .venv
# and install the project (model wheel checked against its published sha256).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/corpus
OUT ?= data/processed
GOLD ?= data/gold/corpus.jsonl
# Folder of <doc_id>.txt for gold lines without text (default: the corpus OUT was extracted from).
TEXTS ?=
SIZES ?= 1000,10000
INCIDENT_ROWS ?= 100000,1000000
REPORT_RUN ?= 10000,50000
MAX_CHARS ?= 20000

.PHONY: setup extract test eval eval-seeds eval-incidents bench bench-report report notebooks clean

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
	$(BIN)/newsx eval --out $(OUT) --gold $(GOLD) $(if $(TEXTS),--texts $(TEXTS))

eval-seeds: $(STAMP)
	$(BIN)/newsx extract --quiet --corpus ../shared/corpus/seeds --out data/processed-seeds
	$(BIN)/newsx eval --out data/processed-seeds --gold ../shared/gold/seeds.jsonl

eval-incidents: $(STAMP)
	$(BIN)/newsx extract --quiet --corpus data/incidents/corpus --out data/processed-incidents
	$(BIN)/newsx eval --out data/processed-incidents --gold data/incidents/gold.jsonl

# The run in OUT as one HTML file, OUT/report.html (extract first: `make extract`).
report: $(STAMP)
	$(BIN)/newsx report --out $(OUT)

# JupyterLab is an optional extra (pyproject `notebooks`), installed on first use, not a run-time dependency.
notebooks: $(STAMP)
	$(BIN)/python -c "import jupyterlab" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	NOTEBOOK_OUT=$(abspath $(OUT)) $(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/newsx bench --sizes $(SIZES) --incident-rows $(INCIDENT_ROWS) --corpus data/corpus --report data/bench/bench.json --report-run $(REPORT_RUN)

# Only the HTML report's part of the bench (size, time to interactive in Chromium).
bench-report: $(STAMP)
	$(BIN)/newsx bench --sizes "" --incident-rows "" --long "" --corpus data/corpus --report data/bench/report.json --report-run $(REPORT_RUN)

clean:
	rm -rf data/processed data/processed-seeds data/processed-incidents data/bench
