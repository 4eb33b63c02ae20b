"""A CSV file read as a stream: rows come one at a time from the file, so a 100,000-row
export never sits in memory as text or as a list of rows.

Before the first row: the size is checked against the limit (from the file system, unread),
one pass in 1 MB chunks settles the encoding (UTF-8, with or without a byte-order mark, else
Windows-1252, which Excel on a school PC saves as "CSV") and refuses NUL bytes, and the first
lines give the delimiter. Errors name the line a record starts on.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from liaison.errors import ImportFileError

CHUNK = 1 << 20
SNIFF_BYTES = 64 * 1024
# (data rows read, bytes read, bytes in the file): called every few thousand rows and at the end.
ReadProgress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class Source:
    """Where the CSV comes from: a file, or bytes already in memory (tests, the fuzzer)."""

    path: Path | None = None
    data: bytes | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise ImportFileError(f"Cannot read {self.path}: {exc.strerror or exc}.") from None

    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return os.stat(self.path).st_size
        except OSError as exc:
            raise ImportFileError(f"Cannot read {self.path}: {exc.strerror or exc}.") from None


def source_of(value: bytes | Path | Source) -> Source:
    if isinstance(value, Source):
        return value
    return Source(data=value) if isinstance(value, bytes) else Source(path=Path(value))


def encoding_of(source: Source) -> tuple[str, str, bool]:
    """(codec, what to call it, whether the file holds anything but white space)."""
    with source.open() as handle:
        head = handle.read(3)
        bom = head == codecs.BOM_UTF8
        handle.seek(0)
        utf8 = codecs.getincrementaldecoder("utf-8-sig")("strict")
        text_seen, position = False, 0
        bad_utf8: int | None = None
        bad_cp1252: int | None = None
        while chunk := handle.read(CHUNK):
            if b"\x00" in chunk:
                raise ImportFileError("The file holds NUL characters: it is not a CSV text file.")
            text_seen = text_seen or bool(chunk.strip())
            if bad_utf8 is None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_utf8 = position + exc.start
            if bad_cp1252 is None:
                try:
                    chunk.decode("cp1252")
                except UnicodeDecodeError as exc:
                    bad_cp1252 = position + exc.start
            position += len(chunk)
        if bad_utf8 is None:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                bad_utf8 = position
    if bad_utf8 is None:
        return "utf-8-sig", "UTF-8 with BOM" if bom else "UTF-8", text_seen
    if bad_cp1252 is not None:
        raise ImportFileError(
            f"The file is neither UTF-8 nor Windows-1252 text (byte {bad_cp1252 + 1}); "
            "save it from the MIS or Excel as CSV (UTF-8)."
        )
    return "cp1252", "Windows-1252", text_seen


def sniff_delimiter(sample: str) -> str:
    lines = sample.splitlines()[:20]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        first = lines[0] if lines else ""
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def delimiter_of(source: Source, codec: str) -> str:
    with source.open() as handle:
        sample = handle.read(SNIFF_BYTES).decode(codec, errors="ignore")
    return sniff_delimiter(sample)


def records(
    source: Source,
    codec: str,
    delimiter: str,
    *,
    max_rows: int,
    limits: str,
    progress: ReadProgress | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every non-blank record, the header first."""
    total = source.size()
    with source.open() as raw, io.TextIOWrapper(raw, encoding=codec, newline="") as text:
        reader = csv.reader(text, delimiter=delimiter)
        rows = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise ImportFileError(_describe(exc, start)) from None
            if not any(c.strip() for c in cells):
                continue
            yield start, cells
            rows += 1
            if rows > max_rows + 1:  # the header is not a data row
                raise ImportFileError(
                    f"The file has more than {max_rows:,} rows; Liaison imports {limits}. "
                    "Export only the pupils needed (one year group, or the new arrivals)."
                )
            if progress is not None and rows % 2000 == 0:
                progress(rows - 1, raw.tell(), total)
        if progress is not None:
            progress(max(rows - 1, 0), total, total)


def _describe(exc: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"Line {line}: a value is longer than {csv.field_size_limit():,} characters, "
            "which no MIS field needs. Check the file (was it saved as CSV?)."
        )
    return f"Line {line}: {exc}. Check the file."
