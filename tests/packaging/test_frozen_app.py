"""The one-folder build (build.spec), made with PyInstaller into a temporary folder and run.

This is how CI checks the package: `make test` builds it (about a minute on a 2-core machine,
README "Building the package") and runs `--version`, `selftest` and the screens from the result,
from an unrelated working folder, so a module, font, migration or Qt plugin missing from the
build fails here. `pytest -m "not slow"` leaves it out when working on something else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liaison import __version__

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if sys.platform == "win32" else ""
# Lines a missing Qt plugin, a missing font or a crash would print.
BAD = ("plugin", "font", "Traceback", "Error", "error:", "Cannot", "No module")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("package")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(ROOT / "build.spec"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "build"),
        ],
        cwd=ROOT,
        check=True,
    )
    folder = base / "dist" / "liaison"
    assert (folder / f"liaison{EXE}").is_file()
    assert (folder / f"liaison-cli{EXE}").is_file()
    return folder


def frozen(dist: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "LIAISON_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [str(dist / f"liaison-cli{EXE}"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def bad_lines(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if any(word in line for word in BAD)]
    # Qt's offscreen platform says this of every top-level window; the venv prints it too.
    return [line for line in lines if line != "This plugin does not support propagateSizeHints()"]


def test_the_build_holds_what_the_app_finds_at_run_time(dist: Path) -> None:
    inside = dist / "_internal"
    assert (inside / "resources" / "letters" / "welcome.json").is_file()
    assert (inside / "migrations" / "env.py").is_file()
    versions = sorted(p.name for p in (inside / "migrations" / "versions").glob("*.py"))
    assert versions == sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert (inside / "manimgx_fonts" / "NotoSansArabic[wght].ttf").is_file()
    assert (inside / "manimgx_fonts_cjk" / "NotoSansCJK-VF.otf.ttc").is_file()
    assert (inside / "babel" / "locale-data" / "ur.dat").is_file()
    plugins = {p.stem.removeprefix("lib") for p in inside.rglob("platforms/*") if p.is_file()}
    assert {"qoffscreen", "qminimal"} <= plugins
    assert any(inside.rglob("sqlcipher3/_sqlite3*"))


def test_version(dist: Path, tmp_path: Path) -> None:
    done = frozen(dist, tmp_path, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"liaison {__version__}"


def test_selftest_passes_in_the_frozen_app(dist: Path, tmp_path: Path) -> None:
    done = frozen(dist, tmp_path, "selftest", "--temp-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "frozen build" in done.stdout
    assert "letter URD" in done.stdout and "letter CHI" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("Self-test passed:")
    assert bad_lines(done.stderr) == []
    assert list(tmp_path.iterdir()) == []


def test_the_cli_executable_without_arguments_shows_help(dist: Path, tmp_path: Path) -> None:
    done = frozen(dist, tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: liaison")
    assert "selftest" in done.stdout


def test_every_screen_paints_in_the_frozen_app(dist: Path, tmp_path: Path) -> None:
    out = tmp_path / "screens"
    done = frozen(dist, tmp_path, "screenshots", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    shots = sorted(out.glob("*.png"))
    assert len(shots) >= 5, done.stdout
    assert all(p.stat().st_size > 10_000 for p in shots)
    assert bad_lines(done.stderr) == []
