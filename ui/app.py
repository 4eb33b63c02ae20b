"""Start the desktop app: one window per database, fonts for every script, UK conventions."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QLoggingCategory, Qt, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from liaison import paths
from liaison.services import hardening
from ui import fonts, icon, preload
from ui.main_window import MainWindow


def instance_name(db_path: Path) -> str:
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
    return f"liaison-{digest}"


def ask_running_instance(name: str) -> bool:
    """True if another Liaison already has this database open (it is asked to come forward)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(300):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(300)
    socket.disconnectFromServer()
    return True


def listen(name: str, window: MainWindow) -> QLocalServer:
    server = QLocalServer(window)
    QLocalServer.removeServer(name)  # a stale socket from a crashed run
    server.listen(name)

    def bring_forward() -> None:
        connection = server.nextPendingConnection()
        if connection is not None:
            connection.disconnectFromServer()
        window.showNormal()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(bring_forward)
    return server


def make_app(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Liaison")
    app.setOrganizationName("Liaison")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    # Qt logs a line per font and script it cannot shape with; every script we show has a font.
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    fonts.register()
    app.setFont(fonts.ui_font())
    app.setWindowIcon(icon.app_icon())
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    hardening.harden()  # owner-only files, no core dumps holding the key or records
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    icon.claim_taskbar()
    app = make_app(argv)
    db_path = paths.default_db_path()
    name = instance_name(db_path)
    if ask_running_instance(name):
        print(f"Liaison is already open for {db_path}; that window was brought forward.")
        return 0
    window = MainWindow(db_path, demo_families=int(os.environ.get("LIAISON_DEMO_FAMILIES", "300")))
    server = listen(name, window)
    window.present()
    # The database code and the letters' engine load while the officer types (ui/preload.py),
    # once the window has had its first paint.
    QTimer.singleShot(50, preload.start)
    code = app.exec()
    server.close()
    return code
