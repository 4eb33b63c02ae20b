"""Writing questionnaire pages to PDF: here on the main thread, in a child process from any other
thread (liaison.documents.isolated says why), exactly as letters are. Callers use this."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from liaison.documents.form_pdf import FormJob, FormResult, render_forms_here
from liaison.documents.isolated import render_in_child
from liaison.jobs import CancelCheck, Progress


def render_forms(
    jobs: Sequence[FormJob],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> list[FormResult]:
    """Write every job's PDF (atomically: a cancelled or failed run leaves no file)."""
    if threading.current_thread() is not threading.main_thread():
        return render_in_child(
            list(jobs), progress=progress, cancel=cancel, renderer=render_forms_here
        )
    return render_forms_here(jobs, progress=progress, cancel=cancel)
