"""Reading customers' requests: cURL as browsers and Postman copy it, HAR files, raw HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from signal_composer.signals.capture import Captured, CaptureError
from signal_composer.signals.intake import parse_capture
from signal_composer.signals.shellwords import split_bash, split_cmd

INPUTS = Path(__file__).parent.parent / "inputs" / "diagnose"
STORE = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
TOKEN = "Xy7Qp2Lm9Rt4Vw8Zb3Nc6Hd1Kf5Gj0As"
SIGNALS = f"https://{STORE}.applications.lucidworks.com/retail/signals/"


def read(name: str) -> str:
    return (INPUTS / name).read_text(encoding="utf-8")


def only(name: str) -> tuple[str, Captured]:
    capture = parse_capture(read(name))
    assert len(capture.requests) == 1
    return capture.format, capture.requests[0]


def body(request: Captured) -> Any:
    assert request.body is not None
    return json.loads(request.body)


def secret(request: Captured) -> str:
    assert request.authorization is not None
    return request.authorization.get_secret_value()


def test_chrome_bash_copy_with_ansi_c_quoted_body() -> None:
    fmt, request = only("chrome-bash.sh")
    assert fmt == "curl-bash"
    assert (request.method, request.url) == ("POST", SIGNALS + "click")
    assert request.header("content-type") == "application/json"
    assert request.header("sec-ch-ua-platform") == '"Windows"'
    assert secret(request) == TOKEN
    title = body(request)[0]["productDetails"][0]["product"]["title"]
    assert title == "Men's Café Kettle, 1.7 L!"  # \' and \u0021 inside $'...'


def test_chrome_cmd_copy_with_caret_escapes() -> None:
    fmt, request = only("chrome-cmd.txt")
    assert fmt == "curl-cmd"
    assert (request.method, request.url) == ("POST", SIGNALS + "purchase")
    assert request.header("sec-ch-ua") == (
        '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"'
    )
    assert secret(request) == TOKEN
    signal = body(request)[0]
    assert signal["orderId"] == "SO-20%OFF-7731"  # %^ keeps cmd from expanding a variable
    titles = [d["product"]["title"] for d in signal["productDetails"]]
    assert titles == ["Men's Café Kettle, 1.7 L!", 'Toaster "Retro" 2-slice']


def test_firefox_posix_copy_with_hex_escapes() -> None:
    fmt, request = only("firefox-bash.sh")
    assert fmt == "curl-bash"
    assert (request.method, request.url) == ("POST", SIGNALS + "query")
    assert secret(request) == f"Bearer {TOKEN}"
    assert body(request)[0]["searchTerms"] == "café kettle €30"


def test_firefox_windows_copy_with_doubled_quotes() -> None:
    fmt, request = only("firefox-cmd.txt")
    assert fmt == "curl-cmd"
    assert request.url == SIGNALS + "cartadd"
    assert secret(request) == TOKEN + " "
    title = body(request)[0]["productDetails"][0]["product"]["title"]
    assert title == '100% Cotton Towel, 30" x 56"'  # "" and "%" and \\"" all undone


def test_postman_copy_with_multiline_body_and_escaped_apostrophe() -> None:
    fmt, request = only("postman.sh")
    assert fmt == "curl-bash"
    assert request.method == "POST"  # from --data, as curl infers it
    assert secret(request) == "{{embedToken}}"
    assert body(request)[0]["productDetails"][0]["product"]["title"] == "Men's Café Kettle"


def test_raw_request_from_a_server_log() -> None:
    fmt, request = only("raw-request.txt")
    assert fmt == "raw"
    assert (request.method, request.url) == ("POST", SIGNALS + "clicks")
    assert body(request)[0]["sourceId"] == "checkout-service"
    assert request.header("User-Agent") == "okhttp/4.12.0"


def test_har_keeps_signal_requests_with_their_answers_and_ignores_the_rest() -> None:
    capture = parse_capture(read("storefront.har"))
    assert capture.format == "har"
    kept = [(r.origin, r.method, r.url.rsplit("/", 1)[-1]) for r in capture.requests]
    assert kept == [
        ("HAR entry 5", "POST", "query"),
        ("HAR entry 7", "POST", "click"),
        ("HAR entry 8", "POST", "cartadd"),
        ("HAR entry 9", "POST", "purchase"),
    ]
    # the page, a script, analytics, the CORS preflight, a search call and a font
    assert capture.ignored == 6
    statuses = [r.response.status if r.response else None for r in capture.requests]
    assert statuses == [202, 400, 0, 401]
    blocked = capture.requests[2].response
    assert blocked is not None
    assert blocked.error == "net::ERR_BLOCKED_BY_CLIENT"


def test_headers_shown_carry_the_fingerprint_never_the_token() -> None:
    for name in ("chrome-bash.sh", "chrome-cmd.txt", "firefox-bash.sh", "storefront.har"):
        for request in parse_capture(read(name)).requests:
            assert TOKEN not in repr(request)
            assert TOKEN not in str(request.headers)


def test_several_commands_in_one_paste() -> None:
    text = (
        f"curl '{SIGNALS}query' -H 'Authorization: a' --data-raw '[]' ;\n"
        f"curl '{SIGNALS}click' -H 'Authorization: b' --data-raw '[]'"
    )
    capture = parse_capture(text)
    assert [r.origin for r in capture.requests] == ["cURL command 1", "cURL command 2"]
    assert [r.url for r in capture.requests] == [SIGNALS + "query", SIGNALS + "click"]


def test_a_one_line_windows_copy_without_carets_is_still_read_as_cmd() -> None:
    text = f'curl "{SIGNALS}click" -H "Content-Type: application/json" --data-raw "[{{""a"":1}}]"'
    capture = parse_capture(text)
    assert capture.format == "curl-cmd"
    assert capture.requests[0].body == '[{"a":1}]'


@pytest.mark.parametrize(
    ("option", "expected_type"),
    [
        ("-d '[1]'", "application/x-www-form-urlencoded"),
        ("--json '[1]'", "application/json"),
        ("-F 'file=@x.json'", "multipart/form-data"),
    ],
)
def test_curl_body_options_set_the_content_type_curl_would(option: str, expected_type: str) -> None:
    request = parse_capture(f"curl {SIGNALS}click {option}").requests[0]
    assert request.method == "POST"
    assert request.header("Content-Type") == expected_type


def test_curl_short_options_clustered_and_attached() -> None:
    request = parse_capture(f"curl -sSL -XPUT -HAccept:text/html {SIGNALS}click").requests[0]
    assert (request.method, request.header("Accept")) == ("PUT", "text/html")


def test_curl_user_option_becomes_basic_credentials() -> None:
    request = parse_capture(f"curl -u shop:s3cretpass {SIGNALS}click -d '[]'").requests[0]
    assert secret(request).startswith("Basic ")


def test_bash_words() -> None:
    assert split_bash("a 'b c' \"d \\\"e\\\" $X\" $'\\x41\\101\\u00e9\\t' f\\ g") == [
        "a",
        "b c",
        'd "e" $X',
        "A" + "A" + "é\t",
        "f g",
    ]
    assert split_bash("curl x \\\n  -v # a comment\n") == ["curl", "x", "-v"]


def test_cmd_words() -> None:
    assert split_cmd('curl ^"a b^" ^\r\n  -H "x ""y"" %PATH%"') == [
        "curl",
        "a b",
        "-H",
        'x "y" %PATH%',
    ]
    assert split_cmd(r'"a\\" b "c\"d" e\\f') == ["a\\", "b", 'c"d', "e\\\\f"]  # C runtime rules


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the input is empty"),
        ("   \n\t", "the input is empty"),
        ("hello there", "not a request this can read"),
        ("wget https://x", "not a request this can read"),
        ('{"not": "a har"}', r"not a HAR file \(no log.entries\)"),
        ('[{"timestamp": 1}]', "not a HAR file"),
        ('{"log": {"entries": [', "not valid JSON at line 1"),
        ("curl 'https://x/retail/signals/click", "never closed"),
        ("curl -H 'Accept: */*'", "names no URL"),
        ("curl https://x -H", "has no value"),
        ("POST /retail/signals/click HTTP/1.1\nHost x\n\n[]", "line 2 of the raw request"),
    ],
)
def test_unreadable_input_gets_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(CaptureError, match=message):
        parse_capture(text)
