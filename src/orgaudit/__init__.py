"""orgaudit: audit how democratic an organization is inside.

The library is the product; the `orgaudit` command is one client of it::

    import orgaudit
    rubric = orgaudit.load_rubric()                     # the bundled default rubric
    answers, warnings = orgaudit.load_answers("iso.yaml", rubric)
    card = orgaudit.score(rubric, answers)              # a Scorecard
    card.overall.score, card.overall.band.label
    card.to_dict()                                      # the documented JSON form

Names are imported lazily so that `orgaudit --help` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_rubric": "rubric",
    "check_rubric": "rubric",
    "default_rubric_path": "rubric",
    "load_answers": "answers",
    "parse_answers": "answers",
    "save_answers": "answers",
    "template_text": "answers",
    "score": "scoring",
    "what_if": "scoring",
    "Scorecard": "scoring",
    "DimensionResult": "scoring",
    "CriterionResult": "scoring",
    "Overall": "scoring",
    "Gain": "scoring",
    "Rubric": "model",
    "Criterion": "model",
    "Dimension": "model",
    "Answers": "model",
    "Answer": "model",
    "Respondent": "model",
    "OrgauditError": "errors",
    "YamlError": "errors",
    "RubricError": "errors",
    "AnswersError": "errors",
    "RubricChangedError": "errors",
    "RenderError": "errors",
    "Finding": "errors",
}

__all__ = [
    "Answer",
    "Answers",
    "AnswersError",
    "Criterion",
    "CriterionResult",
    "Dimension",
    "DimensionResult",
    "Finding",
    "Gain",
    "OrgauditError",
    "Overall",
    "RenderError",
    "Respondent",
    "Rubric",
    "RubricChangedError",
    "RubricError",
    "Scorecard",
    "YamlError",
    "check_rubric",
    "default_rubric_path",
    "load_answers",
    "load_rubric",
    "parse_answers",
    "save_answers",
    "score",
    "template_text",
    "what_if",
]

if TYPE_CHECKING:
    from .answers import load_answers, parse_answers, save_answers, template_text
    from .errors import (
        AnswersError,
        Finding,
        OrgauditError,
        RenderError,
        RubricChangedError,
        RubricError,
        YamlError,
    )
    from .model import Answer, Answers, Criterion, Dimension, Respondent, Rubric
    from .rubric import check_rubric, default_rubric_path, load_rubric
    from .scoring import CriterionResult, DimensionResult, Gain, Overall, Scorecard, score, what_if


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'orgaudit' has no attribute {name!r}")
