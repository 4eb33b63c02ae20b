"""Writing letters to PDF files: here on the main thread, in a child process from any other
(liaison.documents.isolated says why). Callers use these two functions."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from liaison.documents.isolated import render_in_child
from liaison.documents.layout import Document
from liaison.documents.pdf import Job, RenderResult, render_here
from liaison.jobs import CancelCheck, Progress


def render_pdf(
    documents: Sequence[Document],
    out: Path,
    *,
    title: str = "Letters",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> RenderResult:
    """Write all documents into one PDF, each from a new page. Atomic: a cancelled or failed run
    leaves no file (and no partial file) behind."""
    job = Job(tuple(documents), Path(out), title)
    return render_pdfs([job], progress=progress, cancel=cancel)[0]


def render_pdfs(
    jobs: Sequence[Job],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> list[RenderResult]:
    """Write several PDFs; progress counts documents across all of them.

    Off the main thread the rendering happens in a child process (liaison.documents.isolated
    says why); on it, here."""
    if threading.current_thread() is not threading.main_thread():
        return render_in_child(list(jobs), progress=progress, cancel=cancel)
    return render_here(jobs, progress=progress, cancel=cancel)
