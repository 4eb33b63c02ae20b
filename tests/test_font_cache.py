"""The renamed fonts are registered from files in the cache (mapped, shared between processes),
and from memory when the cache cannot be written; either way Qt knows the same families."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from liaison.documents.font_names import font_files

REGISTER = """
import json
from liaison.documents import fonts
from liaison.documents.qt_runtime import ensure_gui_app
ensure_gui_app()
print(json.dumps(sorted(fonts.register())))
"""


def _register(cache: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIAISON_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", REGISTER], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_fonts_come_from_renamed_files_in_the_cache(tmp_path: Path) -> None:
    families = _register(tmp_path)
    assert families and all(name.startswith("Liaison ") for name in families)
    cached = sorted((tmp_path / "fonts").iterdir())
    assert len(cached) == len(font_files())
    for path in cached:
        faces = (
            TTCollection(path, lazy=True).fonts
            if path.suffix == ".ttc"
            else [TTFont(path, lazy=True)]
        )
        for face in faces:
            assert face["name"].getDebugName(1).startswith("Liaison ")
    before = {p.name: p.stat().st_mtime_ns for p in cached}
    assert _register(tmp_path) == families  # the second start uses the files as they are
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "fonts").iterdir()} == before


def test_an_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert _register(blocked) == _register(tmp_path / "fine")
