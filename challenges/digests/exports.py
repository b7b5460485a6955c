"""Every export format of a digest, from one place: CSV, JSON, XLSX, PDF and printable HTML.

Each format renders the digest dict of schema.py as it is; none of them computes or suppresses
anything. A suppressed figure (None) is "suppressed" in data formats and "hidden" in readable
ones, and never 0.
"""

from pathlib import Path

from challenges.csv_safety import write_csv
from challenges.digests.export_figures import (
    DICTIONARY_HEADER,
    FIGURE_COLUMNS,
    data_dictionary_rows,
    figure_rows,
)
from challenges.digests.export_html import digest_html
from challenges.digests.export_json import JSON_SCHEMA, digest_json, digest_sha256
from challenges.digests.export_pdf import digest_pdf
from challenges.digests.export_xlsx import digest_xlsx

__all__ = [
    "FORMATS",
    "JSON_SCHEMA",
    "data_dictionary_csv",
    "digest_csv",
    "digest_html",
    "digest_json",
    "digest_pdf",
    "digest_sha256",
    "digest_xlsx",
    "write_exports",
]


def digest_csv(digest: dict) -> str:
    """Tidy CSV, one row per figure, every cell safe from formula injection."""
    return "".join(write_csv(figure_rows(digest), tuple(FIGURE_COLUMNS)))


def data_dictionary_csv() -> str:
    """CSV describing each column, measure and table of digest_csv."""
    return "".join(write_csv(data_dictionary_rows(), DICTIONARY_HEADER))


# Each downloadable format: its media type and how to render it.
FORMATS = {
    "csv": ("text/csv", digest_csv),
    "json": ("application/json", digest_json),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", digest_xlsx),
    "pdf": ("application/pdf", digest_pdf),
    "html": ("text/html", digest_html),
}


def write_exports(digest: dict, folder: Path, stem: str) -> list[Path]:
    """Write every format, and the CSV's data dictionary, into a folder (for scheduled builds)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    outputs = {ext: render(digest) for ext, (_type, render) in FORMATS.items()}
    outputs["data-dictionary.csv"] = data_dictionary_csv()
    for suffix, data in outputs.items():
        path = folder / (f"{stem}.{suffix}" if "." not in suffix else f"{stem}-{suffix}")
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        written.append(path)
    return written
