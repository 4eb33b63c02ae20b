"""The fonts Liaison ships (Noto, from pinned PyPI packages), for the screens as for the letters,
so every script shows the same on every PC: the families in fallback order, and registering the
files with Qt once a Q(Gui)Application exists."""

from __future__ import annotations

from liaison.documents.font_names import FAMILIES
from liaison.documents.fonts import register

__all__ = ["FAMILIES", "register"]
