"""Render sample letters in the hardest scripts to PNG, to look at by eye.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m liaison.demo.letter_samples OUT_FOLDER

Uses a throwaway demo database; writes OUT/<language>.pdf and OUT/<language>-<page>.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from liaison.services.access import create_database

SCRIPTS = ["ARA", "URD", "PRSD", "BNG", "PNJG", "TIG", "CHI", "UKR", "POL"]


def main() -> int:
    import pypdfium2 as pdfium

    from liaison import demo
    from liaison.services import families as fam
    from liaison.services import letters
    from liaison.store.keyfile import KdfParams

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "letter-samples")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = create_database(Path(tmp) / "s.db", "samples passphrase", kdf=KdfParams(1, 8, 1))
        try:
            demo.build_demo(db, families=80, seed=2)
            rows = fam.list_families(db)
            for code in SCRIPTS:
                # A family who speaks the language, so names are in its script too.
                row = next((r for r in rows if code in r.languages), rows[0])
                prepared = letters.prepare(
                    db,
                    "meeting_invitation",
                    row.id,
                    language=code,
                    fields={
                        "date": "25/11/2026",
                        "time": "15:30",
                        "place": "Room 7",
                        "interpreter": "yes",
                    },
                )
                pdf_path = out / f"{code}.pdf"
                letters.print_document(db, prepared, pdf_path)
                pdf = pdfium.PdfDocument(str(pdf_path))
                for index in range(len(pdf)):
                    png = out / f"{code}-{index + 1}.png"
                    pdf[index].render(scale=1.5).to_pil().save(png)
                    print(png)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
