"""The frozen app's one entry point (build.spec builds two executables from it).

`liaison` (windowed on Windows): no arguments starts the desktop app; any argument runs the
command line (`liaison --version`, `liaison selftest`, `liaison check`...).
`liaison-cli` (a console program on Windows): always the command line; no arguments shows help.
`liaison-cli screenshots OUT` saves PNGs of the main screens from a throwaway demo database
(ui/screenshots.py), to look at a build by eye; it is not part of the `liaison` command line.

On Windows a windowed program has no stdout or stderr: when `liaison.exe` is given arguments it
attaches to the console it was started from, if any, so `--version` and errors still show
(Windows users should prefer `liaison-cli.exe`, which the console waits for).
"""

from __future__ import annotations

import os
import sys


def _attach_console() -> None:
    """Give a windowed Windows program somewhere to print; never fail."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    if sys.platform == "win32":
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
            sys.stderr = sys.stdout
            return
    devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    sys.stdout = sys.stdout or devnull
    sys.stderr = sys.stderr or devnull


def main() -> int:
    # Letters printed off the GUI thread are rendered in a child process of this executable
    # (liaison.documents.isolated); in a frozen build the child must start here, not the app.
    import multiprocessing

    multiprocessing.freeze_support()
    # The install folder may be read-only (or shared): alembic must not write __pycache__ there.
    sys.dont_write_bytecode = True
    args = sys.argv[1:]
    name = os.path.splitext(os.path.basename(sys.executable))[0].lower()
    cli_only = name.endswith("-cli")
    if not args and not cli_only:
        from ui.app import main as gui

        return gui()
    _attach_console()
    args = args or ["--help"]
    if args[0] == "screenshots":
        from pathlib import Path

        from ui.screenshots import take

        for path in take(Path(args[1] if len(args) > 1 else "screenshots")):
            print(path)
        return 0
    from liaison.cli.main import main as cli

    return cli(args)


if __name__ == "__main__":
    sys.exit(main())
