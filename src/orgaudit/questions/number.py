"""Questions answered with a number, scored by thresholds (months, hours, a share)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..i18n import _, current_language
from ..model import AnswerValue, Criterion, QuestionSpec
from .base import Problem, Prompt, QuestionType, SubmissionError, TextKey, ValueProblem
from .choice import shown


def typed_number(text: str) -> str:
    """A number as a member types it in their language, in Python's notation.

    English groups with "," ("1,200.5"); Spanish writes decimals with "," and groups with "."
    ("1.200,5"), though "12.5" (not three digits after the point) is read as a decimal;
    Persian uses "٫" and "٬" and its own digits, which Python reads as digits already.
    """
    raw = text.strip().lower().replace("_", "").replace("\u2212", "-")
    lang = current_language()
    if lang == "es":
        if "," in raw or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "").replace(",", ".")
    elif lang == "fa":
        raw = raw.replace("\u066c", "").replace(",", "").replace("\u066b", ".")
    else:
        raw = raw.replace(",", "")
    return raw


@dataclass(frozen=True)
class NumberSpec(QuestionSpec):
    """A number question's limits (None: none), whether it takes whole numbers only, and its
    unit ("months")."""

    min: float | None = None
    max: float | None = None
    integer: bool = False
    unit: str | None = None


_DEFAULT = NumberSpec()


def number_of(crit: Criterion) -> NumberSpec:
    """A number criterion's spec (no limits and no unit for one built without a spec)."""
    spec = crit.spec
    return spec if isinstance(spec, NumberSpec) else _DEFAULT


class Limits(NamedTuple):
    low: float | None
    high: float | None
    integer: bool
    unit: str


class Number(QuestionType):
    name = "number"
    operand = "number"
    fields: tuple[str, ...] = ("number", "thresholds")
    known_first = True
    spec_text_fields: tuple[tuple[TextKey, str], ...] = ((("unit",), "unit"),)

    def spec(self, raw: Mapping[str, Any]) -> QuestionSpec:
        number = raw.get("number", {})
        return NumberSpec(
            min=number.get("min"),
            max=number.get("max"),
            integer=bool(number.get("integer", False)),
            unit=number.get("unit"),
        )

    def limits(self, crit: Criterion) -> Limits:
        """What a member may answer; a subclass with fixed limits (a percentage) overrides it."""
        spec = number_of(crit)
        return Limits(spec.min, spec.max, spec.integer, spec.unit or "")

    def with_unit(self, number: str, unit: str) -> str:
        return f"{number} {unit}" if unit else number

    def words(self, crit: Criterion) -> str:
        """What may be answered, in words: "a whole number from 0 to 12 (months)"."""
        low, high, integer, unit = self.limits(crit)
        unit = f" ({unit})" if unit else ""
        if integer:
            if low is not None and high is not None:
                text = _("a whole number from {low} to {high}")
            elif low is not None:
                text = _("a whole number of at least {low}")
            elif high is not None:
                text = _("a whole number of at most {high}")
            else:
                text = _("a whole number")
        elif low is not None and high is not None:
            text = _("a number from {low} to {high}")
        elif low is not None:
            text = _("a number of at least {low}")
        elif high is not None:
            text = _("a number of at most {high}")
        else:
            text = _("a number")
        return text.format(low=f"{low or 0:g}", high=f"{high or 0:g}") + unit

    # --- the rubric -------------------------------------------------------------------------

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        number = crit.get("number", {})
        if "min" in number and "max" in number and number["min"] >= number["max"]:
            yield ("number", "max"), "the number's max must be greater than its min"

    def bounds(self, crit: Mapping[str, Any]) -> tuple[float | None, float | None]:
        number = crit.get("number", {})
        return number.get("min"), number.get("max")

    def points_range(self, crit: Criterion) -> tuple[float, float]:
        values = [t.points or 0.0 for t in crit.thresholds]
        return (min(values), max(values)) if values else (0.0, 0.0)

    def threshold(self, crit: Criterion, number: float) -> int | None:
        """The index of the threshold holding `number`."""
        for i, t in enumerate(crit.thresholds):
            if t.up_to is None or number <= t.up_to:
                return i
        return None

    def outline(self, crit: Criterion) -> str:
        unit = self.limits(crit).unit
        return _("number") + (f", {unit}" if unit else "")

    # --- scoring and pooling ----------------------------------------------------------------

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        number = float(value)  # type: ignore[arg-type]
        hit = self.threshold(crit, number)
        if hit is None:
            raise ValueError(f"{number} is above every threshold of {crit.id}")
        threshold = crit.thresholds[hit]
        flags = (threshold.red_flag,) if threshold.red_flag else ()
        return threshold.score, threshold.points or 0.0, flags

    def buckets(self, crit: Criterion, value: AnswerValue) -> list[str]:
        if isinstance(value, int | float):
            hit = self.threshold(crit, float(value))
            if hit is not None:
                t = crit.thresholds[hit]
                if t.label:
                    return [t.label]
                return [f"up to {t.up_to:g}" if t.up_to is not None else "more"]
        return [str(value)]

    # --- answers files ----------------------------------------------------------------------

    def accepted(self, crit: Criterion) -> str:
        return self.words(crit)

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueProblem(_("{value} is not a number").format(value=shown(value)))
        if not math.isfinite(value):
            raise ValueProblem(_("the number must be finite"), show_accepted=False)
        if not self.within(crit, value):
            raise ValueProblem(_("{value} is out of range").format(value=value))
        return value

    def within(self, crit: Criterion, value: float) -> bool:
        low, high, integer, _ = self.limits(crit)
        return not (
            (low is not None and value < low)
            or (high is not None and value > high)
            or (integer and not float(value).is_integer())
        )

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        return [(self.words(crit).capitalize(), 0)]

    # --- the terminal questionnaire ---------------------------------------------------------

    def prompt(self, crit: Criterion) -> Prompt:
        return Prompt(lines=("  " + self.words(crit).capitalize() + ".",), typed=self.words(crit))

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        cleaned = typed_number(text)
        if not re.fullmatch(r"[+-]?(\d{1,15}(\.\d{0,9})?|\.\d{1,9})", cleaned):
            return None
        value: int | float
        value = int(cleaned) if re.fullmatch(r"[+-]?\d+", cleaned) else float(cleaned)
        return value if self.within(crit, value) else None

    def show_typed(self, crit: Criterion, value: AnswerValue) -> str:
        return self.with_unit(str(value), self.limits(crit).unit)

    # --- reports ----------------------------------------------------------------------------

    def answer_words(self, crit: Criterion, value: AnswerValue) -> str:
        number = float(value) if isinstance(value, int | float | str) else 0.0
        return self.with_unit(f"{number:g}", self.limits(crit).unit)

    def bucket_words(self, crit: Criterion, key: str) -> tuple[str, float | None, int]:
        """`buckets` names unlabelled thresholds "up to N" and "more"."""
        unit = self.limits(crit).unit
        limits = [t.up_to for t in crit.thresholds if t.up_to is not None]
        order = next((i for i, t in enumerate(crit.thresholds) if t.label == key), len(limits))
        if key == "more" and limits:
            more = self.with_unit(f"{max(limits):g}", unit)
            return _("more than {number}").format(number=more), None, len(limits)
        if key.startswith("up to "):
            number = key.removeprefix("up to ")
            order = next((i for i, v in enumerate(limits) if f"{v:g}" == number), order)
            return _("up to {number}").format(number=self.with_unit(number, unit)), None, order
        return key, None, order

    # --- survey platforms and the browser form ----------------------------------------------

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        low, high, integer, _ = self.limits(crit)
        row: dict[str, Any] = {"type": "integer" if integer else "decimal"}
        bounds = []
        if low is not None:
            bounds.append(f". >= {low:g}")
        if high is not None:
            bounds.append(f". <= {high:g}")
        if bounds:
            row["constraint"] = " and ".join(bounds)
            row["constraint_message"] = self.words(crit).capitalize()
        return row

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        low, high, integer, _ = self.limits(crit)
        try:
            number = float(cell.strip())
        except ValueError:
            raise SubmissionError(f"{cell!r} is not a number") from None
        if not math.isfinite(number):
            raise SubmissionError(f"{cell!r} is not a number")
        if low is not None and number < low:
            raise SubmissionError(f"{number:g} is below {low:g}")
        if high is not None and number > high:
            raise SubmissionError(f"{number:g} is above {high:g}")
        if integer or number.is_integer():
            if not number.is_integer():
                raise SubmissionError(f"{number:g} is not a whole number")
            return int(number)
        return number

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        low, high, integer, unit = self.limits(crit)
        return {"kind": "number", "min": low, "max": high, "integer": integer, "unit": unit}

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        """The page sends the number as typed (a string) or as a number; whole numbers are
        saved as integers, as `from_submission` does."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise SubmissionError(f"{value!r} is not a number")
        return self.from_submission(crit, str(value))
