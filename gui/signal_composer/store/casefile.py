"""A support case: a customer's input diagnosed, with what the store's answers meant.

The parsing and the findings are the domain's (signals/diagnosis.py); the meaning of an answer
is store/outcomes.py's. This joins them, shapes the ``diagnose --json`` output, and makes sure
no customer token survives into any text it hands out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from signal_composer.signals.capture import FORMAT_NAMES, Capture, CapturedResponse
from signal_composer.signals.diagnosis import RequestDiagnosis, diagnose
from signal_composer.signals.findings import finding
from signal_composer.signals.intake import parse_capture
from signal_composer.store.outcomes import Kind, Outcome, from_status, outcome
from signal_composer.store.tokens import remember


def meaning(response: CapturedResponse) -> Outcome:
    """What the customer's answer means (status 0: the browser got no answer at all)."""
    if response.status == 0:
        detail = response.error or "no answer was recorded"
        if "BLOCKED_BY_CLIENT" in detail:
            detail += " (an ad or tracking blocker in the browser stopped it)"
        elif "CORS" in detail.upper():
            detail += " (the browser's CORS check failed)"
        return outcome(Kind.NETWORK, detail)
    return from_status(response.status)


@dataclass(slots=True)
class Case:
    """A diagnosed input: where it came from and each signal request in it."""

    name: str
    """The file's name (no folders), or ``pasted text``; replays record it as their source."""
    capture: Capture
    results: list[RequestDiagnosis]
    answers: list[Outcome | None]

    @property
    def has_errors(self) -> bool:
        return any(r.has_errors for r in self.results)

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.capture.format]

    def secrets(self) -> list[tuple[str, str]]:
        """Every customer token of the input, in each form it may show up in a text, with the
        text that replaces it (the longest first, so a whole header value goes before its
        token)."""
        found: dict[str, str] = {}
        for result in self.results:
            raw = result.request.authorization
            if raw is None:
                continue
            value = raw.get_secret_value()
            shown = f"<redacted {result.token.fingerprint or 'token'}>"
            for part in [value, value.strip(), *value.replace('"', " ").replace("'", " ").split()]:
                if len(part) >= 8 and part.lower() not in {"bearer", "authorization"}:
                    found.setdefault(part, shown)
        return sorted(found.items(), key=lambda item: len(item[0]), reverse=True)

    def scrub(self, text: str) -> str:
        """Replaces any customer token in text with its fingerprint."""
        for value, shown in self.secrets():
            text = text.replace(value, shown)
        return text


def open_case(text: str, name: str) -> Case:
    """Reads and diagnoses an input (CaptureError when it is none of the known forms)."""
    capture = parse_capture(text)
    results = diagnose(capture)
    answers: list[Outcome | None] = []
    for result in results:
        response = result.request.response
        if response is None:
            answers.append(None)
            continue
        answer = meaning(response)
        answers.append(answer)
        if response.status == 0:
            result.findings.append(finding("no_answer", f"no answer came: {answer.detail}"))
        elif not answer.accepted:
            result.findings.append(
                finding("store_rejected", f"the store answered {answer.detail}: {answer.title}")
            )
    shown = "pasted text" if name in {"-", ""} else PurePath(name).name
    case = Case(shown, capture, results, answers)
    for value, _ in case.secrets():
        remember(value)  # the log's scrub then finds the customer's token in any record
    return case


def _response_dict(case: Case, index: int) -> dict[str, Any] | None:
    response = case.results[index].request.response
    answer = case.answers[index]
    if response is None or answer is None:
        return None
    return {
        "status": response.status,
        "status_text": response.status_text,
        "outcome": answer.kind.value,
        "title": answer.title,
        "meaning": answer.next_step,
        "detail": answer.detail,
        "body": response.body,
    }


def case_dict(case: Case) -> dict[str, Any]:
    """The ``diagnose --json`` document."""
    requests = []
    for index, result in enumerate(case.results):
        requests.append(
            {
                "method": result.request.method,
                "url": result.request.url,
                "store_id": result.store_id,
                "type": result.kind,
                "token": result.token.as_dict(),
                "findings": [f.as_dict() for f in result.findings],
                "problems": [p.as_dict() for p in result.problems],
                "response": _response_dict(case, index),
            }
        )
    return {"requests": requests}


def case_json(case: Case) -> str:
    """The JSON document as text, scrubbed of any token."""
    return case.scrub(json.dumps(case_dict(case), ensure_ascii=False, indent=2)) + "\n"
