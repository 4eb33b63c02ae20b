"""What a renderer child lays out while it waits for its first letters.

A child starts before the letters exist (liaison.documents.pool.start_early) and then waited
about 0.3 s of a whole-school run for the parent to open the database and prepare them. Its
first chunk then cost half as much again as the next one: each script's font opened in Qt and
in HarfBuzz, its shaping and glyph caches filled, the text layer's font facts read. Laying out
one short letter in the scripts most letters are written in, in that wait, does that work
where it costs nothing. Chinese is left out: its font is large, and few runs need it.
"""

from __future__ import annotations

from liaison.documents.layout import Block, Document, Letterhead, Section

# A greeting in each script: enough to open each font and shape a word or two in it.
_LINES = {
    "ENG": ("ltr", "Dear families, ąćęłńóśźż ăâîșț čėįšųūž çğış üöä ñ é ô"),
    "UKR": ("ltr", "Шановні батьки"),
    "ARA": ("rtl", "أعزائي أولياء الأمور، محترم والدین، ښه راغلاست"),
    "BNG": ("ltr", "প্রিয় অভিভাবক"),
    "PNJG": ("ltr", "ਪਿਆਰੇ ਮਾਪੇ"),
    "GUJ": ("ltr", "પ્રિય વાલીઓ"),
    "HIN": ("ltr", "प्रिय अभिभावक"),
    "TAM": ("ltr", "அன்புள்ள பெற்றோர்"),
    "TIG": ("ltr", "ውድ ወለድቲ"),
}


def sample() -> Document:
    sections = tuple(
        Section(code, direction, "1 December 2026", words, (Block("p", words),))
        for code, (direction, words) in _LINES.items()
    )
    return Document(
        title="Warm-up",
        letterhead=Letterhead("School", ("1 Road",), "01632 960000"),
        sections=sections,
        signer="Officer",
        signer_role="Family liaison officer",
        footer="Warm-up",
    )
