"""Program messages in the reader's language: gettext catalogs, locale numbers and dates, direction.

One language is in force at a time, chosen per command (`--lang`, then the environment, then
English) with `set_language`, and every message is translated when it is shown, never at import:
call `_()` / `ngettext()` inside functions, and mark module-level texts with `N_()` (which only
marks them for extraction) and translate them where they are used.

Catalogs are Babel-managed (`make messages`: extract, update, compile; see babel.cfg) and shipped
compiled as package data in `locale/<lang>/LC_MESSAGES/orgaudit.mo`; they are read with the
standard library's gettext, lazily, the first time a language needs one. Babel itself is imported
only to format numbers, percentages and dates for a language other than English, so that
`orgaudit --help` and English output pay nothing for it. English output is the messages as
written, numbers as Python formats them and dates as ISO 8601: the same bytes as before the
catalogs existed.

Numbers are formatted by Python first (`f"{value:.1f}"`) and only then written in the locale's
symbols and digits, so a score rounds the same way in every language. Data interfaces (JSON,
CSV, ids, option values) are not translated: `neutral()` renders them in English whatever the
language.

For the rubric's own texts (titles, questions, options) see `current_language()`: whoever loads
a rubric applies its translation for that language (`translation.translate`).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gettext as _gettext

#: The gettext domain, and the languages with a catalog (English is the messages themselves).
DOMAIN = "orgaudit"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "es", "fa")
#: Each language's name in itself, for `--lang`'s help and error.
NATIVE_NAMES = {"en": "English", "es": "Español", "fa": "فارسی"}
RTL_LANGUAGES = frozenset({"fa", "ar", "he", "ur", "ps"})
#: The environment variables a language is taken from, in gettext's order of precedence.
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

#: Native digits of the languages that write numbers in another script (CLDR "arabext").
_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹"}

_language: str = SOURCE_LANGUAGE
#: How the language in force was chosen: "option", "environment", "rubric" or "default".
_chosen_by: str = "default"


def N_(message: str) -> str:
    """Mark a module-level text for extraction; translate it with `_()` where it is shown."""
    return message


def normalize(code: str | None) -> str | None:
    """ "es_ES.UTF-8" -> "es"; "fa-IR" -> "fa"; None for C, POSIX, empty or unsupported."""
    if not code:
        return None
    base = code.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    return base if base in LANGUAGES else None


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for, as gettext reads it: the first of LANGUAGE,
    LC_ALL, LC_MESSAGES and LANG that is set decides (LANGUAGE may list several, `fr:es`);
    None when it names no language orgaudit has (C, POSIX, fr_FR)."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            code = normalize(part)
            if code is not None:
                return code
        if name != "LANGUAGE":  # an unusable LANGUAGE defers to the locale, as gettext does
            return None
    return None


def set_language(code: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    """Choose the language for what follows: `code` (from --lang) if given, else the
    environment's, else English. Returns the language now in force."""
    global _language, _chosen_by
    if code:
        chosen = normalize(code)
        if chosen is None:
            raise ValueError(f"no messages in {code!r}")
        _language, _chosen_by = chosen, "option"
    else:
        found = from_environment(environ)
        _language, _chosen_by = (found, "environment") if found else (SOURCE_LANGUAGE, "default")
    return _language


def current_language() -> str:
    """The language in force ("en", "es" or "fa"). The hook for rubric translations: whoever
    loads a rubric for display applies `translation.translate(rubric, current_language())`."""
    return _language


def use_rubric_language(code: str | None) -> str:
    """Fall back to a rubric's own language when neither --lang nor the environment chose one
    (the issue's last resort before English). Returns the language now in force."""
    global _language, _chosen_by
    found = normalize(code)
    if _chosen_by == "default" and found is not None:
        _language, _chosen_by = found, "rubric"
    return _language


@contextlib.contextmanager
def using(code: str) -> Iterator[str]:
    """Run a block in another language, then restore the one in force (tests, data formats)."""
    global _language, _chosen_by
    saved = _language, _chosen_by
    _language = normalize(code) or SOURCE_LANGUAGE
    _chosen_by = "option"
    try:
        yield _language
    finally:
        _language, _chosen_by = saved


def neutral() -> contextlib.AbstractContextManager[str]:
    """English and plain numbers: for data (JSON, CSV) that must not change with the language."""
    return using(SOURCE_LANGUAGE)


def direction(code: str | None = None) -> str:
    """ "rtl" or "ltr": the writing direction of a language (default: the one in force)."""
    return "rtl" if (code or _language) in RTL_LANGUAGES else "ltr"


# --- catalogs --------------------------------------------------------------------------------


@functools.cache
def translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalog of `code`, read once; English (or a missing file) translates nothing."""
    import gettext

    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from importlib.resources import files

    resource = files("orgaudit").joinpath("locale", code, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with resource.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def gettext(message: str) -> str:
    """`message` in the language in force (itself where the catalog has no translation)."""
    if _language == SOURCE_LANGUAGE:
        return message
    return translations(_language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, by the language's plural rule."""
    if _language == SOURCE_LANGUAGE:
        return singular if count == 1 else plural
    return translations(_language).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` where the same English word needs different translations by context."""
    if _language == SOURCE_LANGUAGE:
        return message
    return translations(_language).pgettext(context, message)


_ = gettext


# --- numbers and dates -----------------------------------------------------------------------


@functools.cache
def _symbols(code: str) -> dict[str, str]:
    """The decimal sign, minus sign and percent pattern of `code`'s default numbering system."""
    from babel import Locale
    from babel.numbers import format_percent, get_decimal_symbol, get_minus_sign_symbol

    system = Locale.parse(code).default_numbering_system
    percent = format_percent(0.5, locale=code, numbering_system="default")
    sign = Locale.parse(code).number_symbols.get(system, {}).get("percentSign", "%")
    percent = percent.replace("%", sign).replace("50", "{}", 1)
    return {
        "decimal": get_decimal_symbol(code, numbering_system="default"),
        "minus": get_minus_sign_symbol(code, numbering_system="default"),
        "percent": percent,
    }


def digits(text: str, code: str | None = None) -> str:
    """Python's figures in `text` written in the language's digits and signs: "-72.5" -> "‎−۷۲٫۵"
    in Persian, "-72,5" in Spanish. Only for text made of numbers and signs (ranges, "35/40"),
    never for names or ids, which keep their own digits."""
    code = code or _language
    if code == SOURCE_LANGUAGE or not text:
        return text
    symbols = _symbols(code)
    out = []
    for i, char in enumerate(text):
        if char == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit():
            out.append(symbols["decimal"])
        elif char == "-" and i + 1 < len(text) and text[i + 1].isdigit():
            out.append(symbols["minus"])
        elif "0" <= char <= "9" and code in _DIGITS:
            out.append(_DIGITS[code][ord(char) - 48])
        else:
            out.append(char)
    return "".join(out)


def number(value: float | None, places: int = 1, *, sign: bool = False, none: str = "—") -> str:
    """A number with `places` decimals in the language's digits ("72.5", "72,5", "۷۲٫۵")."""
    if value is None:
        return none
    return digits(f"{value:+.{places}f}" if sign else f"{value:.{places}f}")


def general(value: float) -> str:
    """A number as Python's `:g` writes it (35, 2.5), in the language's digits."""
    return digits(f"{value:g}")


def integer(value: int) -> str:
    """A count in the language's digits."""
    return digits(str(value))


def percent(fraction: float, places: int = 0) -> str:
    """A share as a percentage: "50%", "50 %" (Spanish), "۵۰٪" (Persian)."""
    figure = f"{100 * fraction:.{places}f}"
    if _language == SOURCE_LANGUAGE:
        return f"{figure}%"
    return _symbols(_language)["percent"].format(digits(figure))


def date(iso: str | None, *, none: str | None = None) -> str:
    """An audit's date ("2024-05-01") for the reader: ISO in English, "1 may 2024" in Spanish,
    "۱ مهٔ ۲۰۲۴" in Persian; text that is not a date is returned as it is (shown, not read)."""
    if not iso:
        return none if none is not None else gettext("undated")
    if _language == SOURCE_LANGUAGE:
        return iso
    import datetime

    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    from babel.dates import format_date

    return digits(format_date(day, "medium", locale=_language))


def language_choices() -> list[str]:
    return list(LANGUAGES)


def describe_languages() -> str:
    """ "en (English), es (Español), fa (فارسی)" for help texts and errors."""
    return ", ".join(f"{code} ({NATIVE_NAMES[code]})" for code in LANGUAGES)


def jinja_callables() -> dict[str, Any]:
    """The gettext functions a Jinja2 environment installs (they read the language when called)."""
    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}
