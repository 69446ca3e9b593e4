"""The labeling lead's dashboard: a Streamlit app over the marts.

`launch()` (behind `annotation-ops dashboard`) checks that the marts can be read, then
serves `app.py` on 127.0.0.1 with Streamlit: headless, no usage statistics, no file
watcher. The app reads the DuckDB serving copy (never the build's own file) or, with
`engine="postgres"`, a PostgreSQL warehouse's marts through the read-only BI role, the
connection from ANNOTATION_OPS_PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (else libpq's PG*
variables). Data access lives in `data.py`, the pages in `views/`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

APP = Path(__file__).with_name("app.py")


def streamlit_command(port: int) -> list[str]:
    """`python -m streamlit run app.py` bound to 127.0.0.1:port, quiet and headless."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--browser.gatherUsageStats=false",
        "--global.developmentMode=false",
        "--client.toolbarMode=viewer",
        "--theme.base=light",
    ]


def _check(engine: str, database: Path | None) -> tuple[str, str]:
    """(what the app reads, in words; the database path for the app) or raise DataError."""
    from annotation_ops.dashboard import data
    from annotation_ops.serving import serving_path

    if engine == "duckdb":
        path = Path(database or serving_path()).resolve()
        source = data.open_source("duckdb", path)
        data.retention_window(source)
        return f"the serving copy {path}", str(path)
    source = data.open_source(engine, None)
    data.retention_window(source)
    params = data.postgres_params()
    where = f"{params.get('host', 'localhost')}:{params.get('port', '5432')}"
    return f"PostgreSQL {where}/{params.get('dbname', '')} (schema marts)", ""


def launch(port: int = 8501, engine: str = "duckdb", database: Path | None = None) -> int:
    """Serve the dashboard until interrupted; 1 (and one line) when the marts cannot be read."""
    from annotation_ops.dashboard.data import DataError

    try:
        reading, database_arg = _check(engine, database)
    except DataError as error:
        print(f"error: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    except Exception as error:  # a damaged file, a refused query: still one line
        print(f"error: cannot read the marts: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    env = {
        **os.environ,
        "ANNOTATION_OPS_DASHBOARD_ENGINE": engine,
        "ANNOTATION_OPS_DASHBOARD_DATABASE": database_arg,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    print(f"Dashboard: http://127.0.0.1:{port}  (reading {reading}; Ctrl+C stops it)", flush=True)
    process = subprocess.Popen(streamlit_command(port), env=env)

    # Stopping this process stops the server too (SIGTERM from a supervisor or a test).
    def forward(signum: int, _frame: FrameType | None) -> None:
        process.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl+C reached Streamlit too (same terminal); wait for it to stop
        process.send_signal(signal.SIGINT)
        process.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
