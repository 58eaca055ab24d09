"""`orgaudit form`: the questionnaire as one HTML file that works offline in any browser.

The page holds the rubric as JSON and its own script and style inline; a Content-Security-Policy
forbids every request (nothing is fetched, nothing is sent). Each question type draws its widget
from `questions.handler(type).form_widget`; conditions are evaluated in the page's script with the
rules of `conditions.evaluate` (tests/data/conditions-cases.json holds the cases both pass). The
member saves an answers file written as JSON, which YAML reads unchanged, so `orgaudit score`
takes it like any other.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from typing import Any

from .answers import MAX_EVIDENCE, MAX_LINKS, MAX_ORGANIZATION
from .model import ROLES, AllOf, AnyOf, Condition, Criterion, Leaf, Not, Rubric
from .questionnaire import SECONDS_PER_QUESTION
from .questions import handler
from .yamlio import MAX_BYTES

#: The default rubric's page is about 100 kB; a rubric that makes one larger is still written.
SIZE_BUDGET = 300_000


def condition_data(condition: Condition | None) -> dict[str, Any] | None:
    """A parsed condition back in its YAML form (values already normalized as parsed)."""
    if condition is None:
        return None
    if isinstance(condition, AllOf):
        return {"all": [condition_data(i) for i in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_data(i) for i in condition.items]}
    if isinstance(condition, Not):
        return {"not": condition_data(condition.item)}
    assert isinstance(condition, Leaf)
    value: Any = list(condition.value) if isinstance(condition.value, tuple) else condition.value
    return {"question": condition.question, condition.op: value}


def when_words(rubric: Rubric, condition: Condition) -> str:
    """A condition in the member's words: the earlier question and the chosen options' labels,
    not their ids (`conditions.describe` speaks to rubric authors)."""
    if isinstance(condition, AllOf | AnyOf):
        joint = " and " if isinstance(condition, AllOf) else " or "
        return joint.join(f"({when_words(rubric, i)})" for i in condition.items)
    if isinstance(condition, Not):
        return f"not ({when_words(rubric, condition.item)})"
    crit = rubric.criterion(condition.question)
    if crit is None:
        return condition.question
    if condition.op == "at_least":
        return f"“{crit.question}” (answered at least {float(condition.value):g})"  # type: ignore[arg-type]
    values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
    labels = []
    for value in values:
        option = crit.option(str(value))
        labels.append(option.label if option else str(value))
    quoted = [f"“{label}”" for label in labels]
    either = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"“{crit.question}” (answered {either})"


def _question(rubric: Rubric, crit: Criterion) -> dict[str, Any]:
    quote = None
    if crit.source is not None and crit.source.quote:
        source = rubric.source(crit.source.ref)
        quote = {
            "text": crit.source.quote,
            "where": source.title if source else crit.source.ref,
            "page": crit.source.page or "",
        }
    return {
        "id": crit.id,
        "question": crit.question,
        "type": crit.type,
        "help": crit.help,
        "scored": crit.scored,
        "notApplicable": crit.not_applicable,
        "when": condition_data(crit.when),
        "whenText": when_words(rubric, crit.when) if crit.when is not None else "",
        "quote": quote,
        "widget": handler(crit.type).form_widget(crit),
    }


def form_data(rubric: Rubric, organization: str = "", role: str = "") -> dict[str, Any]:
    """Everything the page needs, as JSON-friendly data."""
    return {
        "rubric": {
            "id": rubric.id,
            "version": rubric.version,
            "title": rubric.title,
            "hash": rubric.hash,
            "criteria": rubric.criterion_hashes,
        },
        "organization": organization.strip(),
        "role": role,
        "roles": list(ROLES),
        "secondsPerQuestion": SECONDS_PER_QUESTION,
        "maxEvidence": MAX_EVIDENCE,
        "maxLinks": MAX_LINKS,
        "maxOrganization": MAX_ORGANIZATION,
        "maxBytes": MAX_BYTES,
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "description": d.description,
                "questions": [_question(rubric, c) for c in d.criteria],
            }
            for d in rubric.dimensions
        ],
    }


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no `<`, `>`, `&` or line separators in the text, so
    no rubric text can close the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _asset(name: str) -> str:
    return resources.files("orgaudit.render").joinpath("assets", name).read_text("utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_form(rubric: Rubric, organization: str = "", role: str = "") -> str:
    """The questionnaire page: one self-contained HTML document."""
    from jinja2 import Environment

    script = "\n" + _asset("form.js")
    style = "\n" + _asset("form.css")
    csp = (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
        "base-uri 'none'; form-action 'none'"
    )
    template = (
        resources.files("orgaudit.render").joinpath("templates", "form.html.j2").read_text("utf-8")
    )
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(template).render(
        title=rubric.title,
        language=rubric.language or "en",
        csp=csp,
        script=script,
        style=style,
        data=script_json(form_data(rubric, organization, role)),
    )
