"""Every byte from outside, before and while it is read.

Pure library: no Streamlit. A file from anyone – an editor, a visitor, the command
line – comes in through :func:`read_guarded` (checks of :mod:`intake.guard` against
the table of :mod:`intake.limits`, then the reader in a worker of
:mod:`intake.worker`). The readers share one text layer (:mod:`intake.text`: the
encoding, one CSV dialect, workbooks as CSV), one field parser
(:mod:`intake.fields`: numbers, dates, flags, clean text) and one way to report
(:mod:`intake.problems`); every CSV the app writes goes through
:func:`excel_csv` (:mod:`intake.csv_out`).
"""

from __future__ import annotations

from intake.csv_out import CsvFile, excel_csv
from intake.fields import (
    clean_text,
    excerpt,
    fold_name,
    normalize_website,
    parse_date,
    parse_number,
)
from intake.gate import checked_path, folder_as_zip, read_guarded, read_path_guarded
from intake.guard import FileRefused, check_file
from intake.limits import LIMITS, Limits, Purpose
from intake.problems import Problem, ProblemLog
from intake.provenance import SAMPLE_SOURCE
from intake.text import NotText, csv_delimiter, decode, table_rows, table_text
from intake.worker import WorkerFailed, run_isolated, start_workers

__all__ = [
    "LIMITS",
    "SAMPLE_SOURCE",
    "CsvFile",
    "FileRefused",
    "Limits",
    "NotText",
    "Problem",
    "ProblemLog",
    "Purpose",
    "WorkerFailed",
    "check_file",
    "checked_path",
    "clean_text",
    "csv_delimiter",
    "decode",
    "excel_csv",
    "excerpt",
    "fold_name",
    "folder_as_zip",
    "normalize_website",
    "parse_date",
    "parse_number",
    "read_guarded",
    "read_path_guarded",
    "run_isolated",
    "start_workers",
    "table_rows",
    "table_text",
]
