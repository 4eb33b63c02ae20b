"""The language catalogue: DfE codes as schools record them, mapped to what printing needs.

DfE codes (the census "language" code set) are not ISO codes: French is FRN, Sylheti is BNGS.
A 4-letter code is an extended code under the 3-letter main code it starts with. Several spoken
languages are rarely written (Sylheti, Mirpuri, Pothwari...): their speakers usually read another
language if any, recorded in `reads_instead`, and letters go in that language or not on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa"})


@dataclass(frozen=True)
class Language:
    dfe: str
    iso: str
    english: str
    endonym: str
    script: str | None
    locale: str | None  # babel locale for dates and numbers; None: format as English
    written: bool = True
    reads_instead: tuple[str, ...] = ()
    # False for the few codes Liaison adds for a written form the DfE list has no code for
    # (Panjabi in Shahmukhi, Chinese in traditional characters).
    dfe_listed: bool = True

    @property
    def main_code(self) -> str:
        return self.dfe[:3]

    @property
    def direction(self) -> str:
        return "rtl" if self.script in RTL_SCRIPTS else "ltr"

    @property
    def label(self) -> str:
        if self.endonym and self.endonym != self.english:
            return f"{self.english} ({self.endonym})"
        return self.english


@dataclass(frozen=True)
class ReservedCode:
    """DfE codes that record the absence of a language, not a language."""

    dfe: str
    meaning: str


RESERVED = {
    r.dfe: r
    for r in (
        ReservedCode("ENB", "Not known, but believed to be English"),
        ReservedCode("OTB", "Not known, but believed to be other than English"),
        ReservedCode("NOT", "Information not obtained"),
        ReservedCode("REF", "Refused"),
        ReservedCode("OTH", "Other language (not in the list)"),
        ReservedCode("ZZZ", "Classification pending"),
    )
}

L = Language
# Order matters where codes share an ISO code: the first entry answers for the ISO code.
CATALOGUE: tuple[Language, ...] = (
    L("ENG", "en", "English", "English", "Latn", "en_GB"),
    L("AFK", "af", "Afrikaans", "Afrikaans", "Latn", "af"),
    L("AKA", "ak", "Akan", "Akan", "Latn", "ak"),
    L("AKAF", "fat", "Fante", "Fante", "Latn", "ak"),
    L("AKAT", "tw", "Twi", "Twi", "Latn", "ak"),
    L("ALB", "sq", "Albanian", "Shqip", "Latn", "sq"),
    L("AMR", "am", "Amharic", "አማርኛ", "Ethi", "am"),
    L("ARA", "ar", "Arabic", "العربية", "Arab", "ar"),
    L("ARAA", "ar", "Arabic (other)", "العربية", "Arab", "ar"),
    L("ARAG", "arq", "Arabic (Algeria)", "العربية", "Arab", "ar_DZ"),
    L("ARAI", "acm", "Arabic (Iraq)", "العربية", "Arab", "ar_IQ"),
    L("ARAM", "ary", "Arabic (Morocco)", "العربية", "Arab", "ar_MA"),
    L("ARAS", "apd", "Arabic (Sudan)", "العربية", "Arab", "ar_SD"),
    L("ARAY", "ayh", "Arabic (Yemen)", "العربية", "Arab", "ar_YE"),
    L("ARM", "hy", "Armenian", "Հայերեն", "Armn", "hy"),
    L("AZE", "az", "Azeri", "Azərbaycan dili", "Latn", "az"),
    L("BAL", "bal", "Balochi", "بلوچی", "Arab", "bal", True, ("URD",)),
    L("BEL", "be", "Belarusian", "Беларуская", "Cyrl", "be"),
    L("BMA", "my", "Burmese", "မြန်မာဘာသာ", "Mymr", "my"),
    L("BNG", "bn", "Bengali", "বাংলা", "Beng", "bn"),
    L("BNGA", "bn", "Bengali (other)", "বাংলা", "Beng", "bn"),
    L("BNGC", "ctg", "Chittagonian", "চাটগাঁইয়া", "Beng", "bn", False, ("BNG",)),
    L("BNGS", "syl", "Sylheti", "সিলেটি", "Beng", "bn", False, ("BNG", "ENG")),
    L(
        "BSL",
        "bfi",
        "British Sign Language",
        "British Sign Language",
        None,
        "en_GB",
        False,
        ("ENG",),
    ),
    L("BUL", "bg", "Bulgarian", "Български", "Cyrl", "bg"),
    L("CAM", "km", "Khmer", "ភាសាខ្មែរ", "Khmr", "km"),
    L("CAT", "ca", "Catalan", "Català", "Latn", "ca"),
    L("CCE", "jam", "Caribbean Creole English", "Patwa", "Latn", "en_GB", False, ("ENG",)),
    L("CHE", "ce", "Chechen", "Нохчийн", "Cyrl", "ce", True, ("RUS",)),
    L("CHI", "zh", "Chinese", "中文", "Hans", "zh_Hans_CN"),
    L("CHIA", "zh", "Chinese (other)", "中文", "Hans", "zh_Hans_CN"),
    L("CHIC", "yue", "Cantonese", "廣東話", "Hant", "zh_Hant_HK"),
    L("CHIH", "nan", "Hokkien", "福建話", "Hant", "zh_Hant_HK", False, ("CHIC", "CHIM")),
    L("CHIK", "hak", "Hakka", "客家話", "Hant", "zh_Hant_HK", False, ("CHIC", "CHIM")),
    L("CHIM", "cmn", "Mandarin", "普通话", "Hans", "zh_Hans_CN"),
    L(
        "CHIT",
        "zh-Hant",
        "Chinese (traditional)",
        "中文（繁體）",
        "Hant",
        "zh_Hant_HK",
        dfe_listed=False,
    ),
    L("CWA", "ny", "Chichewa", "Chichewa", "Latn", "ny"),
    L("CYM", "cy", "Welsh", "Cymraeg", "Latn", "cy"),
    L("CZE", "cs", "Czech", "Čeština", "Latn", "cs"),
    L("DAN", "da", "Danish", "Dansk", "Latn", "da"),
    L("DIN", "din", "Dinka", "Thuɔŋjäŋ", "Latn", None, False, ("ENG", "ARA")),
    L("DUT", "nl", "Dutch", "Nederlands", "Latn", "nl"),
    L("EST", "et", "Estonian", "Eesti", "Latn", "et"),
    L("EWE", "ee", "Ewe", "Eʋegbe", "Latn", "ee"),
    L("FIN", "fi", "Finnish", "Suomi", "Latn", "fi"),
    L("FRN", "fr", "French", "Français", "Latn", "fr"),
    L("FUL", "ff", "Fula", "Fulfulde", "Latn", "ff", True, ("FRN", "ENG")),
    L("GAA", "gaa", "Ga", "Gã", "Latn", "gaa", True, ("ENG",)),
    L("GEO", "ka", "Georgian", "ქართული", "Geor", "ka"),
    L("GER", "de", "German", "Deutsch", "Latn", "de"),
    L("GRE", "el", "Greek", "Ελληνικά", "Grek", "el"),
    L("GUJ", "gu", "Gujarati", "ગુજરાતી", "Gujr", "gu"),
    L("HAU", "ha", "Hausa", "Hausa", "Latn", "ha"),
    L("HDK", "hno", "Hindko", "ہندکو", "Arab", None, False, ("URD",)),
    L("HEB", "he", "Hebrew", "עברית", "Hebr", "he"),
    L("HGR", "hu", "Hungarian", "Magyar", "Latn", "hu"),
    L("HIN", "hi", "Hindi", "हिन्दी", "Deva", "hi"),
    L("IGB", "ig", "Igbo", "Asụsụ Igbo", "Latn", "ig"),
    L("ITA", "it", "Italian", "Italiano", "Latn", "it"),
    L("JPN", "ja", "Japanese", "日本語", "Jpan", "ja"),
    L("KAS", "ks", "Kashmiri", "کٲشُر", "Arab", "ks", False, ("URD",)),
    L("KAZ", "kk", "Kazakh", "Қазақ тілі", "Cyrl", "kk"),
    L("KIN", "rw", "Kinyarwanda", "Ikinyarwanda", "Latn", "rw"),
    L("KIR", "rn", "Kirundi", "Ikirundi", "Latn", "rn"),
    L("KOR", "ko", "Korean", "한국어", "Kore", "ko"),
    L("KRI", "kri", "Krio", "Krio", "Latn", None, False, ("ENG",)),
    L("KUR", "ku", "Kurdish", "Kurdî", "Latn", "ku"),
    L("KURA", "ku", "Kurdish (other)", "Kurdî", "Latn", "ku"),
    L("KURM", "kmr", "Kurmanji", "Kurmancî", "Latn", "ku"),
    L("KURS", "ckb", "Sorani", "کوردیی ناوەندی", "Arab", "ckb"),
    L("LGA", "lg", "Luganda", "Luganda", "Latn", "lg"),
    L("LIN", "ln", "Lingala", "Lingála", "Latn", "ln", True, ("FRN",)),
    L("LIT", "lt", "Lithuanian", "Lietuvių", "Latn", "lt"),
    L("LTV", "lv", "Latvian", "Latviešu", "Latn", "lv"),
    L("MAR", "mr", "Marathi", "मराठी", "Deva", "mr"),
    L("MDV", "dv", "Dhivehi", "ދިވެހި", "Thaa", "dv"),
    L("MKD", "mk", "Macedonian", "Македонски", "Cyrl", "mk"),
    L("MLM", "ml", "Malayalam", "മലയാളം", "Mlym", "ml"),
    L("MLT", "mt", "Maltese", "Malti", "Latn", "mt"),
    L("MLY", "ms", "Malay", "Bahasa Melayu", "Latn", "ms"),
    L("MLYI", "id", "Indonesian", "Bahasa Indonesia", "Latn", "id"),
    L("MNG", "mn", "Mongolian", "Монгол", "Cyrl", "mn"),
    L("NDB", "nd", "Ndebele", "isiNdebele", "Latn", "nd"),
    L("NEP", "ne", "Nepali", "नेपाली", "Deva", "ne"),
    L("NOR", "nb", "Norwegian", "Norsk", "Latn", "nb"),
    L("ORM", "om", "Oromo", "Afaan Oromoo", "Latn", "om"),
    L("PAT", "ps", "Pashto", "پښتو", "Arab", "ps"),
    L("PNJ", "pa", "Panjabi", "ਪੰਜਾਬੀ", "Guru", "pa_Guru"),
    L("PNJA", "pa", "Panjabi (other)", "ਪੰਜਾਬੀ", "Guru", "pa_Guru"),
    L("PNJG", "pa", "Panjabi (Gurmukhi)", "ਪੰਜਾਬੀ", "Guru", "pa_Guru"),
    L("PNJM", "pa", "Mirpuri", "میرپوری", "Arab", "pa_Arab", False, ("URD", "ENG")),
    L("PNJP", "pa", "Pothwari", "پوٹھواری", "Arab", "pa_Arab", False, ("URD", "ENG")),
    L("PNJS", "pa-Arab", "Panjabi (Shahmukhi)", "پنجابی", "Arab", "pa_Arab", dfe_listed=False),
    L("POL", "pl", "Polish", "Polski", "Latn", "pl"),
    L("POR", "pt", "Portuguese", "Português", "Latn", "pt_PT"),
    L("PORA", "pt", "Portuguese (other)", "Português", "Latn", "pt_PT"),
    L("PORB", "pt", "Portuguese (Brazil)", "Português", "Latn", "pt_BR"),
    L("PRS", "fa", "Persian", "فارسی", "Arab", "fa"),
    L("PRSA", "fa", "Farsi", "فارسی", "Arab", "fa"),
    L("PRSD", "prs", "Dari", "دری", "Arab", "fa_AF"),
    L("PRST", "tg", "Tajiki", "Тоҷикӣ", "Cyrl", "tg"),
    L("RME", "rmn", "Romany (English Romanes)", "Romanes", "Latn", None, False, ("ENG",)),
    L("RMI", "rom", "Romani", "Romani čhib", "Latn", None, False, ("RMN", "SLO", "CZE", "ENG")),
    L("RMN", "ro", "Romanian", "Română", "Latn", "ro"),
    L("RMNM", "ro", "Romanian (Moldova)", "Română", "Latn", "ro_MD"),
    L("RMNR", "ro", "Romanian (Romania)", "Română", "Latn", "ro"),
    L("RUS", "ru", "Russian", "Русский", "Cyrl", "ru"),
    L("SCB", "sh", "Serbian, Croatian or Bosnian", "Srpskohrvatski", "Latn", "sr_Latn"),
    L("SCBB", "bs", "Bosnian", "Bosanski", "Latn", "bs"),
    L("SCBC", "hr", "Croatian", "Hrvatski", "Latn", "hr"),
    L("SCBS", "sr", "Serbian", "Српски", "Cyrl", "sr"),
    L("SHO", "sn", "Shona", "chiShona", "Latn", "sn"),
    L("SLO", "sk", "Slovak", "Slovenčina", "Latn", "sk"),
    L("SLV", "sl", "Slovenian", "Slovenščina", "Latn", "sl"),
    L("SND", "sd", "Sindhi", "سنڌي", "Arab", "sd"),
    L("SNH", "si", "Sinhala", "සිංහල", "Sinh", "si"),
    L("SOM", "so", "Somali", "Soomaali", "Latn", "so"),
    L("SPA", "es", "Spanish", "Español", "Latn", "es"),
    L("SRK", "skr", "Saraiki", "سرائیکی", "Arab", "skr", False, ("URD",)),
    L("SWA", "sw", "Swahili", "Kiswahili", "Latn", "sw"),
    L("SWE", "sv", "Swedish", "Svenska", "Latn", "sv"),
    L("TGL", "tl", "Tagalog", "Tagalog", "Latn", "fil"),
    L("TGLF", "fil", "Filipino", "Filipino", "Latn", "fil"),
    L("TGLG", "tl", "Tagalog", "Tagalog", "Latn", "fil"),
    L("TAM", "ta", "Tamil", "தமிழ்", "Taml", "ta"),
    L("TEL", "te", "Telugu", "తెలుగు", "Telu", "te"),
    L("TGE", "tig", "Tigre", "ትግረ", "Ethi", "tig", True, ("TIG", "ARA")),
    L("THA", "th", "Thai", "ไทย", "Thai", "th"),
    L("TIB", "bo", "Tibetan", "བོད་སྐད", "Tibt", "bo"),
    L("TIG", "ti", "Tigrinya", "ትግርኛ", "Ethi", "ti"),
    L("TMZ", "ber", "Berber (Tamazight)", "Tamaziɣt", "Latn", "tzm", False, ("ARA", "FRN")),
    L("TMZK", "kab", "Kabyle", "Taqbaylit", "Latn", "kab", False, ("FRN", "ARA")),
    L("TRI", "sth", "Traveller Irish (Shelta)", "Gammon", "Latn", None, False, ("ENG",)),
    L("TUR", "tr", "Turkish", "Türkçe", "Latn", "tr"),
    L("UKR", "uk", "Ukrainian", "Українська", "Cyrl", "uk"),
    L("URD", "ur", "Urdu", "اردو", "Arab", "ur"),
    L("UZB", "uz", "Uzbek", "Oʻzbekcha", "Latn", "uz"),
    L("VIE", "vi", "Vietnamese", "Tiếng Việt", "Latn", "vi"),
    L("WOL", "wo", "Wolof", "Wolof", "Latn", "wo", True, ("FRN",)),
    L("XHO", "xh", "Xhosa", "isiXhosa", "Latn", "xh"),
    L("YOR", "yo", "Yoruba", "Èdè Yorùbá", "Latn", "yo"),
    L("ZUL", "zu", "Zulu", "isiZulu", "Latn", "zu"),
)
del L


# Two spellings circulate for a few codes; both are accepted and read as the first.
# The DfE (CBDS) list has Tigrinya as TGR and Tigre as TGE; Liaison's records, its templates and
# several MIS lists use TIG for Tigrinya, so TIG stays the stored code and TGR is read as TIG.
# Tagalog was TAG in Liaison before the list was checked; the list's code is TGL.
ALIASES = {"TGR": "TIG", "TAG": "TGL"}

# Language tags with a script or region that choose a written form (ISO 639 + BCP 47).
TAGS = {
    "pa-arab": "PNJS",
    "pa-pk": "PNJS",
    "pnb": "PNJS",
    "pa-guru": "PNJG",
    "pa-in": "PNJG",
    "zh-hant": "CHIT",
    "zh-tw": "CHIT",
    "zh-hk": "CHIT",
    "zh-hans": "CHI",
    "zh-cn": "CHI",
    "fa-af": "PRSD",
    "fa-ir": "PRS",
    "ku-arab": "KURS",
    "ku-latn": "KURM",
    "fil": "TGL",
}


@cache
def _by_dfe() -> dict[str, Language]:
    return {lang.dfe: lang for lang in CATALOGUE}


@cache
def _by_iso() -> dict[str, Language]:
    table: dict[str, Language] = {}
    for lang in CATALOGUE:
        table.setdefault(lang.iso.lower(), lang)
    return table


@cache
def _listed_only(code: str) -> Language | None:
    """A DfE-listed code the catalogue does not describe: what the list says, and what its main
    code says about script and reading when the catalogue has the main code."""
    from liaison.i18n.dfe_codes import dfe_languages

    described = dfe_languages().get(code)
    if described is None:
        return None
    main = _by_dfe().get(code[:3]) if len(code) == 4 else None
    if main is None:
        return Language(code, "", described, described, None, None)
    return Language(
        code,
        main.iso,
        described,
        main.endonym,
        main.script,
        main.locale,
        main.written,
        main.reads_instead,
    )


def get(code: str) -> Language | None:
    """A language by DfE code (3 or 4 letters, either spelling where two circulate), by ISO 639
    code, or by a language tag naming the written form ("pa-Arab", "zh-Hant")."""
    code = code.strip()
    upper = ALIASES.get(code.upper(), code.upper())
    found = _by_dfe().get(upper) or _by_iso().get(code.lower())
    if found is not None:
        return found
    tag = code.lower().replace("_", "-")
    if tag in TAGS:
        return _by_dfe()[TAGS[tag]]
    if "-" in tag:
        return _by_iso().get(tag.split("-")[0])
    return _listed_only(upper)


def require(code: str) -> Language:
    lang = get(code)
    if lang is None:
        raise KeyError(code)
    return lang


def is_reserved(code: str) -> bool:
    return code.strip().upper() in RESERVED


def is_valid_code(code: str) -> bool:
    return get(code) is not None or is_reserved(code)


def all_languages() -> tuple[Language, ...]:
    return CATALOGUE


def describe(code: str | None) -> str:
    """Short text for the UI: 'Sylheti (BNGS)', 'Refused', or the code itself if unknown."""
    if not code:
        return ""
    lang = get(code)
    if lang is not None:
        return f"{lang.english} ({lang.dfe})"
    reserved = RESERVED.get(code.strip().upper())
    if reserved is not None:
        return reserved.meaning
    return code


def written_language_for(code: str | None, *, reads_english: bool | None = None) -> Language:
    """The language a letter should be in for someone who speaks `code`.

    Speakers of rarely written languages get the first language they usually read instead;
    English when nothing else is known.
    """
    english = _by_dfe()["ENG"]
    lang = get(code) if code else None
    if lang is None:
        return english
    if lang.written:
        return lang
    for alt in lang.reads_instead:
        candidate = get(alt)
        if candidate is not None and candidate.written:
            return candidate
    return english
