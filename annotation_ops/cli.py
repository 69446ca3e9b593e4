"""`annotation-ops`: the project's command line.

annotation-ops demo      build the warehouse from the bundled sample and show what was built
annotation-ops build     dbt build on a landing zone of your own
annotation-ops summary   show the warehouse's marts and their row counts
annotation-ops publish   copy the last build's marts into the serving copy readers open
annotation-ops query     run one read-only SQL query against the serving copy
annotation-ops dashboard the labeling lead's dashboard in a browser (see --help)
annotation-ops generate  write a simulated landing zone (see --help)
annotation-ops load      load a landing zone into a server engine's raw tables (PostgreSQL, Spark)
annotation-ops benchmark time the DuckDB build on generated landing zones (see --help)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from annotation_ops.serving import (
    PROJECT_DIR,
    ServingError,
    connect_serving,
    export_marts,
    publish,
    serving_path,
)
from annotation_ops.serving import build_database_path as database_path

SAMPLE_DIR = PROJECT_DIR / "data" / "sample"
SUMMARY_SCHEMAS = ("marts", "staging")


def dbt_build(
    data_dir: Path,
    as_of_date: str | None,
    extra_args: list[str],
    rebuild_archive: bool = False,
) -> int:
    """Run `dbt build` from the project root with the repository's profiles.yml."""
    variables: dict[str, str | bool] = {"data_dir": str(data_dir.resolve())}
    if as_of_date:
        variables["as_of_date"] = as_of_date
    if rebuild_archive:
        variables["rebuild_archive"] = True
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(database_path()),
    }
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), "build", "--vars", json.dumps(variables), *extra_args]
    print(f"$ {' '.join(command)}", flush=True)
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False).returncode


STAGES = ("staging", "intermediate", "marts")


def ingest_report(database: Path, started: datetime, target_dir: Path) -> str:
    """What a build read from the landing zone (its ledger) and where its time went."""
    with duckdb.connect(str(database), read_only=True) as connection:
        new, changed, unchanged, missing, rows = connection.execute(
            "select"
            " count(*) filter (where is_present and loaded_at >= ? and first_loaded_at >= ?),"
            " count(*) filter (where is_present and loaded_at >= ? and first_loaded_at < ?),"
            " count(*) filter (where loaded_at < ? and is_present),"
            " count(*) filter (where not is_present),"
            " coalesce(sum(row_count) filter (where loaded_at >= ?), 0)"
            " from raw._loaded_files",
            [started] * 6,
        ).fetchone()
    seconds = dict.fromkeys(("ingest", *STAGES, "tests"), 0.0)
    results, manifest = target_dir / "run_results.json", target_dir / "manifest.json"
    if results.exists() and manifest.exists():
        nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
        for result in json.loads(results.read_text(encoding="utf-8")).get("results", []):
            unique_id = result.get("unique_id", "")
            kind = unique_id.split(".", 1)[0]
            folders = nodes.get(unique_id, {}).get("fqn", [])[1:2]  # the models/ folder
            if kind == "operation" and "on-run-start" in unique_id:
                stage = "ingest"  # the landing-zone hook, with var checks
            elif kind in ("test", "unit_test"):
                stage = "tests"
            elif kind == "model" and folders and folders[0] in STAGES:
                stage = folders[0]
            else:
                continue
            seconds[stage] += result.get("execution_time") or 0.0
    times = ", ".join(f"{stage} {value:.1f} s" for stage, value in seconds.items())
    return (
        f"Landing zone: {new} new, {changed} changed, {unchanged} unchanged, {missing} missing"
        f" files; {rows:,} records read.\nTime (summed over threads): {times}."
    )


def table_counts(database: Path, schemas: tuple[str, ...]) -> list[tuple[str, str, int]]:
    """(schema, table, rows) for every table of the given schemas, in name order."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) and table_type = 'BASE TABLE' "
            "order by table_schema, table_name",
            [list(schemas)],
        ).fetchall()
        return [
            (
                schema,
                table,
                connection.sql(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0],
            )
            for schema, table in tables
        ]


def print_summary(database: Path) -> int:
    if not database.exists():
        print(f"No warehouse at {database}: run `annotation-ops demo` or `annotation-ops build`.")
        return 1
    counts = table_counts(database, SUMMARY_SCHEMAS)
    print(f"\nWarehouse: {database}")
    for schema in SUMMARY_SCHEMAS:
        rows = [(table, count) for table_schema, table, count in counts if table_schema == schema]
        print(f"\n{schema} ({len(rows)} tables)")
        for table, count in rows:
            print(f"  {schema}.{table:<42} {count:>10,} rows")
    print(
        f"\nReaders open the serving copy of the marts, {serving_path(database)}:"
        f'\n  annotation-ops query "select * from marts.<table> limit 10"'
        "\n  annotation-ops dashboard          (then open http://127.0.0.1:8501)"
        "\n  any BI tool with a DuckDB connector (DBeaver, Metabase, Superset): the serving"
        " copy, read-only, schema `marts` (README, 'Reading the warehouse')."
    )
    return 0


def run_query(sql: str) -> int:
    """One query against the serving copy; any failure is one line on stderr and exit 1."""
    try:
        with connect_serving() as connection:
            relation = connection.sql(sql)
            if relation is not None:
                relation.show(max_rows=200)
    except (ServingError, duckdb.Error) as error:
        message = " ".join(str(error).split())
        print(f"error: {message}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (`| head`) closed the pipe: not an error; keep Python quiet at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def export(out_dir: Path, database: Path | None) -> int:
    """Every mart as sorted CSV; a failure is one line on stderr and exit 1."""
    try:
        written = export_marts(out_dir, database)
    except (ServingError, duckdb.Error, OSError) as error:
        message = " ".join(str(error).split())
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} marts ({sum(written.values()):,} rows) to {out_dir}")
    return 0


def publish_serving_copy() -> int:
    """Publish the last build's marts; print where readers find them."""
    try:
        report = publish()
    except (ServingError, duckdb.Error) as error:
        print(f"error: cannot publish the marts: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    rows = sum(report.tables.values())
    print(
        f"\nPublished {len(report.tables)} marts ({rows:,} rows) for readers: {report.path}"
        "\n  (DuckDB 1.4+ clients and BI tools open it read-only; schema `marts`)"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotation-ops",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the warehouse from the bundled sample")
    demo.add_argument("--as-of-date", help="the date the retention windows end (YYYY-MM-DD)")

    build = commands.add_parser(
        "build",
        help="dbt build on a landing zone",
        epilog="Any other argument goes to `dbt build` as it is (--full-refresh, --select ...).",
    )
    build.add_argument("--data-dir", type=Path, required=True, help="landing zone root")
    build.add_argument("--as-of-date", help="YYYY-MM-DD; default: today (UTC)")
    build.add_argument(
        "--rebuild-archive",
        action="store_true",
        help="read every file of the landing zone again (files deleted from it lose their rows)",
    )

    commands.add_parser("summary", help="list the warehouse's tables and row counts")

    commands.add_parser(
        "publish", help="copy the last build's marts into the serving copy readers open"
    )

    query = commands.add_parser(
        "query", help="run one read-only SQL query against the serving copy of the marts"
    )
    query.add_argument("sql")

    export = commands.add_parser(
        "export",
        help="write every mart of the serving copy as sorted CSV (diff two builds)",
        description="Write each mart of the serving copy to DIR/<mart>.csv, rows sorted by all "
        "columns and doubles rounded to 12 significant digits, so that `diff -r` of two "
        "exports lists exactly the rows in which two builds differ.",
    )
    export.add_argument("out_dir", type=Path, metavar="DIR")
    export.add_argument(
        "--database", type=Path, help="serving copy to read (default: the published one)"
    )

    dashboard = commands.add_parser(
        "dashboard",
        help="the labeling lead's dashboard in a browser",
        description="Serve the dashboard on 127.0.0.1. It reads the serving copy of the last "
        "build (DuckDB), or with --engine postgres the marts of a PostgreSQL warehouse as the "
        "read-only BI role, connection from ANNOTATION_OPS_PG* env vars (README, 'Dashboard').",
    )
    dashboard.add_argument("--port", type=int, default=8501, help="port on 127.0.0.1")
    dashboard.add_argument("--engine", default="duckdb", choices=["duckdb", "postgres"])
    dashboard.add_argument(
        "--database", type=Path, help="DuckDB serving copy to read (default: the published one)"
    )

    commands.add_parser("generate", help="write a simulated landing zone", add_help=False)
    commands.add_parser("benchmark", help="time builds on generated data", add_help=False)

    load = commands.add_parser(
        "load",
        help="load a landing zone into a server engine's raw tables",
        description="Load every file of the landing zone into the raw tables of the target "
        "(PostgreSQL: connection from the DBT_POSTGRES_* env vars; Spark: a local session "
        "with profiles.yml's spark settings and DBT_SPARK_* env vars). Files already "
        "loaded with the same content are skipped.",
    )
    load.add_argument("--data-dir", type=Path, default=SAMPLE_DIR, help="landing zone root")
    load.add_argument("--target", default="postgres", choices=["postgres", "spark"])
    load.add_argument("--raw-schema", default="raw", help="schema of the raw tables")
    load.add_argument(
        "--prune", action="store_true", help="drop rows of files no longer in the zone"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["generate"]:
        from annotation_ops.generator import run

        return run(argv[1:])
    if argv[:1] == ["benchmark"]:
        from annotation_ops.benchmark import main as benchmark

        return benchmark(argv[1:])
    parser = build_parser()
    # `build` hands what it does not know to dbt, options included (a REMAINDER positional
    # would refuse `build --data-dir DIR --full-refresh`).
    args, dbt_args = parser.parse_known_args(argv)
    if dbt_args[:1] == ["--"]:
        dbt_args = dbt_args[1:]
    if dbt_args and args.command != "build":
        parser.error(f"unrecognized arguments: {' '.join(dbt_args)}")
    if args.command in ("demo", "build"):
        started = datetime.now(timezone.utc)
        if args.command == "demo":
            code = dbt_build(SAMPLE_DIR, args.as_of_date, [])
        else:
            code = dbt_build(args.data_dir, args.as_of_date, dbt_args, args.rebuild_archive)
        if code == 0:
            target_dir = Path(os.environ.get("DBT_TARGET_PATH", PROJECT_DIR / "target"))
            print(ingest_report(database_path(), started, target_dir))
        return code or publish_serving_copy() or print_summary(database_path())
    if args.command == "summary":
        return print_summary(database_path())
    if args.command == "publish":
        return publish_serving_copy()
    if args.command == "query":
        return run_query(args.sql)
    if args.command == "export":
        return export(args.out_dir, args.database)
    if args.command == "dashboard":
        from annotation_ops.dashboard import launch

        return launch(port=args.port, engine=args.engine, database=args.database)
    if args.command == "load":
        from annotation_ops.loader import LoaderError, load

        try:
            report = load(args.data_dir, args.target, args.raw_schema, prune=args.prune)
        except LoaderError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        for item in report.sources:
            print(
                f"  {args.raw_schema}.{item.source.identifier:<40} {item.rows_loaded:>10,} rows"
                f" from {item.files_loaded} new file(s), {item.files_skipped} unchanged"
            )
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
