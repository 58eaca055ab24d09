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
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from . import i18n
from .answers import MAX_EVIDENCE, MAX_LINKS, MAX_ORGANIZATION
from .errors import OrgauditError
from .i18n import _, ngettext, pgettext
from .model import ROLES, AllOf, AnyOf, Condition, Criterion, Leaf, Not, Rubric
from .questionnaire import SECONDS_PER_QUESTION
from .questions import handler
from .yamlio import MAX_BYTES

#: The default rubric's page is about 100 kB; a rubric that makes one larger is still written.
SIZE_BUDGET = 300_000


@dataclass(frozen=True)
class Shown:
    """The rubric in one language: its code ("fa"), its own name ("فارسی"), its direction, and
    the rubric with that language's texts (scores, ids and values as in the original)."""

    code: str
    name: str
    direction: str
    rubric: Rubric

    @property
    def column(self) -> str:
        """The XLSForm's name for the language: "Español (es)"."""
        return f"{self.name} ({self.code})"


def _primary(code: str) -> str:
    return code.split("-", 1)[0].lower()


def rubric_languages(rubric: Rubric, notes: list[str] | None = None) -> list[Shown]:
    """`rubric` in its own language first, then in every language it has a translation file
    for (`translation.available_languages`). A translation that cannot be read is left out,
    with a note in `notes` (`orgaudit rubric validate` says what is wrong with it)."""
    from .translation import available_languages, load_translation, translate, translation_path

    own = rubric.language or i18n.SOURCE_LANGUAGE
    found = [
        Shown(own, i18n.NATIVE_NAMES.get(_primary(own), own), i18n.direction(_primary(own)), rubric)
    ]
    for code in available_languages(rubric.path) if rubric.path else []:
        if _primary(code) == _primary(own):
            continue
        try:
            read = load_translation(translation_path(rubric.path, code))
            shown = translate(rubric, read)
        except OrgauditError as exc:
            if notes is not None:
                notes.append(
                    f"{exc.location() or code}: the {code} translation is left out: {exc.message}"
                )
            continue
        language = read.language
        found.append(Shown(code, language.name, language.direction, shown))
    return found


def pick_language(versions: list[Shown], wanted: str | None) -> Shown:
    """The version in `wanted` (`es-MX` finds `es`), else the rubric's own (the first)."""
    if wanted:
        for tag in (wanted, _primary(wanted)):
            for version in versions:
                if version.code.lower() == tag.lower():
                    return version
    return versions[0]


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
    not their ids (`conditions.describe` speaks to rubric authors). In the language in force,
    for the rubric's texts as given (pass the translated rubric)."""
    if isinstance(condition, AllOf | AnyOf):
        joint = (
            pgettext("condition", "and")
            if isinstance(condition, AllOf)
            else pgettext("condition", "or")
        )
        return f" {joint} ".join(f"({when_words(rubric, i)})" for i in condition.items)
    if isinstance(condition, Not):
        return _("not ({condition})").format(condition=when_words(rubric, condition.item))
    crit = rubric.criterion(condition.question)
    if crit is None:
        return condition.question
    if condition.op == "at_least":
        return _("“{question}” (answered at least {number})").format(
            question=crit.question,
            number=i18n.general(float(condition.value)),  # type: ignore[arg-type]
        )
    values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
    labels = []
    for value in values:
        option = crit.option(str(value))
        labels.append(option.label if option else str(value))
    quoted = [_("“{answer}”").format(answer=label) for label in labels]
    either = (
        quoted[0]
        if len(quoted) == 1
        else _("{answers} or {last}").format(
            answers=pgettext("list", ", ").join(quoted[:-1]), last=quoted[-1]
        )
    )
    return _("“{question}” (answered {answers})").format(question=crit.question, answers=either)


#: The question texts a page shows, by widget field; the rest of the widget is the same in
#: every language.
_WIDGET_TEXTS = ("minLabel", "maxLabel", "unit")


def _structure(rubric: Rubric, crit: Criterion) -> dict[str, Any]:
    """What the page needs of a question whatever the language: ids, type, condition, widget."""
    widget = handler(crit.type).form_widget(crit)
    widget = {k: v for k, v in widget.items() if k not in _WIDGET_TEXTS}
    if "options" in widget:
        widget["options"] = [
            {k: v for k, v in o.items() if k != "label"} for o in widget["options"]
        ]
    quote = None
    if crit.source is not None and crit.source.quote:
        # the essay's words stay as written in every language; their translation goes beside
        quote = {"text": crit.source.quote, "page": crit.source.page or ""}
    return {
        "id": crit.id,
        "type": crit.type,
        "scored": crit.scored,
        "notApplicable": crit.not_applicable,
        "when": condition_data(crit.when),
        "quote": quote,
        "widget": widget,
    }


def _question_texts(rubric: Rubric, crit: Criterion) -> dict[str, Any]:
    """A question's texts in one language (the rubric given, the messages in force)."""
    widget = handler(crit.type).form_widget(crit)
    texts: dict[str, Any] = {"question": crit.question}
    if crit.help:
        texts["help"] = crit.help
    if crit.when is not None:
        texts["whenText"] = when_words(rubric, crit.when)
    if "options" in widget:
        texts["options"] = [o["label"] for o in widget["options"]]
    for key in _WIDGET_TEXTS:
        if widget.get(key):
            texts[key] = widget[key]
    if crit.source is not None and crit.source.quote:
        source = rubric.source(crit.source.ref)
        texts["where"] = source.title if source else crit.source.ref
        if crit.source.quote_translation:
            texts["quoteTranslation"] = crit.source.quote_translation
    return texts


def _forms(pick: Callable[[int], str]) -> dict[str, str]:
    """A message with a count, in the forms the page chooses from by `Intl.PluralRules`."""
    return {"one": pick(1), "other": pick(5)}


def ui_texts() -> dict[str, Any]:
    """The page's own words in the language in force, by the key the page's script uses;
    `{name}` is filled in by the script, and a message with a count gives its `one` and
    `other` forms."""
    return {
        "pageTitle": _("{title}: questionnaire"),
        "language": _("Language"),
        "noscript": _(
            "This questionnaire needs JavaScript, which runs only in this page: nothing is sent "
            "anywhere."
        ),
        "privacy": _(
            "Your answers stay on this device: this page makes no connection to any server. "
            "They are kept in this browser until you clear them, and saved to a file only when "
            "you press “Save answers”. On a shared computer, clear them once you have saved: in "
            "some browsers, other pages opened from files on this computer can read what it "
            "keeps for this one."
        ),
        "clear": _("Clear my answers from this browser"),
        "cleared": _(
            "Your answers were removed from this browser. Files you saved are not touched."
        ),
        "dont_know": _("Don't know"),
        "not_applicable": _("Not applicable"),
        "skipped": _("Skipped"),
        "role_member": _("A member of the organization"),
        "role_leader": _("A leader (on a committee, staff, an officer)"),
        "role_observer": _("Someone outside it (a researcher, a journalist, a former member)"),
        "storage": _(
            "This browser does not keep your answers (its storage is off or full): save them "
            "to a file before you close the page."
        ),
        "questions": _forms(lambda n: ngettext("{count} question", "{count} questions", n)),
        "aboutMinutes": _forms(
            lambda n: ngettext("about {count} minute", "about {count} minutes", n)
        ),
        "intro": _(
            "{questions}, {minutes}. You can stop at any time: your answers are kept in this "
            "browser, and you can save them to a file whenever you like."
        ),
        "soFar": _forms(
            lambda n: ngettext(
                "You have answered {given} of {count} question so far.",
                "You have answered {given} of {count} questions so far.",
                n,
            )
        ),
        "organization": _("Organization: {organization}"),
        "organizationName": _("The organization's name"),
        "answerAs": _("You answer as"),
        "roleHint": _(
            "Your role decides how a “don't know” counts: from a member or a leader it says the "
            "organization keeps people uninformed; from someone outside it is simply left out."
        ),
        "date": _("The date the answers describe"),
        "start": _("Start"),
        "continue": _("Continue"),
        "needOrganization": _("Please give the organization's name."),
        "needRole": _("Please choose how you answer: member, leader or someone outside."),
        "needDate": _("Please give the date (year, month, day)."),
        "opened": _forms(
            lambda n: ngettext(
                "Opened {file}: {count} answer. Check who answers and the date, then continue.",
                "Opened {file}: {count} answers. Check who answers and the date, then continue.",
                n,
            )
        ),
        "openTitle": _("Continue from a file"),
        "openLabel": _("Open a started answers file (one this page saved)"),
        "notOurs": _(
            "This page opens the answers files it saves. To continue a file written by "
            "`orgaudit audit` or by hand, use `orgaudit audit` on it."
        ),
        "otherRubric": _("This file does not answer this questionnaire ({id})."),
        "otherOrganization": _("This file answers for another organization: {organization}."),
        "progressLeft": _forms(
            lambda n: ngettext(
                "{position} of {total}, about {count} minute left",
                "{position} of {total}, about {count} minutes left",
                n,
            )
        ),
        "progressDone": _("{position} of {total}, every question answered"),
        "part": _("Part {number} of {total}: {title}"),
        "why": _("Why we ask"),
        "page": _("{where}, p. {page}"),
        "askedBecause": _("Asked because of your earlier answer to {condition}."),
        "back": _("Back"),
        "skip": _("Skip"),
        "next": _("Next"),
        "toReview": _("Review and save"),
        "answerNow": _("Your answer now: {status}."),
        "chooseOrSkip": _("Choose an answer, or press Skip (you can come back to it)."),
        "evidenceTitle": _("Evidence and links (optional)"),
        "evidence": _("Evidence: a document, a date, what you saw"),
        "links": _("Links: web addresses (starting with http), separated by spaces"),
        "chooseAll": _("Choose all that apply."),
        "onlyThis": _("{label} (only this)"),
        "scalePoint": _("{point} ({label})"),
        "number": _("A number"),
        "numberAtLeast": _("A number of at least {min}"),
        "numberAtMost": _("A number of at most {max}"),
        "numberRange": _("A number from {min} to {max}"),
        "whole": _("A whole number"),
        "wholeAtLeast": _("A whole number of at least {min}"),
        "wholeAtMost": _("A whole number of at most {max}"),
        "wholeRange": _("A whole number from {min} to {max}"),
        "inUnit": _("{number}, in {unit}"),
        "notANumber": _("That is not a number."),
        "yourAnswer": _("Your answer"),
        "yourAnswerIn": _("Your answer ({unit})"),
        "ownWords": _("Your answer (in your own words)"),
        "notALink": _(
            "Not a web address: {link}. Links start with http or https, then a colon and two "
            "slashes."
        ),
        "tooManyLinks": _forms(
            lambda n: ngettext("At most {count} link.", "At most {count} links.", n)
        ),
        "answeredOf": _forms(
            lambda n: ngettext(
                "{answered} of {count} question answered",
                "{answered} of {count} questions answered",
                n,
            )
        ),
        "beforeFinish": _("Before you finish"),
        "tally": _(
            "{answered} answered, {skipped} skipped, {dont_know} don't know, {open} not "
            "answered yet."
        ),
        "notYet": _("Not answered yet"),
        "firstOpen": _("Go to the first question not answered yet"),
        "byPart": _("By part"),
        "partDone": _("{part}: {done} of {total} answered"),
        "answering": _("Answering for {organization} as “{role}”, on {date}."),
        "change": pgettext("button", "Change"),  # the verb; reports head a column "Change"
        "saveTitle": _("Save your answers"),
        "fileHolds": _(
            "The file holds the organization's name, your role, the date, each answer with the "
            "evidence and links you gave, and the name and version of this questionnaire. "
            "Nothing else: not your name, not this device."
        ),
        "nothingSent": _(
            "Nothing has been sent anywhere. The file is made in this page and goes to your "
            "downloads; give it to the organizer yourself (by e-mail, on a memory stick)."
        ),
        "save": _("Save answers"),
        "backToQuestions": _("Back to the questions"),
        "tooBig": _(
            "The answers would make a file of {size} bytes, more than the {max} orgaudit "
            "reads: shorten some evidence, then save again."
        ),
        "saved": _("Saved as {file} in your downloads. Nothing was sent anywhere."),
    }


def _texts(version: Shown) -> dict[str, Any]:
    """Everything the page shows in one language: the rubric's texts and the page's words."""
    rubric = version.rubric
    with i18n.using(version.code):
        return {
            "title": rubric.title,
            "ui": ui_texts(),
            "dimensions": {d.id: d.title for d in rubric.dimensions},
            "questions": {
                c.id: _question_texts(rubric, c) for d in rubric.dimensions for c in d.criteria
            },
        }


def form_data(
    rubric: Rubric,
    organization: str = "",
    role: str = "",
    *,
    language: str | None = None,
    versions: list[Shown] | None = None,
) -> dict[str, Any]:
    """Everything the page needs, as JSON-friendly data: the questions' structure once, and
    their texts and the page's words in every language the rubric has (`texts`, by language
    code), opening in `language` where the rubric has it, else in the rubric's own."""
    versions = versions or rubric_languages(rubric)
    shown = pick_language(versions, language)
    return {
        "rubric": {
            "id": rubric.id,
            "version": rubric.version,
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
        "language": shown.code,
        "languages": [{"code": v.code, "name": v.name, "dir": v.direction} for v in versions],
        "dimensions": [
            {"id": d.id, "questions": [_structure(rubric, c) for c in d.criteria]}
            for d in rubric.dimensions
        ],
        "texts": {v.code: _texts(v) for v in versions},
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


def render_form(
    rubric: Rubric,
    organization: str = "",
    role: str = "",
    *,
    language: str | None = None,
    versions: list[Shown] | None = None,
    notes: list[str] | None = None,
) -> str:
    """The questionnaire page: one self-contained HTML document in every language the rubric
    has (`versions`, default `rubric_languages(rubric, notes)`: a translation that cannot be
    read is left out, with a note in `notes`), opening in `language` where the rubric has it,
    else in the rubric's own; the member switches language on the page."""
    from jinja2 import Environment

    versions = versions or rubric_languages(rubric, notes)
    shown = pick_language(versions, language)
    data = form_data(rubric, organization, role, language=shown.code, versions=versions)
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
    texts = data["texts"][shown.code]
    return env.from_string(template).render(
        title=texts["title"],
        ui=texts["ui"],
        language=shown.code,
        direction=shown.direction,
        languages=versions if len(versions) > 1 else [],
        csp=csp,
        script=script,
        style=style,
        data=script_json(data),
    )
