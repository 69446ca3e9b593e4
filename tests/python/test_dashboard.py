"""The dashboard in a real browser: the bundled sample is built and published, `annotation-ops
dashboard` serves its serving copy on a free loopback port, and headless Chromium (selenium,
Debian's chromium and chromium-driver) opens every page. No page shows an exception or an
error; the Overview's headline figures equal what this test computes from the marts with its
own SQL, for the whole window and after a filter changes (a sidebar widget, or the URL's
query parameters), and for one month and vendor they equal `mf query` of the semantic
layer's metrics; a vendor without data in the range gets an empty state that says so on
every page, never an error or an empty chart. A full-page PNG of each page is saved in a
temporary folder, or in ANNOTATION_OPS_SCREENSHOTS when that is set."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import PROJECT_DIR, DbtRun
from mf_cli import MetricFlow, metric_project

from annotation_ops.serving import publish

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ANNOTATION_OPS = Path(sys.executable).with_name("annotation-ops")
WINDOW = (dt.date(2026, 5, 17), dt.date(2026, 11, 15))
# A range in the window's second half, so the previous 30 days are inside it too.
RECENT = (dt.date(2026, 10, 17), dt.date(2026, 11, 15))
# A calendar month compared with `mf query`: at the end of September SuperAnnotate has items
# in review (at the end of October no vendor has), so all five figures are non-zero.
MONTH = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
MONTH_VENDOR = ("superannotate", "SuperAnnotate")
PAGES = {
    # url path: (title, marker the page renders last)
    "": ("Overview", "overview"),
    "annotators": ("Annotators", "annotators"),
    "flow": ("Flow", "flow"),
    "quality": ("Quality", "quality"),
    "data-health": ("Data health", "health"),
}
FAILURES = (
    '[data-testid="stException"], [data-testid="stAlertContentError"], '
    '[data-testid="stAlertContentWarning"]'
)
TIMEOUT = 60

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="chromium and chromedriver are not installed (make browser)",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sample_run(sample_builds) -> DbtRun:
    return sample_builds("bundled")


@pytest.fixture(scope="module")
def serving_copy(sample_run: DbtRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dashboard") / "sample_marts.duckdb"
    return publish(sample_run.database, target).path


@pytest.fixture(scope="module")
def dashboard(serving_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`annotation-ops dashboard` on a free port; yields its URL, stops it afterwards."""
    log_path = tmp_path_factory.mktemp("dashboard_log") / "dashboard.log"
    for _attempt in range(3):
        port = free_port()
        with log_path.open("w") as log:
            # its own process group: the server and its Streamlit child stop together
            process = subprocess.Popen(
                [str(ANNOTATION_OPS), "dashboard", "--port", str(port)]
                + ["--database", str(serving_copy)],
                cwd=PROJECT_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            # the port was taken meanwhile, or the server died: try another port
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            continue
        try:
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        return
    pytest.fail(f"the dashboard did not start:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def metricflow(sample_run: DbtRun, tmp_path_factory: pytest.TempPathFactory) -> MetricFlow:
    """`mf` on the sample build's semantic manifest and warehouse."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET": "duckdb",
        "DBT_DUCKDB_PATH": str(sample_run.database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # run_dbt writes the build's target folder beside its warehouse file.
    target_dir = sample_run.database.parent / "target"
    return metric_project(tmp_path_factory.mktemp("dashboard_mf"), target_dir, env)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="annotation-ops-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("ANNOTATION_OPS_SCREENSHOTS")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the browser's side ------------------------------------------------------------------


def wait_rendered(driver: Any, marker: str, text: str | None = None) -> None:
    """Until the script run is over, the page's last element is there (and `text` shows)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def rendered(driver: Any) -> bool:
        app = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stApp"]')
        if not app or app[0].get_attribute("data-test-script-state") == "running":
            return False
        if not driver.find_elements(By.CSS_SELECTOR, f".st-key-page-done-{marker}"):
            return False
        if driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSkeleton"]'):
            return False
        return text is None or text in main_text(driver)

    WebDriverWait(driver, TIMEOUT, poll_frequency=0.2).until(rendered)


def main_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"]')
    return found[0].text if found else ""


def open_page(driver: Any, url: str, marker: str, text: str | None = None) -> None:
    driver.get(url)
    wait_rendered(driver, marker, text)


def failures(driver: Any) -> list[str]:
    """Exceptions, errors and warnings on the page, as text."""
    from selenium.webdriver.common.by import By

    return [element.text for element in driver.find_elements(By.CSS_SELECTOR, FAILURES)]


def metrics(driver: Any) -> dict[str, tuple[str, str | None]]:
    """Every st.metric: label -> (value, delta or None)."""
    from selenium.webdriver.common.by import By

    found = {}
    for metric in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]'):
        label = metric.find_element(By.CSS_SELECTOR, '[data-testid="stMetricLabel"]').text
        value = metric.find_element(By.CSS_SELECTOR, '[data-testid="stMetricValue"]').text
        deltas = metric.find_elements(By.CSS_SELECTOR, '[data-testid="stMetricDelta"]')
        found[label.strip()] = (value.strip(), deltas[0].text.strip() if deltas else None)
    return found


def screenshot(driver: Any, path: Path) -> None:
    """The whole page: the window grows to the main area's height for the picture."""
    height = driver.execute_script(
        "const main = document.querySelector('[data-testid=\"stMain\"]');"
        "return main ? main.scrollHeight : document.body.scrollHeight;"
    )
    driver.set_window_size(1400, max(1000, int(height) + 140))
    time.sleep(1.0)  # charts re-lay out to the new size
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)


def choose(driver: Any, label: str, option: str) -> None:
    """Pick `option` in the sidebar selectbox labelled `label`, as a user would."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(
        By.CSS_SELECTOR, f'[data-testid="stSidebar"] input[aria-label="{label}"]'
    )
    box.click()
    choices = WebDriverWait(driver, TIMEOUT).until(
        lambda driver: [
            element
            for element in driver.find_elements(By.CSS_SELECTOR, '[role="option"]')
            if element.text.strip() == option
        ]
    )
    choices[0].click()


# --- the figures, from the marts with this test's own SQL ---------------------------------


def expected_figures(
    copy: Path, start: dt.date, end: dt.date, vendor: str | None
) -> dict[str, float | int | None]:
    """The five headline figures of one period, straight from the marts."""
    vendor_filter = "and vendor = $vendor" if vendor else ""
    params: dict[str, Any] = {"start": start, "end": end}
    if vendor:
        params["vendor"] = vendor
    with duckdb.connect(str(copy), read_only=True) as connection:

        def one(sql: str) -> Any:
            names = {name for name in params if f"${name}" in sql}
            return connection.execute(
                sql, {k: v for k, v in params.items() if k in names}
            ).fetchone()[0]

        items_labeled = one(
            "select coalesce(sum(items_labeled), 0) from marts.fct_annotator_daily "
            f"where activity_date between $start and $end {vendor_filter}"
        )
        # A labeler's item (vendor, project, item, labeler) counts in the period of its first
        # review event; first pass: approved at least once and never rejected, at any time.
        items = f"""
            from (select min(reviewed_date) as first_reviewed_date,
                         bool_or(review_outcome = 'approve')
                         and not bool_or(review_outcome = 'reject') as passed
                  from marts.fct_reviews
                  where labeler_id is not null {vendor_filter}
                  group by vendor, project_id, item_id, labeler_id) as item
            where first_reviewed_date between $start and $end
        """
        reviewed = one(f"select count(*) {items}")
        first_pass = one(f"select count(*) {items} and passed")
        # Accounts (annotator_id) with an annotator-day of any activity in range.
        active = one(
            "select count(distinct annotator_id) from marts.fct_annotator_activity_daily "
            f"where activity_date between $start and $end {vendor_filter}"
        )
        backlog = one(
            "select sum(item_count_eop) from marts.fct_daily_status_flow "
            f"where status = 'in_review' and date = $end {vendor_filter}"
        )
        has_flow = one(
            f"select count(*) from marts.fct_daily_status_flow where true {vendor_filter}"
        )
        seconds = one(
            "select sum(active_seconds) from marts.fct_editor_time_daily "
            f"where activity_date between $start and $end {vendor_filter}"
        )
        has_editor = one(
            f"select count(*) from marts.fct_editor_time_daily where true {vendor_filter}"
        )
    return {
        "items_labeled": int(items_labeled),
        "rate": first_pass / reviewed if reviewed else None,
        "active": int(active),
        "backlog": int(backlog or 0) if has_flow else None,
        "hours": (seconds or 0.0) / 3600 if has_editor else None,
    }


def shown(figures: dict[str, Any]) -> dict[str, str]:
    """The figures as the Overview writes them."""
    return {
        "Items labeled": f"{figures['items_labeled']:,}",
        "First-pass approval": "—" if figures["rate"] is None else f"{figures['rate']:.1%}",
        "Active annotators": f"{figures['active']:,}",
        "Review backlog": "—" if figures["backlog"] is None else f"{figures['backlog']:,}",
        "Editor hours": "—" if figures["hours"] is None else f"{figures['hours']:,.1f}",
    }


def deltas(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, str]:
    """The changes against the previous period, as the Overview writes them."""
    return {
        "Items labeled": f"{current['items_labeled'] - previous['items_labeled']:+,}",
        "First-pass approval": f"{(current['rate'] - previous['rate']) * 100:+.1f} pp",
        "Active annotators": f"{current['active'] - previous['active']:+,}",
        "Review backlog": f"{current['backlog'] - previous['backlog']:+,}",
        "Editor hours": f"{current['hours'] - previous['hours']:+,.1f}",
    }


def assert_overview(driver: Any, copy: Path, start: dt.date, end: dt.date, vendor: str | None):
    on_page = metrics(driver)
    figures = expected_figures(copy, start, end, vendor)
    assert {label: value for label, (value, _delta) in on_page.items()} == shown(figures)
    return on_page, figures


# --- tests -------------------------------------------------------------------------------


def test_overview_figures_equal_the_marts(dashboard, browser, serving_copy, screenshots):
    open_page(browser, dashboard + "/", "overview", "All vendors · all projects")
    assert failures(browser) == []
    on_page, figures = assert_overview(browser, serving_copy, *WINDOW, None)
    screenshot(browser, screenshots / "overview.png")
    # the previous 183 days lie before the window: no change is shown
    assert all(delta is None for _value, delta in on_page.values())

    # The sample tells the definitions apart, so the figures above check them: over the whole
    # window, items counted by their first review differ from fct_annotator_performance's
    # window rate (items reviewed in the window and approved in it), and accounts from people.
    with duckdb.connect(str(serving_copy), read_only=True) as connection:
        approved, reviewed = connection.execute(
            "select sum(first_pass_approved_items), sum(items_reviewed) "
            "from marts.fct_annotator_performance where source = 'computed'"
        ).fetchone()
        people = connection.execute(
            "select count(distinct a.person_id) from marts.fct_annotator_activity_daily as d "
            "join marts.dim_annotators as a using (annotator_id)"
        ).fetchone()[0]
    assert figures["rate"] != pytest.approx(approved / reviewed)
    assert figures["active"] > people
    assert figures["items_labeled"] > 0 and figures["backlog"] > 0 and figures["hours"] > 0

    # one vendor, chosen in the sidebar: the figures follow and the URL keeps the choice
    choose(browser, "Vendor", "Labelbox")
    wait_rendered(browser, "overview", "Labelbox · all projects")
    assert failures(browser) == []
    assert "vendor=Labelbox" in browser.current_url
    _on_page, labelbox = assert_overview(browser, serving_copy, *WINDOW, "labelbox")
    assert labelbox["items_labeled"] < figures["items_labeled"]
    assert labelbox["hours"] is None  # Labelbox exports no editor time: shown as a dash


def test_overview_from_a_shared_link_compares_with_the_previous_period(
    dashboard, browser, serving_copy, screenshots
):
    start, end = RECENT
    open_page(
        browser,
        f"{dashboard}/?vendor=SuperAnnotate&dates={start}&dates={end}",
        "overview",
        "SuperAnnotate · all projects",
    )
    assert failures(browser) == []
    on_page, current = assert_overview(browser, serving_copy, start, end, "superannotate")
    days = (end - start).days + 1
    previous = expected_figures(
        serving_copy,
        start - dt.timedelta(days=days),
        start - dt.timedelta(days=1),
        "superannotate",
    )
    assert {label: delta for label, (_value, delta) in on_page.items()} == deltas(current, previous)
    screenshot(browser, screenshots / "overview-superannotate-last-30-days.png")


def test_overview_of_a_month_equals_mf_query(dashboard, browser, metricflow):
    """The five figures of one calendar month for one vendor, as the page shows them, are the
    semantic layer's metrics for that month: items_labeled, first_pass_approval_rate,
    active_annotators and active_seconds by metric_time__month, in_review_backlog of the
    month's last day."""
    start, end = MONTH
    vendor, vendor_label = MONTH_VENDOR
    open_page(
        browser,
        f"{dashboard}/?vendor={vendor_label}&dates={start}&dates={end}",
        "overview",
        f"{vendor_label} · all projects",
    )
    assert failures(browser) == []
    on_page = {label: value for label, (value, _delta) in metrics(browser).items()}

    where = ["--where", f"{{{{ Dimension('project__vendor') }}}} = '{vendor}'"]
    month_metrics = [
        "items_labeled",
        "first_pass_approval_rate",
        "active_annotators",
        "active_seconds",
    ]
    month = metricflow.figures(
        month_metrics,
        ["metric_time__month"],
        *where,
        "--start-time",
        str(start),
        "--end-time",
        str(end),
    )
    last_day = metricflow.figures(
        ["in_review_backlog"],
        ["metric_time__day"],
        *where,
        "--start-time",
        str(end),
        "--end-time",
        str(end),
    )
    assert list(month) == [(start,)], month
    assert list(last_day) == [(end,)], last_day
    values = {**month[(start,)], **last_day[(end,)]}
    assert all(values.values()), values  # every figure is there and non-zero
    from_mf = {
        "items_labeled": int(values["items_labeled"]),
        "rate": values["first_pass_approval_rate"],
        "active": int(values["active_annotators"]),
        "backlog": int(values["in_review_backlog"]),
        "hours": values["active_seconds"] / 3600,
    }
    # compared as the page shows them: counts whole, the rate to 0.1 %, hours to 0.1
    assert on_page == shown(from_mf)


@pytest.mark.parametrize("path", list(PAGES), ids=[title for title, _marker in PAGES.values()])
def test_every_page_renders_without_errors(dashboard, browser, serving_copy, screenshots, path):
    from selenium.webdriver.common.by import By

    title, marker = PAGES[path]
    open_page(browser, f"{dashboard}/{path}", marker, "All vendors · all projects")
    assert failures(browser) == []
    heading = browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h1')
    assert heading.text.strip() == title
    if path in ("", "annotators", "flow", "quality"):
        charts = browser.find_elements(By.CSS_SELECTOR, '[data-testid="stVegaLiteChart"]')
        assert charts, f"{title}: no chart"
        # Vega-Lite drew into the chart (an empty frame has no marks)
        assert all(chart.find_elements(By.CSS_SELECTOR, "svg, canvas") for chart in charts)
    sections = {
        "annotators": ("One person, several vendors",),
        "quality": ("Who agrees with whom",),
    }
    for section in sections.get(path, ()):
        assert section in main_text(browser), f"{title}: no {section!r} section"
    if path == "flow":
        # the stuck items table shows where the marts have fct_item_current_status
        with duckdb.connect(str(serving_copy), read_only=True) as connection:
            has_current_status = connection.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'marts' and table_name = 'fct_item_current_status'"
            ).fetchone()[0]
        assert ("Stuck items on 15 Nov 2026" in main_text(browser)) == bool(has_current_status)
    screenshot(browser, screenshots / f"{marker}.png")


@pytest.mark.parametrize("path", list(PAGES), ids=[title for title, _marker in PAGES.values()])
def test_a_vendor_without_data_shows_an_empty_state(dashboard, browser, screenshots, path):
    """Roboflow exports only per-period Labeler Statistics: nothing dated, no status history,
    no scores. Every page says so instead of failing or drawing an empty chart."""
    from selenium.webdriver.common.by import By

    _title, marker = PAGES[path]
    open_page(browser, f"{dashboard}/{path}?vendor=Roboflow", marker, "Roboflow · all projects")
    assert failures(browser) == []
    infos = [
        element.text
        for element in browser.find_elements(By.CSS_SELECTOR, '[data-testid="stAlertContentInfo"]')
    ]
    charts = browser.find_elements(By.CSS_SELECTOR, '[data-testid="stVegaLiteChart"]')
    assert charts == []
    if path == "":
        assert any(
            "No labeling, review, status or editor activity for Roboflow" in text for text in infos
        ), infos
        assert metrics(browser) == {}
    elif path == "data-health":
        # Roboflow's files were read: their reconciliation and freshness show, no rejects
        assert "Every record of every file could be staged." in main_text(browser)
    else:
        assert any("Roboflow" in text for text in infos), infos
    screenshot(browser, screenshots / f"{marker}-roboflow.png")


def wilson_lower(successes: int, trials: int, z: float = 1.959964) -> float | None:
    if not trials:
        return None
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return (centre - spread) / (1 + z * z / trials)


def test_leaderboard_ranks_people_by_the_wilson_lower_bound(serving_copy):
    """One row per person: the mart's own bound for a person with one row, the bound of the
    summed counts for a person across vendors or projects; the order follows the bound."""
    from annotation_ops.dashboard import data

    source = data.DuckDBSource(serving_copy)
    columns = data.mart_columns(source)["fct_annotator_performance"]
    board = data.leaderboard(source, data.Filters(*WINDOW), columns)
    has_bound = "first_pass_approval_rate_lower_95" in columns
    bound = "max(p.first_pass_approval_rate_lower_95)" if has_bound else "null"
    with duckdb.connect(str(serving_copy), read_only=True) as connection:
        people = connection.execute(
            f"""select a.person_id, count(*), sum(p.items_reviewed),
                       sum(p.first_pass_approved_items), {bound}
                from marts.fct_annotator_performance as p
                join marts.dim_annotators as a using (annotator_id)
                where p.source = 'computed' group by 1"""
        ).fetchall()
    assert sorted(board["person_id"]) == sorted(person for person, *_rest in people)
    assert any(rows > 1 for _person, rows, *_rest in people)
    shown_bounds = dict(zip(board["person_id"], board["approval_lower_95"], strict=True))
    for person, rows, reviewed, approved, mart_bound in people:
        expected = mart_bound if rows == 1 and has_bound else wilson_lower(approved, reviewed)
        if expected is None:
            assert math.isnan(shown_bounds[person]), person
        else:
            assert shown_bounds[person] == pytest.approx(expected, abs=1e-9), person
    ranked = list(board["approval_lower_95"].dropna())
    assert ranked == sorted(ranked, reverse=True)


def test_agreement_by_annotator_rolls_up_the_pairs_in_scope(serving_copy):
    """The Quality page's agreement table: with no project chosen it is
    fct_annotator_agreement_summary; with one project it rolls up only that project's pairs
    (worked out here in Python from the pair rows)."""
    from annotation_ops.dashboard import data

    source = data.DuckDBSource(serving_copy)
    shown = data.agreement_by_annotator(source, data.Filters(*WINDOW))
    with duckdb.connect(str(serving_copy), read_only=True) as connection:
        summary = connection.execute(
            """select s.vendor, coalesce(a.display_name, a.vendor_user_id), s.peer_pairs,
                      s.peers, s.items_compared, s.mean_cohens_kappa
               from marts.fct_annotator_agreement_summary as s
               join marts.dim_annotators as a using (annotator_id)"""
        ).fetchall()
        pairs = connection.execute(
            """select vendor, project_id, annotator_id_a, annotator_id_b, items_in_common,
                      cohens_kappa
               from marts.fct_annotator_agreement"""
        ).fetchall()
        names = dict(
            connection.execute(
                "select annotator_id, coalesce(display_name, vendor_user_id)"
                " from marts.dim_annotators"
            ).fetchall()
        )
    assert len(summary) >= 10, "the sample should carry agreement for several annotators"

    def rows(frame):
        return sorted(
            (vendor, name, pairs_, peers, items, None if pd_isna(kappa) else round(kappa, 9))
            for vendor, name, pairs_, peers, items, kappa in frame
        )

    columns = ["vendor", "annotator_name", "peer_pairs", "peers", "items_compared"]
    assert rows(shown[[*columns, "mean_cohens_kappa"]].itertuples(index=False)) == rows(summary)

    # one project: the busiest one with pairs
    vendor, project = max(
        {(v, p) for v, p, *_rest in pairs}, key=lambda key: sum(1 for r in pairs if r[:2] == key)
    )
    in_project = [r for r in pairs if r[:2] == (vendor, project)]
    expected = {}
    for _v, _p, first, second, items, kappa in in_project:
        for who, peer in ((first, second), (second, first)):
            entry = expected.setdefault(
                names[who], {"rows": 0, "peers": set(), "items": 0, "k": []}
            )
            entry["rows"] += 1
            entry["peers"].add(peer)
            entry["items"] += items
            if kappa is not None:
                entry["k"].append(kappa)
    shown = data.agreement_by_annotator(
        source, data.Filters(*WINDOW, vendor=vendor, project_id=project)
    )
    assert len(shown) == len(expected)
    for name, rows_, peers, items, kappa in shown[
        ["annotator_name", "peer_pairs", "peers", "items_compared", "mean_cohens_kappa"]
    ].itertuples(index=False):
        entry = expected[name]
        assert (rows_, peers, items) == (entry["rows"], len(entry["peers"]), entry["items"])
        if entry["k"]:
            assert kappa == pytest.approx(sum(entry["k"]) / len(entry["k"]), abs=1e-9)
        else:
            assert pd_isna(kappa)


def pd_isna(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_people_across_vendors_are_the_truths_people_with_several_vendors(sample_run, serving_copy):
    """The Annotators page's "one person, several vendors": each row is one human of the
    generator's truth, with exactly the vendors the truth gives them, and every human the
    truth shows at two or more vendors (with activity in the marts) is there."""
    from annotation_ops.dashboard import data

    source = data.DuckDBSource(serving_copy)
    shown = data.people_across_vendors(source, data.Filters(*WINDOW))
    truth_vendors: dict[str, set[str]] = {}
    key_of: dict[tuple[str, str], str] = {}
    for row in sample_run.read_truth("people.csv"):
        truth_vendors.setdefault(row["person_key"], set()).add(row["vendor"])
        key_of[(row["vendor"], row["vendor_user_id"].lower())] = row["person_key"]
    with duckdb.connect(str(serving_copy), read_only=True) as connection:
        accounts = connection.execute(
            "select person_id, vendor, lower(vendor_user_id) from marts.dim_annotators"
        ).fetchall()
    keys_of_person: dict[str, set[str]] = {}
    for person, vendor, user in accounts:
        keys_of_person.setdefault(person, set()).add(key_of[(vendor, user)])
    assert len(shown) >= 2
    for person, vendors in shown[["person_id", "vendors"]].itertuples(index=False):
        (key,) = keys_of_person[person]
        assert set(vendors.split(",")) == truth_vendors[key], person
    multi_vendor_keys = {key for key, vendors in truth_vendors.items() if len(vendors) > 1}
    shown_keys = {next(iter(keys_of_person[person])) for person in shown["person_id"]}
    assert shown_keys == multi_vendor_keys

    # a vendor chosen: only the people with an account there
    dataloop = data.people_across_vendors(source, data.Filters(*WINDOW, vendor="dataloop"))
    assert set(dataloop["person_id"]) == {
        person
        for person in shown["person_id"]
        if "dataloop" in truth_vendors[next(iter(keys_of_person[person]))]
    }
    assert 0 < len(dataloop) <= len(shown)


def test_launch_refuses_a_missing_copy_and_the_build_file(sample_run, tmp_path):
    missing = subprocess.run(
        [str(ANNOTATION_OPS), "dashboard", "--database", str(tmp_path / "none.duckdb")],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("error: no serving copy at")
    assert len(missing.stderr.strip().splitlines()) == 1

    # the build's own file (DBT_DUCKDB_PATH) is never opened: dbt writes it
    build_file = subprocess.run(
        [str(ANNOTATION_OPS), "dashboard", "--database", str(sample_run.database)],
        cwd=PROJECT_DIR,
        env={**os.environ, "DBT_DUCKDB_PATH": str(sample_run.database)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert build_file.returncode == 1
    assert "is the build's own file" in build_file.stderr


def test_exposure_names_every_mart_the_dashboard_reads(sample_run):
    """The labeling_lead_dashboard exposure (models/marts/_exposures.yml) lists exactly the
    marts the dashboard's code reads, so lineage shows what a change to a mart breaks."""
    manifest = json.loads((sample_run.database.parent / "target" / "manifest.json").read_text())
    exposure = manifest["exposures"]["exposure.annotation_ops.labeling_lead_dashboard"]
    declared = {node.rsplit(".", 1)[-1] for node in exposure["depends_on"]["nodes"]}
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT_DIR / "annotation_ops" / "dashboard").rglob("*.py")
    )
    read = set(re.findall(r"\bmarts\.((?:fct|dim|audit)_[a-z_]+)", code))
    assert read, "no mart found in the dashboard's code"
    assert read == declared
