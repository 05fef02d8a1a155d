"""Every uploaded file passes through here before anything parses it: a size limit, a row limit,
and a look inside. A refusal is an ``UploadRefused`` whose message names the file and says what
to do; forms (``web.forms.UploadField``) show it on the field.

- Imports (programme trackers, risk logs, monthly returns): CSV or XLSX, up to 5 MB and 10,000
  rows. An XLSX is a zip: its central directory (entry count, uncompressed sizes, compression
  ratios) is checked before openpyxl opens it, so a zip bomb is refused in milliseconds; the
  workbook is then read in read-only (streaming) mode and reading stops at the row limit.
- Extract files of the organisation loader: CSV, up to 10 MB and 100,000 rows each.
- Tables (``read_table``): NUL bytes are taken out of every cell as it is read (PostgreSQL text
  cannot hold one, and no one means to send one), and a CSV cell may be as long as the file's own
  size limit allows (``csv.field_size_limit`` raised to it: the limit on bytes already bounds
  every cell), so that a cell too long for its use is the caller's problem to name by row and
  column rather than a refusal of the whole file.
- Board papers: PDF, DOCX, XLSX, PPTX, ODT, CSV or TXT up to 20 MB, checked by content as well as
  by name (the PDF signature, the zip member each Office format must have, the ODT ``mimetype``;
  text must be UTF-8 with no NUL bytes).
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

MB = 1024 * 1024


class UploadRefused(ValueError):
    """A file refused before (or while) reading it; the message is for the person uploading."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int  # data rows under the header
    max_unzipped: int = 25 * MB  # all entries of an XLSX, uncompressed
    max_entries: int = 200  # entries in an XLSX
    max_ratio: int = 200  # uncompressed / compressed, for any entry over 1 MB uncompressed


IMPORT = Limits(max_bytes=5 * MB, max_rows=10_000)
EXTRACT = Limits(max_bytes=10 * MB, max_rows=100_000)
PAPER_MAX_BYTES = 20 * MB
PAPER_TYPES = {
    ".pdf": "PDF",
    ".docx": "Word (DOCX)",
    ".xlsx": "Excel (XLSX)",
    ".pptx": "PowerPoint (PPTX)",
    ".odt": "OpenDocument text (ODT)",
    ".csv": "CSV",
    ".txt": "plain text (TXT)",
}
OFFICE_MEMBER = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def megabytes(size: int) -> str:
    return f"{size // MB} MB"


def check_name_and_size(upload, *, extensions: tuple[str, ...], max_bytes: int) -> None:
    """Refuse a file by its name's extension or its size, before reading a byte of it."""
    if extension(upload.name) not in extensions:
        kinds = " or ".join(e.lstrip(".").upper() for e in extensions)
        raise UploadRefused(f"{upload.name} must be a {kinds} file")
    if upload.size > max_bytes:
        raise UploadRefused(f"{upload.name} must be smaller than {megabytes(max_bytes)}")


def check_import(upload) -> None:
    """A programme tracker, risk log or monthly return: CSV or XLSX within ``IMPORT``."""
    check_name_and_size(upload, extensions=(".csv", ".xlsx"), max_bytes=IMPORT.max_bytes)
    if extension(upload.name) == ".xlsx":
        upload.seek(0)
        check_workbook_zip(upload.name, upload, IMPORT)
        upload.seek(0)


def check_extract_file(upload) -> None:
    """One CSV file of an organisation extract: its size, and its lines counted in chunks."""
    check_name_and_size(upload, extensions=(".csv",), max_bytes=EXTRACT.max_bytes)
    lines = sum(chunk.count(b"\n") for chunk in upload.chunks())
    upload.seek(0)
    if lines > EXTRACT.max_rows + 1:
        raise UploadRefused(too_many_rows(upload.name, EXTRACT.max_rows))


def too_many_rows(name: str, max_rows: int) -> str:
    return f"{name} has more than {max_rows:,} rows. Split it into smaller files"


# --- Tables: CSV and XLSX rows, bounded ---------------------------------------------------------


def check_workbook_zip(name: str, content: IO[bytes], limits: Limits) -> None:
    """Refuse an XLSX from its zip central directory alone: not a zip, too many entries, too big
    uncompressed, or compressed too well (a zip bomb). Nothing is decompressed."""
    unreadable = f"{name} is not a readable XLSX workbook. Save it again from Excel, or as CSV"
    try:
        with zipfile.ZipFile(content) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(unreadable) from None
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise UploadRefused(unreadable)
    too_big = f"{name} is too big to read once unzipped. Remove unused sheets, or save it as CSV"
    if len(entries) > limits.max_entries or sum(e.file_size for e in entries) > limits.max_unzipped:
        raise UploadRefused(too_big)
    for entry in entries:
        if entry.file_size > MB and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise UploadRefused(too_big)


def read_table(name: str, content: bytes, limits: Limits = IMPORT) -> list[list]:
    """Every row (the header first) of a CSV (cells as text) or an XLSX's first sheet (cells as
    openpyxl gives them), refused past ``limits`` with a message naming the file."""
    if len(content) > limits.max_bytes:
        raise UploadRefused(f"{name} must be smaller than {megabytes(limits.max_bytes)}")
    if extension(name) == ".xlsx":
        return _xlsx_rows(name, content, limits)
    if extension(name) != ".csv":
        raise UploadRefused(f"{name} must be a CSV or XLSX file")
    return _csv_rows(name, content, limits)


def _csv_rows(name: str, content: bytes, limits: Limits) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise UploadRefused(
            f"{name} is not UTF-8 text (row {line}). Save it as CSV UTF-8"
        ) from None
    text = text.replace("\x00", "")
    if csv.field_size_limit() < limits.max_bytes:  # only ever raised: see the module docstring
        csv.field_size_limit(limits.max_bytes)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > limits.max_rows + 1:
                raise UploadRefused(too_many_rows(name, limits.max_rows))
    except csv.Error as error:
        raise UploadRefused(f"{name}, row {reader.line_num} is not valid CSV: {error}") from None
    return rows


def _xlsx_rows(name: str, content: bytes, limits: Limits) -> list[list]:
    check_workbook_zip(name, io.BytesIO(content), limits)
    from openpyxl import load_workbook  # only once the zip is known to be safe to open

    rows = []
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            for row in workbook.active.iter_rows(values_only=True):
                rows.append([_no_nul(value) for value in row])
                if len(rows) > limits.max_rows + 1:
                    raise UploadRefused(too_many_rows(name, limits.max_rows))
        finally:
            workbook.close()
    except UploadRefused:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, KeyError...) for a broken workbook
        raise UploadRefused(
            f"{name} is not a readable XLSX workbook. Save it again from Excel, or as CSV"
        ) from None
    return rows


def _no_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


# --- Board papers -------------------------------------------------------------------------------


def check_paper(upload) -> None:
    """A board paper: one of ``PAPER_TYPES`` by name and by content, up to 20 MB."""
    kind = extension(upload.name)
    if kind not in PAPER_TYPES:
        kinds = ", ".join(PAPER_TYPES.values())
        raise UploadRefused(f"The paper must be one of: {kinds}")
    check_name_and_size(upload, extensions=tuple(PAPER_TYPES), max_bytes=PAPER_MAX_BYTES)
    upload.seek(0)
    try:
        matches = content_matches(kind, upload)
    finally:
        upload.seek(0)
    if not matches:
        raise UploadRefused(
            f"{upload.name} is not a real {PAPER_TYPES[kind]} file. "
            f"Save it again as {PAPER_TYPES[kind]}, or choose another file"
        )


def content_matches(kind: str, content: IO[bytes]) -> bool:
    """Whether the bytes are what the extension ``kind`` says (see ``PAPER_TYPES``)."""
    if kind == ".pdf":
        return content.read(5) == b"%PDF-"
    if kind in (".csv", ".txt"):
        data = content.read()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    try:
        with zipfile.ZipFile(content) as archive:
            if kind == ".odt":
                first = archive.infolist()[0]
                return (
                    first.filename == "mimetype"
                    and first.file_size < 100
                    and archive.read(first).strip() == ODT_MIMETYPE
                )
            return OFFICE_MEMBER[kind] in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, IndexError, zlib.error):
        return False
    except (RuntimeError, NotImplementedError):  # an encrypted entry, or an unknown compression
        return False
