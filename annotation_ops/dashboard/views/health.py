"""Data health: what could not be read, every file reconciled, each vendor's newest record."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annotation_ops.dashboard import data
from annotation_ops.dashboard.common import (
    Context,
    day_text,
    empty,
    header,
    page_done,
    table,
    vendor_labels,
)

# The project's freshness test warns when a vendor's newest record is this much older.
STALE_AFTER_DAYS = 14


def _file_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The file's name without its folders (the vendor and kind columns say those)."""
    return frame.assign(source_file=frame["source_file"].str.rsplit("/", n=1).str[-1])


def _freshness(context: Context) -> None:
    st.subheader("Newest record per vendor")
    newest = data.freshness(context.source, context.filters)
    if newest.empty:
        empty(f"No timed record for {context.selection}.")
        return
    end = context.window[1]
    newest = vendor_labels(newest)
    newest["days_old"] = [(end - pd.Timestamp(value).date()).days for value in newest["newest_at"]]
    newest["state"] = [
        "Stale" if days > STALE_AFTER_DAYS else "Fresh" for days in newest["days_old"]
    ]
    table(
        newest,
        column_order=["vendor", "newest_at", "record", "days_old", "state"],
        column_config={
            "vendor": st.column_config.TextColumn("Vendor"),
            "newest_at": st.column_config.DatetimeColumn(
                "Newest record (UTC)", format="D MMM YYYY, HH:mm"
            ),
            "record": st.column_config.TextColumn("Kind of record"),
            "days_old": st.column_config.NumberColumn(
                f"Days before {day_text(end)}", help="The window's last day (as_of_date)."
            ),
            "state": st.column_config.TextColumn(
                "Freshness",
                help=f"Stale: more than {STALE_AFTER_DAYS} days old - nobody dropped a new "
                "export (the same rule as the build's freshness warning).",
            ),
        },
    )


def _rejected(context: Context) -> None:
    st.subheader("Rejected records")
    rejected = data.rejected_rows(context.source, context.filters)
    if rejected.empty:
        st.success("Every record of every file could be staged.", icon=":material/check:")
        return
    table(
        _file_names(vendor_labels(rejected)),
        column_config={
            "vendor": st.column_config.TextColumn("Vendor"),
            "source_name": st.column_config.TextColumn("Kind of file"),
            "source_file": st.column_config.TextColumn(
                "File", width="large", help="In the vendor's folder for this kind of file."
            ),
            "reason": st.column_config.TextColumn("Reason"),
            "rows_rejected": st.column_config.NumberColumn("Records"),
            "first_row": st.column_config.NumberColumn("First record no."),
        },
    )
    with st.expander("The rejected records as they stood in the files"):
        table(
            vendor_labels(data.rejected_records(context.source, context.filters)),
            column_config={
                "vendor": st.column_config.TextColumn("Vendor"),
                "source_file": st.column_config.TextColumn("File"),
                "source_row": st.column_config.NumberColumn("Record no."),
                "reason": st.column_config.TextColumn("Reason"),
                "raw_record": st.column_config.TextColumn(
                    "Record", width="large", help="Empty when the build hashes personal data."
                ),
            },
        )


def _reconciliation(context: Context) -> pd.DataFrame:
    st.subheader("Every file reconciled")
    files = data.reconciliation(context.source, context.filters)
    if files.empty:
        empty(f"No files read for {context.selection}.")
        return files
    unbalanced = int((~files["is_balanced"].astype(bool)).sum())
    if unbalanced:
        st.warning(f"{unbalanced} file(s) do not reconcile.", icon=":material/warning:")
    table(
        _file_names(vendor_labels(files)),
        height=360,
        column_config={
            "vendor": st.column_config.TextColumn("Vendor"),
            "source_name": st.column_config.TextColumn("Kind of file"),
            "source_file": st.column_config.TextColumn(
                "File", width="large", help="In the vendor's folder for this kind of file."
            ),
            "rows_read": st.column_config.NumberColumn("Read"),
            "rows_staged": st.column_config.NumberColumn("Staged"),
            "rows_rejected": st.column_config.NumberColumn("Rejected"),
            "rows_duplicate": st.column_config.NumberColumn(
                "Duplicates", help="Held again by a newer export; the newer copy is staged."
            ),
            "is_balanced": st.column_config.CheckboxColumn(
                "Adds up", help="read = staged + rejected + duplicates"
            ),
        },
    )
    return files


def render(context: Context) -> None:
    header(
        context,
        "Data health",
        "The landing zone's files as the build read them (audit_rejected_rows, "
        "audit_row_reconciliation); the vendor filter applies, projects and dates do not.",
    )
    files = data.reconciliation(context.source, context.filters)
    if not files.empty:
        columns = st.columns(4)
        columns[0].metric("Files read", f"{len(files):,}", border=True)
        columns[1].metric("Records read", f"{int(files['rows_read'].sum()):,}", border=True)
        columns[2].metric("Rejected", f"{int(files['rows_rejected'].sum()):,}", border=True)
        columns[3].metric(
            "Duplicates",
            f"{int(files['rows_duplicate'].sum()):,}",
            help="Records held again by a newer export (the newer copy wins).",
            border=True,
        )
    _freshness(context)
    _rejected(context)
    _reconciliation(context)
    page_done("health")
