"""A one-page recovery sheet to keep in the school safe."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from liaison.documents.qt_runtime import ensure_gui_app
from liaison.i18n.bidi import english_frame
from liaison.store.atomic import write_atomic

MONO_FAMILIES = "'DejaVu Sans Mono', 'Noto Sans Mono', 'Courier New', monospace"


# No bold anywhere: the packaged Noto Sans is a variable font, and Qt fakes bold from it by
# drawing every glyph twice, which doubles the letters of the PDF's text layer.
def sheet_html(school_name: str, database_path: str, recovery_code: str, created: str) -> str:
    groups = recovery_code.split("-")
    # Two rows of four groups, numbered, so a group cannot be skipped when typing it in.
    code_rows = "".join(
        "<tr>"
        + "".join(
            f"<td style='padding: 8px 18px; color: #666; font-size: 9pt;'>{i + 1}</td>"
            f"<td style='padding: 8px 18px 8px 0; white-space: pre;'>{escape(g)}</td>"
            for i, g in list(enumerate(groups))[row * 4 : row * 4 + 4]
        )
        + "</tr>"
        for row in range(2)
    )
    lines = "".join(
        f"<tr><td style='padding: 16px 12px 0 0;'>{label}</td>"
        f"<td style='padding-top: 16px;'>{'_' * 48}</td></tr>"
        for label in ("Stored by", "Signature", "Date")
    )
    return f"""
<html><body style="font-family: 'Liaison Noto Sans', 'Noto Sans', sans-serif; font-size: 11pt;">
<h1 style="font-size: 22pt; font-weight: normal;">Liaison recovery code</h1>
<p style="font-size: 13pt;">{escape(english_frame(school_name or "Your school"))}</p>
<p>Database: {escape(english_frame(database_path))}<br>
Created: {escape(created)}</p>
<table style="font-family: {MONO_FAMILIES}; font-size: 22pt; margin: 18px 0;"
 border="1" cellspacing="0" cellpadding="4">{code_rows}</table>
<p style="font-size: 13pt;">Keep this sheet in the school safe.</p>
<p>Anyone with this code and the database file can read every record.</p>
<p>Use it only if the passphrase is forgotten: start Liaison, choose <i>Use recovery code</i> on the
unlock screen, type the code (capitals, spaces and dashes do not matter), then choose a new
passphrase. Afterwards make a new recovery code in Settings and print a new sheet; destroy this
one.</p>
<table>{lines}</table>
</body></html>"""


def render_recovery_sheet(
    out: Path, *, school_name: str, database_path: str, recovery_code: str, created: str
) -> Path:
    """Write the sheet as a one-page A4 PDF, atomically."""
    ensure_gui_app()
    out = Path(out)
    # Made in memory: Qt's writer would not say if the disk filled up part way.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        writer = QPdfWriter(buffer)
        writer.setTitle("Liaison recovery code")
        writer.setCreator("Liaison")
        writer.setResolution(300)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(20, 20, 20, 20),
                QPageLayout.Unit.Millimeter,
            )
        )
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(sheet_html(school_name, database_path, recovery_code, created))
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        doc.setPageSize(QSizeF(rect.width(), rect.height()))
        doc.print_(writer)
        del writer
    finally:
        buffer.close()
    write_atomic(out, bytes(buffer.data().data()))
    return out
