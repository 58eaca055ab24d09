"""Questions answered on a scale of whole numbers (1 to 5, say)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..model import AnswerValue, Criterion, QuestionSpec
from .base import Problem, Prompt, QuestionType, SubmissionError, ValueProblem
from .choice import shown


@dataclass(frozen=True)
class ScaleSpec(QuestionSpec):
    """A scale's ends (whole numbers), their labels, and whether the low end scores best."""

    min: int = 1
    max: int = 5
    min_label: str | None = None
    max_label: str | None = None
    reverse: bool = False


_DEFAULT = ScaleSpec()


def scale_of(crit: Criterion) -> ScaleSpec:
    """A scale criterion's spec (1 to 5 without labels for one built without a spec)."""
    spec = crit.spec
    return spec if isinstance(spec, ScaleSpec) else _DEFAULT


class Scale(QuestionType):
    name = "scale"
    operand = "number"
    fields = ("scale",)
    whole_numbers = True
    spec_text_fields = (
        (("scale", "min_label"), "min_label"),
        (("scale", "max_label"), "max_label"),
    )

    def spec(self, raw: Mapping[str, Any]) -> ScaleSpec:
        scale = raw.get("scale", {})
        return ScaleSpec(
            min=scale.get("min", 1),
            max=scale.get("max", 5),
            min_label=scale.get("min_label"),
            max_label=scale.get("max_label"),
            reverse=bool(scale.get("reverse", False)),
        )

    def lint(self, crit: Mapping[str, Any], points: bool) -> Iterator[Problem]:
        if crit["scale"]["min"] >= crit["scale"]["max"]:
            yield ("scale", "max"), "the scale's max must be greater than its min"

    def bounds(self, crit: Mapping[str, Any]) -> tuple[float | None, float | None]:
        scale = crit.get("scale", {})
        return scale.get("min"), scale.get("max")

    def outline(self, crit: Criterion) -> str:
        spec = scale_of(crit)
        return _("scale {low}-{high}").format(low=spec.min, high=spec.max)

    def accepted(self, crit: Criterion) -> str:
        spec = scale_of(crit)
        return _("a whole number from {low} to {high}").format(low=spec.min, high=spec.max)

    def check(self, crit: Criterion, value: Any) -> AnswerValue:
        spec = scale_of(crit)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueProblem(_("{value} is not a number").format(value=shown(value)))
        if not float(value).is_integer() or not spec.min <= value <= spec.max:
            raise ValueProblem(
                _("{value} is outside the scale {low}-{high}").format(
                    value=value, low=spec.min, high=spec.max
                )
            )
        return int(value)

    def template_comment(self, crit: Criterion) -> list[tuple[str, int]]:
        spec = scale_of(crit)
        ends = f" ({spec.min_label} .. {spec.max_label})" if spec.min_label else ""
        return [(self.accepted(crit).capitalize() + ends, 0)]

    def prompt(self, crit: Criterion) -> Prompt:
        spec = scale_of(crit)
        low = f"  {spec.min} = {spec.min_label}" if spec.min_label else ""
        high = f"  {spec.max} = {spec.max_label}" if spec.max_label else ""
        return Prompt(
            lines=(
                "  " + self.accepted(crit).capitalize() + ".",
                *(x for x in (low, high) if x),
            ),
            typed=self.accepted(crit),
        )

    def parse_typed(self, crit: Criterion, text: str) -> AnswerValue | None:
        spec = scale_of(crit)
        raw = text.strip()
        if not re.fullmatch(r"[+-]?\d{1,9}", raw):
            return None
        number = int(raw)
        return number if spec.min <= number <= spec.max else None

    def answer_words(self, crit: Criterion, value: AnswerValue) -> str:
        spec = scale_of(crit)
        ends = ""
        if spec.min_label and spec.max_label:
            ends = f" ({spec.min} = {spec.min_label}; {spec.max} = {spec.max_label})"
        return (
            _("{value} on a scale of {low} to {high}").format(
                value=value, low=spec.min, high=spec.max
            )
            + ends
        )

    def bucket_words(self, crit: Criterion, key: str) -> tuple[str, float | None, int]:
        spec = scale_of(crit)
        return f"{key} on {spec.min}–{spec.max}", None, len(crit.options)

    def score(self, crit: Criterion, value: AnswerValue) -> tuple[float, float, tuple[str, ...]]:
        spec = scale_of(crit)
        number = float(value)  # type: ignore[arg-type]
        fraction = (number - spec.min) / (spec.max - spec.min)
        fraction = min(1.0, max(0.0, fraction))
        return (1.0 - fraction if spec.reverse else fraction), 0.0, ()

    def xlsform(self, crit: Criterion, choices: str) -> dict[str, Any]:
        return {"type": f"select_one {choices}"}

    def xlsform_choices(self, crit: Criterion) -> list[tuple[str, str]]:
        spec = scale_of(crit)
        rows = []
        for point in range(spec.min, spec.max + 1):
            label = str(point)
            if point == spec.min and spec.min_label:
                label += f" ({spec.min_label})"
            if point == spec.max and spec.max_label:
                label += f" ({spec.max_label})"
            rows.append((str(point), label))
        return rows

    def from_submission(self, crit: Criterion, cell: str) -> AnswerValue:
        spec = scale_of(crit)
        try:
            point = int(cell.strip())
        except ValueError:
            raise SubmissionError(f"{cell!r} is not a whole number") from None
        if not spec.min <= point <= spec.max:
            raise SubmissionError(f"{point} is outside {spec.min} to {spec.max}")
        return point

    def form_widget(self, crit: Criterion) -> dict[str, Any]:
        spec = scale_of(crit)
        return {
            "kind": "scale",
            "min": spec.min,
            "max": spec.max,
            "minLabel": spec.min_label or "",
            "maxLabel": spec.max_label or "",
        }

    def from_form(self, crit: Criterion, value: Any) -> AnswerValue:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise SubmissionError(f"{value!r} is not a whole number")
        return self.from_submission(crit, str(value))
