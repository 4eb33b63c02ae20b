"""Fictional names for the demo: Faker in each family's locale, with Latin forms, and
transliterations for scripts where Faker offers none (resources/demo/names.json)."""

from __future__ import annotations

import json
import random
import re
from functools import cache
from typing import TYPE_CHECKING

from liaison import paths

if TYPE_CHECKING:
    from faker import Faker


# Ukrainian national romanisation, extended for Russian and Bulgarian letters; "" drops a sign.
# DfE code -> (weight, Faker locale or None for names.json, Latin transliteration for Cyrillic)
_MIX: dict[str, tuple[int, str | None]] = {
    "ENG": (38, "en_GB"),
    "URD": (7, None),
    "POL": (6, "pl_PL"),
    "RMN": (6, "ro_RO"),
    "BNG": (5, None),
    "ARA": (5, None),
    "SOM": (4, None),
    "PNJG": (3, None),
    "UKR": (3, "uk_UA"),
    "TIG": (2, None),
    "PAT": (2, None),
    "PRSD": (2, None),
    "KURS": (2, None),
    "LIT": (2, "lt_LT"),
    "POR": (2, "pt_PT"),
    "SPA": (2, "es_ES"),
    "TUR": (2, "tr_TR"),
    "BUL": (1, "bg_BG"),
    "YOR": (1, "yo_NG"),
    "AKAT": (1, "tw_GH"),
    "TAM": (1, "ta_IN"),
    "GUJ": (1, "gu_IN"),
    "CHI": (1, "zh_CN"),
    "HGR": (1, "hu_HU"),
    "SLO": (1, "sk_SK"),
    "CZE": (1, "cs_CZ"),
    "ITA": (1, "it_IT"),
    "FRN": (1, "fr_FR"),
    "RUS": (1, "ru_RU"),
}


_STREETS = ["Road", "Street", "Avenue", "Close", "Lane", "Grove", "Terrace"]


_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "ё": "io",
    "э": "e",
    "ы": "y",
    "ъ": "",
}


@cache
def _name_lists() -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    raw = json.loads((paths.resources_dir() / "demo" / "names.json").read_text("utf-8"))
    return {
        code: {part: [tuple(pair) for pair in names] for part, names in lists.items()}
        for code, lists in raw.items()
        if not code.startswith("_")
    }


def transliterate_cyrillic(text: str) -> str:
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
            continue
        out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def _clean(name: str) -> str:
    # Some Faker locales carry stray punctuation in their name lists ("ஐ;").
    return re.sub(r"[^\w\s'\-\u0300-\u036f\u0900-\u0dff\u200c\u200d]", "", name).strip()


class _Names:
    def __init__(self, seed: int) -> None:
        self._fakers: dict[str, Faker] = {}
        self._seed = seed

    def _faker(self, locale: str) -> Faker:
        from faker import Faker  # ~0.1 s to import: only when demo data is made

        if locale not in self._fakers:
            faker = Faker(locale)
            faker.seed_instance(self._seed)
            self._fakers[locale] = faker
        return self._fakers[locale]

    def person(
        self, rng: random.Random, code: str, female: bool, surname: tuple[str, str | None]
    ) -> tuple[str, str | None]:
        locale = _MIX[code][1]
        if locale is None:
            given, latin = rng.choice(_name_lists()[code]["female" if female else "male"])
            return given, latin
        faker = self._faker(locale)
        if locale == "zh_CN":
            return (
                faker.first_name_female() if female else faker.first_name_male(),
                faker.first_romanized_name(),
            )
        given = _clean(faker.first_name_female() if female else faker.first_name_male())
        if locale in ("uk_UA", "ru_RU", "bg_BG"):
            return given, transliterate_cyrillic(given)
        return given, None

    def surname(self, rng: random.Random, code: str) -> tuple[str, str | None]:
        locale = _MIX[code][1]
        if locale is None:
            return rng.choice(_name_lists()[code]["family"])
        faker = self._faker(locale)
        if locale == "zh_CN":
            return faker.last_name(), faker.last_romanized_name()
        name = _clean(faker.last_name())
        if locale in ("uk_UA", "ru_RU", "bg_BG"):
            return name, transliterate_cyrillic(name)
        return name, None

    def address(self, rng: random.Random) -> tuple[str, str]:
        faker = self._faker("en_GB")
        street = f"{rng.randint(1, 180)} {faker.last_name()} {rng.choice(_STREETS)}"
        return street, faker.postcode()
