"""Diagnosing a customer's input: each finding code planted, what answers mean, no token out."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.findings import CATALOG
from signal_composer.store.casefile import case_dict, case_json, open_case

INPUTS = Path(__file__).parent.parent / "inputs" / "diagnose"
DOCS = Path(__file__).parent.parent.parent / "docs" / "DIAGNOSIS.md"
STORE = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
TOKEN = "Xy7Qp2Lm9Rt4Vw8Zb3Nc6Hd1Kf5Gj0As"
URL = f"https://{STORE}.applications.lucidworks.com/retail/signals/click"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzaG9wIn0.c2lnbmF0dXJlLW5vdC1yZWFs"
VALID = json.dumps([new_signal("click")])


def curl(
    *,
    url: str = URL,
    auth: str | None = TOKEN,
    content_type: str | None = "application/json",
    accept: str | None = "application/json",
    data: str | None = VALID,
    extra: str = "",
) -> str:
    """A cURL command like a browser's copy, with one thing changed."""
    parts = ["curl", shlex.quote(url)]
    for name, value in (
        ("Accept", accept),
        ("Authorization", auth),
        ("Content-Type", content_type),
    ):
        if value is not None:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if data is not None:
        parts += ["--data-raw", shlex.quote(data)]
    return " ".join(parts) + (" " + extra if extra else "")


def raw(headers: str, body: str = VALID) -> str:
    host = f"{STORE}.applications.lucidworks.com"
    return f"POST /retail/signals/click HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n{body}"


def fixture(name: str) -> str:
    return (INPUTS / name).read_text(encoding="utf-8")


PLANTED: dict[str, str] = {
    "not_signals_host": curl(url="https://signals.shop.example.com/retail/signals/click"),
    "insecure_http": curl(url=URL.replace("https://", "http://")),
    "not_signals_path": curl(url=URL.replace("/retail/signals/", "/retail/signal/")),
    "unknown_type": curl(url=URL.replace("click", "add-to-cart")),
    "wrong_method": curl(extra="-X PUT"),
    "token_missing": curl(auth=None),
    "token_bearer": curl(auth=f"Bearer {TOKEN}"),
    "token_whitespace": curl(auth=f" {TOKEN}  "),
    "token_newline": "curl " + URL + " -H $'Authorization: " + TOKEN + "\\n' "
    "-H 'Content-Type: application/json' -H 'Accept: */*' --data-raw " + shlex.quote(VALID),
    "token_quoted": curl(auth=f'"{TOKEN}"'),
    "token_placeholder": curl(auth="{EMBED_TOKEN}"),
    "token_jwt": curl(auth=JWT),
    "token_other_kind": curl(auth="sk_live_" + TOKEN[:24]),
    "token_unusual": curl(auth="c2hvcDpzZWNyZXQtcGFzcw=="),
    "token_shared": fixture("storefront.har"),
    "content_type_missing": raw(f"Authorization: {TOKEN}\r\nAccept: application/json\r\n"),
    "content_type_wrong": curl(content_type="text/plain;charset=UTF-8"),
    "body_form": curl(content_type=None),  # curl -d sends a form type unless told otherwise
    "accept_missing": curl(accept=None),
    "accept_wrong": curl(accept="text/html"),
    "body_missing": curl(data=None, extra="-X POST"),
    "body_in_file": curl(data=None, extra="--data-binary @signals.json"),
    "body_not_json": curl(data='[{"timestamp": 1732957200000,'),
    "body_not_array": curl(data=json.dumps(new_signal("click"))),
    "store_rejected": fixture("storefront.har"),
    "no_answer": fixture("storefront.har"),
}


def codes(text: str) -> set[str]:
    return {f.code for r in open_case(text, "case.txt").results for f in r.findings}


def test_every_catalogued_code_is_planted_by_a_test() -> None:
    assert set(PLANTED) == set(CATALOG)


@pytest.mark.parametrize("code", sorted(PLANTED))
def test_each_finding_is_found_where_planted(code: str) -> None:
    assert code in codes(PLANTED[code])


@pytest.mark.parametrize("code", sorted(set(PLANTED) - {"token_shared", "store_rejected"}))
def test_each_planted_request_differs_from_a_clean_one_only_by_its_finding(code: str) -> None:
    found = codes(PLANTED[code])
    if code == "no_answer":
        return  # the HAR plants several at once; its own test lists them
    allowed = {code, "body_form", "content_type_missing", "token_unusual", "body_not_json"}
    assert found <= allowed, found


def test_a_clean_browser_copy_has_no_finding_and_no_problem() -> None:
    case = open_case(fixture("chrome-bash.sh"), "/home/support/case-4411/chrome-bash.sh")
    assert case.name == "chrome-bash.sh"
    assert case.results[0].findings == []
    assert case.results[0].problems == []
    assert not case.has_errors


def test_har_answers_say_what_they_mean() -> None:
    case = open_case(fixture("storefront.har"), "storefront.har")
    responses = [r["response"] for r in case_dict(case)["requests"]]
    assert [(r["status"], r["outcome"]) for r in responses] == [
        (202, "accepted"),
        (400, "invalid_request"),
        (0, "network"),
        (401, "bad_token"),
    ]
    assert "ad or tracking blocker" in responses[2]["detail"]
    by_request = [{f.code for f in r.findings} for r in case.results]
    assert by_request[1] >= {"token_newline", "store_rejected"}
    assert by_request[2] >= {"token_missing", "content_type_wrong", "no_answer"}
    problems = [(p.path, p.code) for p in case.results[1].problems]
    assert ("selectedPosition", "too_small") in problems


def test_a_har_gets_the_journey_lint_store_by_store() -> None:
    case = open_case(fixture("storefront.har"), "storefront.har")
    lint = [
        [(p.index, p.path, p.code) for p in r.problems if p.path != "selectedPosition"]
        for r in case.results
    ]
    assert lint == [
        [],  # the query
        [(0, "queryId", "query_unknown")],  # a click whose query was never sent
        [],  # the cart add (blocked on its way, but sent by the page)
        # the other store saw neither the query nor the cart add
        [(0, "queryId", "query_unknown"), (0, "cartId", "purchase_without_cart")],
    ]


def test_token_shows_as_the_fingerprint_the_keyring_would_show() -> None:
    from signal_composer.store.tokens import fingerprint

    for auth in (TOKEN, f"Bearer {TOKEN}", f'"{TOKEN}"', f"  {TOKEN} ", f'Bearer "{TOKEN}"'):
        case = open_case(curl(auth=auth), "case.txt")
        assert case.results[0].token.fingerprint == fingerprint(TOKEN), auth


def test_the_token_never_appears_in_the_json_even_when_the_customer_echoed_it() -> None:
    echoing = curl(url=URL + "?token=" + TOKEN, data=json.dumps([{"note": TOKEN}]))
    for text in [*PLANTED.values(), echoing]:
        out = case_json(open_case(text, "case.txt"))
        assert TOKEN not in out
        assert TOKEN[:16] not in out
    assert "<redacted sha256:" in case_json(open_case(echoing, "case.txt"))


def test_every_code_is_documented_with_its_severity() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| (error|warning) \|", text, re.MULTILINE))
    assert rows == {code: severity for code, (severity, _) in CATALOG.items()}


def test_a_har_without_signal_calls_is_read_and_says_so() -> None:
    page = {"request": {"method": "GET", "url": "https://shop.example.com/", "headers": []}}
    case = open_case(json.dumps({"log": {"version": "1.2", "entries": [page, page]}}), "a.har")
    assert (case.results, case.capture.ignored, case.has_errors) == ([], 2, False)
    assert json.loads(case_json(case)) == {"requests": []}


def test_a_customer_token_is_scrubbed_from_any_log_record_once_the_case_is_open() -> None:
    import logging

    from signal_composer.store.logs import RedactTokens

    token = "Cu5tomerT0kenNotOurs9876543210zz"
    open_case(curl(auth=token), "case.txt")
    record = logging.LogRecord("signal_composer", logging.ERROR, __file__, 1, "", None, None)
    record.msg = "could not read %s"
    record.args = (f'{{"embed": "{token}"}} and ?t={token}',)
    RedactTokens().filter(record)
    assert token not in record.getMessage()
    assert "could not read" in record.getMessage()
