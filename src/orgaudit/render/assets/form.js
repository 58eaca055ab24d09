"use strict";
/* The questionnaire page of `orgaudit form`. Everything stays in this page: the rubric comes from
   the JSON element above, answers are kept in localStorage and saved as a file the member
   downloads. Text reaches the page only through textContent and attributes, never as markup.
   The page carries every language of the rubric (DATA.texts, by language code: the rubric's
   texts and the page's own words); the member switches language at any time, and the answers
   (option values, never labels) stay as they are. */
(function () {
  const DATA = JSON.parse(document.getElementById("form-data").textContent);
  const QUESTIONS = [];
  const DIMENSION = Object.create(null);
  DATA.dimensions.forEach(function (d, i) {
    d.questions.forEach(function (q) {
      QUESTIONS.push(q);
      DIMENSION[q.id] = { dimension: d, index: i };
    });
  });
  const BY_ID = Object.create(null);
  QUESTIONS.forEach(function (q) { BY_ID[q.id] = q; });
  const KEY = "orgaudit-form:" + DATA.rubric.id + ":" + DATA.organization;
  const LINK = /^https?:\/\/[^\s<>"']+$/;
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const STATUSES = ["dont_know", "not_applicable", "skipped"];
  const LANGUAGE = Object.create(null);
  DATA.languages.forEach(function (l) { LANGUAGE[l.code] = l; });

  // --- languages: the rubric's texts and the page's words --------------------------------

  let lang = DATA.language;
  let UI = DATA.texts[lang].ui;
  let plurals = null;

  /* The page's words for `key`, with {name} filled from `values` (text, never markup). */
  function t(key, values) {
    let text = UI[key];
    if (text && typeof text === "object") {
      const n = values && typeof values.n === "number" ? values.n : 0;
      let form = "other";
      try {
        if (!plurals) plurals = new Intl.PluralRules(lang);
        form = plurals.select(n) === "one" ? "one" : "other";
      } catch (e) {
        form = n === 1 ? "one" : "other";
      }
      text = text[form];
    }
    return String(text === undefined ? key : text).replace(/\{(\w+)\}/g, function (m, name) {
      return values && has(values, name) ? String(values[name]) : m;
    });
  }

  /* The same with element values ({organization} in bold): a list of strings and nodes. */
  function tNodes(key, values) {
    const text = t(key, {});
    const out = [];
    let last = 0;
    text.replace(/\{(\w+)\}/g, function (m, name, at) {
      out.push(text.slice(last, at));
      out.push(has(values, name) ? values[name] : m);
      last = at + m.length;
      return m;
    });
    out.push(text.slice(last));
    return out.filter(function (part) { return part !== ""; });
  }

  /* A count or a figure in the language's digits (Persian: ۱۲). */
  function num(n) {
    if (lang === "en" || typeof n !== "number") return String(n);
    try {
      return n.toLocaleString(lang, { useGrouping: false, maximumFractionDigits: 20 });
    } catch (e) {
      return String(n);
    }
  }

  /* Persian and Arabic-Indic digits (and the Persian decimal sign) as typed, as ASCII. */
  function asciiDigits(text) {
    return text.replace(/[\u06f0-\u06f9\u0660-\u0669\u066b]/g, function (c) {
      if (c === "\u066b") return ".";
      const code = c.charCodeAt(0);
      return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
    });
  }

  /* An audit's date for the reader: ISO in English, the language's own way otherwise. */
  function shownDate(iso) {
    if (lang === "en" || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC",
        calendar: "gregory" }).format(new Date(iso + "T00:00:00Z"));
    } catch (e) {
      return iso;
    }
  }

  function statusWords(status) {
    return t(status);
  }

  function roleWords(role) {
    return has(UI, "role_" + role) ? t("role_" + role) : role;
  }

  /* The rubric's texts of language `code` onto the questions, and the page's words. */
  function useLanguage(code) {
    if (!has(DATA.texts, code)) code = DATA.language;
    lang = code;
    plurals = null;
    const texts = DATA.texts[code];
    const fallback = DATA.texts[DATA.language];
    UI = texts.ui;
    DATA.rubric.title = texts.title;
    DATA.dimensions.forEach(function (d) {
      d.title = texts.dimensions[d.id] || fallback.dimensions[d.id] || d.id;
    });
    QUESTIONS.forEach(function (q) {
      const own = texts.questions[q.id] || fallback.questions[q.id] || {};
      q.question = own.question || "";
      q.help = own.help || "";
      q.whenText = own.whenText || "";
      q.where = own.where || "";
      q.quoteTranslation = own.quoteTranslation || "";
      const w = q.widget;
      (w.options || []).forEach(function (o, i) { o.label = (own.options || [])[i] || o.value; });
      w.minLabel = own.minLabel || "";
      w.maxLabel = own.maxLabel || "";
      w.unit = own.unit || "";
    });
    const root = document.documentElement;
    root.lang = code;
    root.dir = LANGUAGE[code] ? LANGUAGE[code].dir : "ltr";
    document.title = t("pageTitle", { title: texts.title });
    document.getElementById("rubric-title").textContent = texts.title;
    document.querySelectorAll("[data-ui]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-ui"));
    });
    const picker = document.getElementById("language");
    if (picker) picker.value = code;
  }

  // --- conditions: the rules of orgaudit/conditions.py ---------------------------------

  /* Python's str() of a value as a rubric or an answers file holds it. Whole numbers are
     integers in a saved answers file, so they print without ".0". */
  function pyStr(v) {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "number") {
      if (Number.isNaN(v)) return "nan";
      if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
      if (Number.isInteger(v)) return BigInt(v).toString();
      const a = Math.abs(v);
      if (a >= 1e16 || a < 1e-4) {
        const parts = v.toExponential().split("e");
        let digits = parts[1].replace(/^[+-]/, "");
        if (digits.length < 2) digits = "0" + digits;
        return parts[0] + "e" + (parts[1][0] === "-" ? "-" : "+") + digits;
      }
      return String(v);
    }
    return String(v);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* True when the condition holds; `known` holds only answers that were shown and given. */
  function evaluate(c, known) {
    if (c === null || c === undefined) return true;
    if (has(c, "all")) return c.all.every(function (i) { return evaluate(i, known); });
    if (has(c, "any")) return c.any.some(function (i) { return evaluate(i, known); });
    if (has(c, "not")) return !evaluate(c.not, known);
    const op = ["equals", "in", "at_least"].find(function (o) { return has(c, o); });
    const question = String(c.question);
    if (!has(known, question)) return false;
    const answer = known[question];
    if (op === "at_least") {
      return typeof answer === "number" && answer >= Number(c.at_least);
    }
    const wanted = op === "in" ? c.in.map(pyStr) : [pyStr(c.equals)];
    const chosen = Array.isArray(answer) ? answer : [answer];
    return chosen.some(function (x) { return wanted.indexOf(pyStr(x)) >= 0; });
  }

  /* The questions that apply, in rubric order (scoring.criterion_results' rule). */
  function shownQuestions() {
    const known = Object.create(null);
    const shown = [];
    QUESTIONS.forEach(function (q) {
      if (!evaluate(q.when, known)) return;
      shown.push(q);
      const a = state.answers[q.id];
      if (q.scored && a && a.status === "answered" && a.value !== null) known[q.id] = a.value;
    });
    return shown;
  }

  // --- state, kept in this browser -------------------------------------------------------

  function today() {
    const d = new Date();
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function fresh() {
    return {
      v: 1, organization: DATA.organization, role: DATA.role || "", date: today(),
      answers: {}, screen: "start", current: null, lang: lang,
    };
  }

  function load() {
    try {
      const text = window.localStorage.getItem(KEY);
      if (!text) return null;
      const s = JSON.parse(text);
      return s && s.v === 1 && typeof s.answers === "object" ? s : null;
    } catch (e) {
      return null;
    }
  }

  let storageProblem = "";
  function keep() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      storageProblem = "";
    } catch (e) {
      storageProblem = "storage";
    }
  }

  let state = load() || fresh();

  // --- the page --------------------------------------------------------------------------

  const main = document.getElementById("main");
  const progress = document.getElementById("progress");

  /* An element with attributes and children; strings become text nodes. */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      const v = attrs[k];
      if (v === false || v === null || v === undefined) return;
      if (k === "text") node.textContent = v;
      else if (k === "onclick") node.addEventListener("click", v);
      else if (k === "checked" || k === "value") node[k] = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    });
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function show(nodes, focus) {
    main.replaceChildren.apply(main, nodes);
    const target = focus || main.querySelector("h1, h2");
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
    window.scrollTo(0, 0);
  }

  function minutes(count) {
    return Math.max(1, Math.round(count * DATA.secondsPerQuestion / 60));
  }

  function setProgress(text) {
    progress.textContent = text;
  }

  function counts(shown) {
    const c = { answered: 0, skipped: 0, dont_know: 0, not_applicable: 0, open: 0 };
    shown.forEach(function (q) {
      const a = state.answers[q.id];
      if (!a) c.open += 1;
      else c[a.status] += 1;
    });
    return c;
  }

  // --- start: who answers, and when ------------------------------------------------------

  function startScreen(message) {
    const shown = shownQuestions();
    const c = counts(shown);
    const given = shown.length - c.open;
    setProgress("");
    const alert = el("p", { id: "alert", role: "alert", class: "alert", text: message || "" });
    const total = shown.length;
    const nodes = [
      el("h1", { text: DATA.rubric.title }),
      el("p", {
        text: t("intro", {
          questions: t("questions", { n: total, count: num(total) }),
          minutes: t("aboutMinutes", { n: minutes(c.open || total),
            count: num(minutes(c.open || total)) }),
        }),
      }),
    ];
    if (given) {
      nodes.push(el("p", { class: "note",
        text: t("soFar", { n: total, given: num(given), count: num(total) }) }));
    }
    const form = el("form", { id: "start", novalidate: true });
    if (DATA.organization) {
      form.appendChild(el.apply(null, ["p", {}].concat(tNodes("organization", {
        organization: el("strong", { dir: "auto", text: DATA.organization }) }))));
    } else {
      form.appendChild(el("p", { class: "field" },
        el("label", { for: "organization", text: t("organizationName") }),
        el("input", {
          id: "organization", type: "text", autocomplete: "organization", dir: "auto",
          maxlength: DATA.maxOrganization, value: state.organization || "", required: true,
        })));
    }
    const roles = el("fieldset", { class: "choices" },
      el("legend", { text: t("answerAs") }));
    DATA.roles.forEach(function (r) {
      roles.appendChild(el("div", { class: "choice" },
        el("input", { type: "radio", name: "role", id: "role-" + r, value: r,
          checked: state.role === r }),
        el("label", { for: "role-" + r, text: roleWords(r) })));
    });
    form.appendChild(roles);
    form.appendChild(el("p", { class: "hint", text: t("roleHint") }));
    form.appendChild(el("p", { class: "field" },
      el("label", { for: "date", text: t("date") }),
      el("input", { id: "date", type: "date", value: state.date || today(), required: true })));
    form.appendChild(alert);
    form.appendChild(el("p", { class: "actions" },
      el("button", { type: "submit", class: "primary", id: "begin",
        text: given ? t("continue") : t("start") })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const org = DATA.organization || form.querySelector("#organization").value.trim();
      const role = (form.querySelector("input[name=role]:checked") || {}).value;
      const date = form.querySelector("#date").value;
      const problem = !org ? t("needOrganization")
        : !role ? t("needRole")
          : !/^\d{4}-\d{2}-\d{2}$/.test(date) ? t("needDate") : "";
      if (problem) {
        alert.textContent = problem;
        return;
      }
      state.organization = org;
      state.role = role;
      state.date = date;
      const next = state.current && BY_ID[state.current] ? state.current
        : (firstOpen(shownQuestions()) || shownQuestions()[0]).id;
      goTo(next);
    });
    nodes.push(form);
    nodes.push(openFileSection());
    show(nodes);
  }

  function firstOpenIn(list) {
    return list.find(function (q) { return !state.answers[q.id]; });
  }

  function firstOpen(shown) {
    return shown.find(function (q) { return !state.answers[q.id]; });
  }

  function openFileSection() {
    const status = el("p", { role: "status", id: "open-status" });
    const input = el("input", { id: "open-file", type: "file", accept: ".yaml,.yml,.json" });
    input.addEventListener("change", function () {
      const file = input.files && input.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = function () {
        const problem = openAnswers(String(reader.result));
        if (problem) status.textContent = problem;
        else {
          const count = Object.keys(state.answers).length;
          startScreen(t("opened", { n: count, file: file.name, count: num(count) }));
        }
      };
      reader.readAsText(file, "utf-8");
    });
    return el("section", { class: "open", "aria-labelledby": "open-title" },
      el("h2", { id: "open-title", text: t("openTitle") }),
      el("p", { class: "field" },
        el("label", { for: "open-file", text: t("openLabel") }),
        input),
      status);
  }

  /* Reads a file this page saved (JSON, which is also YAML); returns a problem or "". */
  function openAnswers(text) {
    const body = text.split("\n").filter(function (line) { return !/^\s*#/.test(line); }).join("\n");
    let data;
    try {
      data = JSON.parse(body);
    } catch (e) {
      return t("notOurs");
    }
    if (!data || typeof data !== "object" || !data.rubric || data.rubric.id !== DATA.rubric.id) {
      return t("otherRubric", { id: DATA.rubric.id });
    }
    if (DATA.organization && data.organization !== DATA.organization) {
      return t("otherOrganization", { organization: String(data.organization) });
    }
    const answers = {};
    Object.keys(data.answers || {}).forEach(function (id) {
      if (!BY_ID[id]) return;
      let entry = data.answers[id];
      let evidence = "";
      let links = [];
      if (entry && typeof entry === "object" && !Array.isArray(entry)) {
        evidence = typeof entry.evidence === "string" ? entry.evidence : "";
        links = Array.isArray(entry.links) ? entry.links.map(String) : [];
        entry = entry.answer;
      }
      const status = STATUSES.indexOf(entry) >= 0 ? entry : "answered";
      answers[id] = { status: status, value: status === "answered" ? entry : null,
        evidence: evidence, links: links };
    });
    state = fresh();
    state.organization = String(data.organization || "");
    state.role = data.respondent && data.respondent.role ? String(data.respondent.role) : "";
    state.date = typeof data.date === "string" ? data.date : today();
    state.answers = answers;
    keep();
    return "";
  }

  // --- one question ----------------------------------------------------------------------

  function goTo(id) {
    state.screen = "question";
    state.current = id;
    keep();
    questionScreen(BY_ID[id]);
  }

  function questionScreen(q) {
    const shown = shownQuestions();
    let pos = shown.indexOf(q);
    if (pos < 0) { // its condition no longer holds: the next one that applies
      const after = QUESTIONS.indexOf(q);
      const next = shown.find(function (s) { return QUESTIONS.indexOf(s) > after; });
      if (next) return goTo(next.id);
      return reviewScreen();
    }
    const rest = shown.slice(pos).filter(function (s) { return !state.answers[s.id]; }).length;
    const where = { position: num(pos + 1), total: num(shown.length) };
    setProgress(rest
      ? t("progressLeft", Object.assign({ n: minutes(rest), count: num(minutes(rest)) }, where))
      : t("progressDone", where));
    const current = state.answers[q.id] || null;
    const dim = DIMENSION[q.id];
    const alert = el("p", { id: "alert", role: "alert", class: "alert" });
    const form = el("form", { id: "question", novalidate: true, "data-question": q.id });
    const fieldset = el("fieldset", { class: "question" },
      el("legend", {}, el("h2", { id: "question-text", text: q.question })));
    const widget = drawWidget(q, current, fieldset);
    form.appendChild(el("p", { class: "part", text: t("part", { number: num(dim.index + 1),
      total: num(DATA.dimensions.length), title: dim.dimension.title }) }));
    form.appendChild(fieldset);
    if (q.help) form.appendChild(el("p", { class: "help", text: q.help }));
    if (q.quote) { // the essay's words as written, their translation beside them
      form.appendChild(el("figure", { class: "why" },
        el("figcaption", { text: t("why") }),
        el("blockquote", { lang: DATA.languages[0].code, dir: DATA.languages[0].dir,
          text: "“" + q.quote.text + "”" }),
        q.quoteTranslation && lang !== DATA.languages[0].code
          ? el("p", { class: "translation", text: q.quoteTranslation }) : null,
        el("p", { class: "source", text: "— " + (q.quote.page
          ? t("page", { where: q.where, page: q.quote.page }) : q.where) })));
    }
    if (q.whenText) {
      form.appendChild(el("p", { class: "hint",
        text: t("askedBecause", { condition: q.whenText }) }));
    }
    const special = el("p", { class: "actions special" });
    if (q.scored) {
      special.appendChild(el("button", { type: "button", id: "dont-know",
        "aria-pressed": current && current.status === "dont_know" ? "true" : "false",
        text: t("dont_know"),
        onclick: function () { answer(q, "dont_know", null, form, alert); } }));
    }
    if (q.notApplicable) {
      special.appendChild(el("button", { type: "button", id: "not-applicable",
        "aria-pressed": current && current.status === "not_applicable" ? "true" : "false",
        text: t("not_applicable"),
        onclick: function () { answer(q, "not_applicable", null, form, alert); } }));
    }
    if (special.childNodes.length) form.appendChild(special);
    if (q.scored) form.appendChild(evidenceSection(current));
    form.appendChild(alert);
    form.appendChild(el("p", { class: "actions nav" },
      el("button", { type: "button", id: "back", text: t("back"),
        onclick: function () { back(q); } }),
      el("button", { type: "button", id: "skip", text: t("skip"),
        onclick: function () { answer(q, "skipped", null, form, alert); } }),
      el("button", { type: "submit", id: "next", class: "primary", text: t("next") })));
    form.appendChild(el("p", { class: "actions" },
      el("button", { type: "button", id: "to-review", class: "quiet",
        text: t("toReview"), onclick: reviewScreen })));
    if (current && current.status !== "answered") {
      fieldset.appendChild(el("p", { class: "note",
        text: t("answerNow", { status: statusWords(current.status) }) }));
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const got = widget.read();
      if (got.problem) {
        alert.textContent = got.problem;
        return;
      }
      if (got.value === null) {
        if (q.type === "text") return answer(q, "skipped", null, form, alert);
        if (current) return answer(q, current.status, current.value, form, alert);
        alert.textContent = t("chooseOrSkip");
        return;
      }
      answer(q, "answered", got.value, form, alert);
    });
    form.addEventListener("keydown", function (event) {
      const target = event.target;
      if (event.key === "Enter" && target.tagName === "INPUT"
        && (target.type === "radio" || target.type === "checkbox")) {
        event.preventDefault();
        form.querySelector("#next").click(); // requestSubmit is missing in Safari before 16
      }
    });
    const nodes = [form];
    if (storageProblem) nodes.unshift(el("p", { class: "alert", role: "alert", text: t(storageProblem) }));
    show(nodes, form.querySelector("h2"));
  }

  function evidenceSection(current) {
    const evidence = current ? current.evidence || "" : "";
    const links = current ? (current.links || []).join(" ") : "";
    const details = el("details", { class: "evidence", open: evidence || links ? true : null },
      el("summary", { text: t("evidenceTitle") }),
      el("p", { class: "field" },
        el("label", { for: "evidence", text: t("evidence") }),
        el("textarea", { id: "evidence", rows: "3", dir: "auto", maxlength: DATA.maxEvidence })),
      el("p", { class: "field" },
        el("label", { for: "links", text: t("links") }),
        el("input", { id: "links", type: "text", inputmode: "url", autocomplete: "off",
          dir: "ltr" })));
    details.querySelector("#evidence").value = evidence;
    details.querySelector("#links").value = links;
    return details;
  }

  /* The widget's inputs, drawn into the fieldset; `read` gives {value} or {problem}. */
  function drawWidget(q, current, fieldset) {
    const w = q.widget;
    const given = current && current.status === "answered" ? current.value : null;
    const box = el("div", { class: "choices" });
    fieldset.appendChild(box);
    function radio(name, value, label, checked, index) {
      const id = name + "-" + index;
      return el("div", { class: "choice" },
        el("input", { type: "radio", name: name, id: id, value: value, checked: checked }),
        el("label", { for: id, text: label }));
    }
    if (w.kind === "choice") {
      w.options.forEach(function (o, i) {
        box.appendChild(radio("answer", o.value, o.label, given === o.value, i));
      });
      return { read: function () {
        const hit = box.querySelector("input:checked");
        return { value: hit ? hit.value : null };
      } };
    }
    if (w.kind === "scale") {
      for (let p = w.min; p <= w.max; p++) {
        let label = num(p);
        if (p === w.min && w.minLabel) label = t("scalePoint", { point: label, label: w.minLabel });
        if (p === w.max && w.maxLabel) label = t("scalePoint", { point: label, label: w.maxLabel });
        box.appendChild(radio("answer", String(p), label, given === p, p - w.min));
      }
      box.classList.add("scale");
      return { read: function () {
        const hit = box.querySelector("input:checked");
        return { value: hit ? parseInt(hit.value, 10) : null };
      } };
    }
    if (w.kind === "multi") {
      const picked = Array.isArray(given) ? given : [];
      fieldset.insertBefore(el("p", { class: "hint", text: t("chooseAll") }), box);
      w.options.forEach(function (o, i) {
        const id = "answer-" + i;
        const input = el("input", { type: "checkbox", name: "answer", id: id, value: o.value,
          checked: picked.indexOf(o.value) >= 0 });
        input.addEventListener("change", function () {
          if (!input.checked) return;
          box.querySelectorAll("input").forEach(function (other, j) {
            if (other !== input && (o.exclusive || w.options[j].exclusive)) other.checked = false;
          });
        });
        box.appendChild(el("div", { class: "choice" }, input,
          el("label", { for: id, text: o.exclusive ? t("onlyThis", { label: o.label }) : o.label })));
      });
      return { read: function () {
        const values = [];
        box.querySelectorAll("input").forEach(function (input, i) {
          if (input.checked) values.push(w.options[i].value);
        });
        return { value: values.length ? values : null };
      } };
    }
    if (w.kind === "number") {
      const kind = (w.integer ? "whole" : "number")
        + (w.min !== null && w.max !== null ? "Range" : w.min !== null ? "AtLeast"
          : w.max !== null ? "AtMost" : "");
      let words = t(kind, { min: num(w.min), max: num(w.max) });
      if (w.unit) words = t("inUnit", { number: words, unit: w.unit });
      const input = el("input", { id: "answer-number", type: "text",
        inputmode: w.integer ? "numeric" : "decimal", autocomplete: "off", dir: "ltr",
        "aria-describedby": "number-hint", value: given === null ? "" : pyStr(given) });
      box.appendChild(el("p", { class: "field" },
        el("label", { for: "answer-number",
          text: w.unit ? t("yourAnswerIn", { unit: w.unit }) : t("yourAnswer") }),
        input));
      box.appendChild(el("p", { id: "number-hint", class: "hint", text: words + "." }));
      return { read: function () {
        const text = asciiDigits(input.value.trim()).replace(/[,\u060c]/, ".");
        if (!text) return { value: null };
        if (!NUMBER.test(text)) return { problem: t("notANumber") + " " + words + "." };
        const n = Number(text);
        if (!Number.isFinite(n)
          || (w.min !== null && n < w.min) || (w.max !== null && n > w.max)
          || (w.integer && !Number.isInteger(n))) {
          return { problem: words + "." };
        }
        return { value: n };
      } };
    }
    const area = el("textarea", { id: "answer-text", rows: "5", dir: "auto",
      maxlength: DATA.maxEvidence });
    area.value = typeof given === "string" ? given : "";
    box.appendChild(el("p", { class: "field" },
      el("label", { for: "answer-text", text: t("ownWords") }), area));
    return { read: function () {
      return { value: area.value.trim() ? area.value : null };
    } };
  }

  function answer(q, status, value, form, alert) {
    const old = state.answers[q.id] || {};
    let evidence = old.evidence || "";
    let links = old.links || [];
    const area = form.querySelector("#evidence");
    if (area) {
      evidence = area.value.trim() ? area.value : "";
      const parts = form.querySelector("#links").value.split(/[\s,]+/).filter(Boolean);
      links = parts.filter(function (l, i) { return parts.indexOf(l) === i; });
      const bad = links.find(function (l) { return !LINK.test(l); });
      if (bad) {
        alert.textContent = t("notALink", { link: bad });
        return;
      }
      if (links.length > DATA.maxLinks) {
        alert.textContent = t("tooManyLinks", { n: DATA.maxLinks, count: num(DATA.maxLinks) });
        return;
      }
    }
    state.answers[q.id] = { status: status, value: value, evidence: evidence, links: links };
    const shown = shownQuestions();
    const after = QUESTIONS.indexOf(q);
    const next = shown.find(function (s) { return QUESTIONS.indexOf(s) > after; });
    if (next) goTo(next.id);
    else reviewScreen();
  }

  function back(q) {
    const shown = shownQuestions();
    const at = QUESTIONS.indexOf(q);
    const before = shown.filter(function (s) { return QUESTIONS.indexOf(s) < at; });
    if (before.length) goTo(before[before.length - 1].id);
    else {
      state.screen = "start";
      keep();
      startScreen();
    }
  }

  // --- review and save -------------------------------------------------------------------

  function reviewScreen() {
    state.screen = "review";
    keep();
    const shown = shownQuestions();
    const c = counts(shown);
    setProgress(t("answeredOf", { n: shown.length, answered: num(shown.length - c.open),
      count: num(shown.length) }));
    const nodes = [el("h1", { text: t("beforeFinish") }),
      el("p", { text: t("tally", { answered: num(c.answered + c.not_applicable),
        skipped: num(c.skipped), dont_know: num(c.dont_know), open: num(c.open) }) })];
    if (c.open) {
      nodes.push(el("section", { "aria-labelledby": "review-open" },
        el("h2", { id: "review-open", text: t("notYet") + " (" + num(c.open) + ")" }),
        el("p", { class: "actions" }, el("button", { type: "button", id: "first-open",
          text: t("firstOpen"),
          onclick: function () { goTo(firstOpen(shownQuestions()).id); } }))));
    }
    ["skipped", "dont_know"].forEach(function (status) {
      const group = shown.filter(function (q) {
        const a = state.answers[q.id];
        return a && a.status === status;
      });
      if (!group.length) return;
      const list = el("ul", { class: "review" });
      group.forEach(function (q) {
        list.appendChild(el("li", {}, el("button", { type: "button", class: "link",
          "data-id": q.id, text: q.question, onclick: function () { goTo(q.id); } })));
      });
      const id = "review-" + status;
      nodes.push(el("section", { "aria-labelledby": id },
        el("h2", { id: id, text: statusWords(status) + " (" + num(group.length) + ")" }), list));
    });
    const parts = el("ul", { class: "review parts" });
    DATA.dimensions.forEach(function (d) {
      const mine = shown.filter(function (q) { return DIMENSION[q.id].dimension === d; });
      if (!mine.length) return;
      const done = mine.filter(function (q) { return state.answers[q.id]; }).length;
      parts.appendChild(el("li", {}, el("button", { type: "button", class: "link",
        text: t("partDone", { part: d.title, done: num(done), total: num(mine.length) }),
        onclick: function () { goTo((firstOpenIn(mine) || mine[0]).id); } })));
    });
    nodes.push(el("section", { "aria-labelledby": "review-parts" },
      el("h2", { id: "review-parts", text: t("byPart") }), parts));
    nodes.push(el.apply(null, ["p", {}].concat(tNodes("answering", {
      organization: el("strong", { dir: "auto", text: state.organization }),
      role: roleWords(state.role),
      date: shownDate(state.date),
    }), [" ", el("button", { type: "button", class: "link", id: "change-start", text: t("change"),
      onclick: function () { state.screen = "start"; keep(); startScreen(); } })])));
    const saved = el("p", { role: "status", id: "saved" });
    nodes.push(el("section", { class: "save", "aria-labelledby": "save-title" },
      el("h2", { id: "save-title", text: t("saveTitle") }),
      el("p", { text: t("fileHolds") }),
      el("p", { text: t("nothingSent") }),
      el("p", { class: "actions" },
        el("button", { type: "button", id: "save", class: "primary", text: t("save"),
          onclick: function () { save(saved); } }),
        el("button", { type: "button", id: "review-back", text: t("backToQuestions"),
          onclick: function () {
            const last = shown[shown.length - 1];
            if (last) goTo((firstOpen(shown) || last).id);
          } })),
      saved));
    show(nodes);
  }

  /* The answers file: the shape `answers_to_data` writes, as JSON (which YAML reads). */
  function answersData() {
    const entries = {};
    const ids = QUESTIONS.map(function (q) { return q.id; }).filter(function (id) {
      return has(state.answers, id);
    });
    ids.forEach(function (id) {
      const a = state.answers[id];
      const value = a.status === "answered" ? a.value : a.status;
      if (a.evidence || (a.links && a.links.length)) {
        const entry = { answer: value };
        if (a.evidence) entry.evidence = a.evidence;
        if (a.links && a.links.length) entry.links = a.links;
        entries[id] = entry;
      } else {
        entries[id] = value;
      }
    });
    const data = { organization: state.organization, respondent: { role: state.role } };
    if (state.date) data.date = state.date;
    data.answers = entries;
    data.rubric = { id: DATA.rubric.id, version: DATA.rubric.version, hash: DATA.rubric.hash,
      criteria: DATA.rubric.criteria };
    return data;
  }

  /* JSON text that YAML reads as the same data: characters YAML refuses or folds as escapes. */
  function yamlSafeJson(data) {
    return JSON.stringify(data, null, 2).replace(
      /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
      function (m) {
        const c = m.charCodeAt(m.length - 1);
        return m.slice(0, -1) + "\\u" + c.toString(16).padStart(4, "0");
      });
  }

  function fileName() {
    const base = state.organization.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return (base || "answers") + "-" + state.role + "-" + state.date + ".yaml";
  }

  function save(status) {
    const text = "# orgaudit answers file, saved by the browser form; `orgaudit score` reads it.\n"
      + yamlSafeJson(answersData()) + "\n";
    const blob = new Blob([text], { type: "application/x-yaml" });
    if (blob.size > DATA.maxBytes) {
      status.textContent = t("tooBig", { size: num(blob.size), max: num(DATA.maxBytes) });
      return;
    }
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: fileName() });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    status.textContent = t("saved", { file: fileName() });
  }

  // --- the clear button, and the first screen --------------------------------------------

  document.getElementById("clear").addEventListener("click", function () {
    try {
      window.localStorage.removeItem(KEY);
    } catch (e) { /* nothing kept */ }
    state = fresh();
    startScreen();
    document.getElementById("cleared").textContent = t("cleared");
  });

  /* Another language: the same screen, the same answers, redrawn in it. What the member has
     chosen or typed on the screen but not yet confirmed stays too (inputs are found by id and
     value, which no language changes). */
  function switchLanguage(code) {
    const inputs = [];
    main.querySelectorAll("input, textarea").forEach(function (node) {
      if (node.type === "file") return;
      inputs.push([node.id, node.value, node.checked]);
    });
    const opened = main.querySelector("details[open]") !== null;
    useLanguage(code);
    state.lang = lang;
    keep();
    const cleared = document.getElementById("cleared");
    if (cleared.textContent) cleared.textContent = t("cleared");
    redraw();
    inputs.forEach(function (saved) {
      const node = saved[0] ? document.getElementById(saved[0]) : null;
      if (!node || !main.contains(node)) return;
      if (node.type === "radio" || node.type === "checkbox") node.checked = saved[2];
      else node.value = saved[1];
    });
    const details = main.querySelector("details");
    if (details && opened) details.open = true;
  }

  function redraw() {
    if (state.screen === "question" && state.current && BY_ID[state.current]) {
      questionScreen(BY_ID[state.current]);
    } else if (state.screen === "review") {
      reviewScreen();
    } else {
      startScreen();
    }
  }

  const picker = document.getElementById("language");
  if (picker) {
    picker.addEventListener("change", function () {
      switchLanguage(picker.value);
      picker.focus();
    });
  }

  window.orgauditForm = {
    evaluate: evaluate, pyStr: pyStr, answersData: answersData, language: function () { return lang; },
    setLanguage: switchLanguage,
  };

  useLanguage(typeof state.lang === "string" && has(DATA.texts, state.lang) ? state.lang : lang);
  redraw();
})();
