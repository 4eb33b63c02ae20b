"""Time from starting a program to its window on the screen, under a virtual X server.

For bench/startup.py: each command is started as a whole process on Xvfb, and the time until
its top-level window is mapped and viewable (xdotool search --onlyvisible, polled every 5 ms)
is taken. Needs Xvfb and xdotool (`apt-get install xvfb xdotool`), and for Qt's xcb platform
the usual X libraries (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1); never part of `make test`.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

# A bare PySide6 window with a table, started the same way: the floor for a Qt window here.
BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Bare window")
window.setCentralWidget(QTableView())
window.resize(1280, 760)
window.show()
app.exec()
"""


def available() -> bool:
    return bool(shutil.which("Xvfb") and shutil.which("xdotool"))


@contextmanager
def xvfb(display: str = ":94") -> Iterator[str]:
    server = subprocess.Popen(
        # -noreset: by default the server resets when its last client leaves, and the next
        # program started meanwhile could not connect ("could not connect to display").
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(500):
            probe = subprocess.run(["xdotool", "getdisplaygeometry"], env={"DISPLAY": display},
                                   capture_output=True)  # fmt: skip
            if probe.returncode == 0:
                break
            time.sleep(0.01)
        else:
            raise RuntimeError("Xvfb did not start")
        yield display
    finally:
        server.terminate()
        server.wait()


def time_to_window(argv: list[str], env: dict[str, str], title: str) -> float:
    """Seconds from starting `argv` to a viewable window titled `title`; the program is then
    closed."""
    started = time.perf_counter()
    program = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                env=env,
                capture_output=True,
            )
            if found.returncode == 0 and found.stdout.strip():
                return time.perf_counter() - started
            if program.poll() is not None:
                error = program.stderr.read().decode(errors="replace") if program.stderr else ""
                raise RuntimeError(f"{argv} exited with {program.returncode}: {error[-500:]}")
            time.sleep(0.005)
    finally:
        program.terminate()
        program.wait()
