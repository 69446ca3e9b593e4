"""`dbt` for the test suite, reusing one parse of the project across its many builds.

    python dbt_reusing_parse.py SAVED_PARSES dbt-arguments...

dbt parses the whole project again (about 20 s) whenever the command-line vars or the
connection differ from the parse it saved in the target folder, and every test builds with
its own vars and its own DuckDB file in its own target folder. The project reads that file,
and the vars of RUN_TIME_VARS, only when its models run, so one parse serves every build
given no other var: the parse saved in the folder SAVED_PARSES by the first of them is put in
a new target folder as dbt's partial-parse state, and dbt takes it (or the folder's own, from
an earlier such build) although vars and connection differ - but for the DuckDB file's name:
dbt names every node's database (DuckDB's catalog) after it, so each name has its own parse.
dbt still compares every project file with the saved parse and parses again what changed. A
build given another var (a config() may hold its value) parses for itself, and its parse is
never reused - unless it gives that var the value of dbt_project.yml, which the saved parse
was made with (the loader names raw_schema)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import yaml
from dbt.cli.main import cli
from dbt.parser.manifest import ManifestLoader

# Vars no config(), YAML property or dbt_project.yml reads: models, hooks and tests read them
# when they run. Others are read while the project is parsed (raw_schema names the sources'
# schema, quality_threshold is in the semantic layer's filters).
RUN_TIME_VARS = frozenset(
    {
        "as_of_date",
        "data_dir",
        "pii_mode",
        "retention_days",
        "stuck_after_hours",
        "max_inactivity_seconds",
        "rebuild_archive",
    }
)
PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def parse_time_vars_keep_defaults(given_vars: dict, project_dir: Path) -> bool:
    """Whether every var given but RUN_TIME_VARS has the value dbt_project.yml gives it."""
    defaults = yaml.safe_load((project_dir / "dbt_project.yml").read_text())["vars"]
    return all(
        name in RUN_TIME_VARS or (name in defaults and defaults[name] == value)
        for name, value in given_vars.items()
    )


def accept_other_vars_and_connection() -> None:
    """dbt's check of a saved parse, with the vars and the connection of this build."""
    check = ManifestLoader.is_partial_parsable

    def is_partial_parsable(loader: ManifestLoader, saved) -> tuple[bool, str | None]:
        saved.state_check.vars_hash = loader.manifest.state_check.vars_hash
        saved.state_check.profile_hash = loader.manifest.state_check.profile_hash
        return check(loader, saved)

    ManifestLoader.is_partial_parsable = is_partial_parsable


def saved_parse_of_this_database(saved_parses: Path) -> Path:
    """The saved parse for this build's DuckDB file name (its folder created if need be)."""
    database = Path(os.environ.get("DBT_DUCKDB_PATH", "annotation_ops.duckdb"))
    saved_parses.mkdir(parents=True, exist_ok=True)
    return saved_parses / f"{database.stem}.msgpack"


def main(saved_parses: Path, args: list[str]) -> None:
    saved_parse = saved_parse_of_this_database(saved_parses)
    target = Path(option(args, "--target-path") or "target")
    given_vars = json.loads(option(args, "--vars") or "{}")
    reuse = parse_time_vars_keep_defaults(given_vars, Path(option(args, "--project-dir") or "."))
    if reuse:
        # a target folder of an earlier build keeps its own parse; a new one gets the saved one
        if saved_parse.is_file() and not (target / PARTIAL_PARSE_FILE).exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(saved_parse, target / PARTIAL_PARSE_FILE)
        accept_other_vars_and_connection()
    try:
        cli.main(args=args, prog_name="dbt")
    finally:
        written = target / PARTIAL_PARSE_FILE
        if not reuse:
            written.unlink(missing_ok=True)
        elif not saved_parse.is_file() and written.is_file():
            # another worker may be saving it too: each writes its own file, then renames
            partial = saved_parse.with_name(f"{saved_parse.name}.{os.getpid()}")
            shutil.copyfile(written, partial)
            partial.replace(saved_parse)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
