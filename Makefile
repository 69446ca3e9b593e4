# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The bundled sample covers 2026-04 to 2026-11; the demo looks at the window ending here.
SAMPLE_AS_OF_DATE := 2026-11-15
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: setup demo test lint pytest dbt-build sample clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/annotation-ops demo --as-of-date $(SAMPLE_AS_OF_DATE)

dbt-build: setup
	$(BIN)/dbt build --vars '{as_of_date: "$(SAMPLE_AS_OF_DATE)"}'
	$(BIN)/dbt docs generate --vars '{as_of_date: "$(SAMPLE_AS_OF_DATE)"}'

lint: setup
	$(BIN)/ruff check annotation_ops tests/python
	$(BIN)/ruff format --check annotation_ops tests/python
	DBT_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models tests analyses

pytest: setup
	$(BIN)/pytest -q -n 2 --dist loadfile

test: dbt-build pytest lint

sample: setup
	$(BIN)/annotation-ops generate --out data/sample --seed 7 --scale 1

clean:
	rm -rf target logs dbt_packages warehouse
