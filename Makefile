# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Spark engine test needs the optional `spark` group (pyspark); the demo does not.
SPARK_STAMP := $(VENV)/.installed-spark
BENCHMARK_SCALES ?= 10,100
# The bundled sample covers 2026-04 to 2026-11; the demo looks at the window ending here.
SAMPLE_AS_OF_DATE := 2026-11-15
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: setup setup-spark browser demo dashboard test sample-checks lint pytest dbt-build sample benchmark clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup-spark: $(SPARK_STAMP)

$(SPARK_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(SPARK_STAMP)

demo: setup
	$(BIN)/annotation-ops demo --as-of-date $(SAMPLE_AS_OF_DATE)

# The dashboard over the last build's serving copy (after `make demo`).
dashboard: setup
	$(BIN)/annotation-ops dashboard

# The dashboard's browser test drives Debian's chromium through chromium-driver.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

# The sample by its absolute path, as `annotation-ops demo` names it: one warehouse, one zone.
dbt-build: setup
	$(BIN)/dbt build --vars '{as_of_date: "$(SAMPLE_AS_OF_DATE)", data_dir: "$(CURDIR)/data/sample"}'
	$(BIN)/dbt docs generate --vars '{as_of_date: "$(SAMPLE_AS_OF_DATE)", data_dir: "$(CURDIR)/data/sample"}'
	$(BIN)/mf validate-configs
	$(BIN)/annotation-ops publish

lint: setup
	$(BIN)/ruff check annotation_ops tests/python
	$(BIN)/ruff format --check annotation_ops tests/python
	DBT_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint --processes 0 models tests analyses

# Workers by module, the longest first (conftest.py). A worker keeps about half a core busy
# (dbt's Python between short queries, Spark's JVM): four keep both cores busy.
pytest: setup-spark browser
	$(BIN)/pytest -q -n 4 --dist loadfile --no-loadscope-reorder --durations=20

# pytest beside the sample's build and the linters, which run one after the other (both use
# the project's target/ folder; pytest's builds have their own): alone, the build keeps one
# core busy. Each side's output is printed whole when it ends.
test: setup-spark browser
	$(MAKE) --no-print-directory -j2 --output-sync=target pytest sample-checks

sample-checks:
	$(MAKE) --no-print-directory dbt-build
	$(MAKE) --no-print-directory lint

sample: setup
	$(BIN)/annotation-ops generate --out data/sample --seed 7 --scale 1

benchmark: setup
	$(BIN)/annotation-ops benchmark --scales $(BENCHMARK_SCALES)

clean:
	rm -rf target logs dbt_packages warehouse
