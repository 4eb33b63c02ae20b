"""Finding one family by id, or saying in words that it is not there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from liaison.errors import NotFound
from liaison.models import (
    Family,
)

if TYPE_CHECKING:
    pass


def family_or_404(session: Session, family_id: int) -> Family:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(f"There is no family with id {family_id}.")
    return family
