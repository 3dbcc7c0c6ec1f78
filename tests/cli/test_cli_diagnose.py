"""``signal-composer diagnose`` as support runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.processes import run_cli

INPUTS = Path(__file__).parent.parent / "inputs" / "diagnose"
TOKEN = "Xy7Qp2Lm9Rt4Vw8Zb3Nc6Hd1Kf5Gj0As"
FIXTURES = sorted(p.name for p in INPUTS.iterdir())


def test_json_has_the_documented_shape() -> None:
    result = run_cli("diagnose", "--json", str(INPUTS / "storefront.har"))
    assert result.returncode == 1, result.stderr
    requests = json.loads(result.stdout)["requests"]
    assert len(requests) == 4
    for request in requests:
        assert set(request) == {
            "method",
            "url",
            "store_id",
            "type",
            "token",
            "findings",
            "problems",
            "response",
        }
        assert set(request["token"]) == {"form", "fingerprint"}
        for found in request["findings"]:
            assert set(found) == {"code", "severity", "message"}
        for problem in request["problems"]:
            assert set(problem) == {"index", "path", "code", "severity", "message"}
    click = requests[1]
    assert (click["method"], click["type"]) == ("POST", "click")
    assert click["store_id"] == "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
    assert click["response"]["outcome"] == "invalid_request"


def test_clean_copy_exits_0() -> None:
    result = run_cli("diagnose", str(INPUTS / "chrome-bash.sh"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout
    assert "type: click" in result.stdout


def test_human_listing_names_codes_paths_and_the_answer() -> None:
    result = run_cli("diagnose", str(INPUTS / "storefront.har"))
    assert result.returncode == 1
    out = result.stdout
    assert out.startswith("storefront.har: HAR file, 4 signal requests (6 other requests ignored)")
    assert "error    token_newline:" in out
    assert "error    too_small: [0] selectedPosition: must be at least 1, got 0" in out
    assert "answer: 401 Unauthorized (Bad token)." in out


def test_standard_input_is_read() -> None:
    text = (INPUTS / "raw-request.txt").read_text(encoding="utf-8")
    result = run_cli("diagnose", "--json", "-", stdin=text)
    assert result.returncode == 1
    codes = [f["code"] for f in json.loads(result.stdout)["requests"][0]["findings"]]
    assert codes[:2] == ["unknown_type", "token_jwt"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not a request\n", "not a request this can read"),
        ('{"log": {}}', "not a HAR file"),
        ("", "the input is empty"),
    ],
)
def test_unreadable_input_exits_2_with_a_clear_message(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "case.txt"
    path.write_text(content, encoding="utf-8")
    result = run_cli("diagnose", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_and_binary_files_exit_2(tmp_path: Path) -> None:
    result = run_cli("diagnose", str(tmp_path / "nope.har"))
    assert (result.returncode, "no such file" in result.stderr) == (2, True)
    binary = tmp_path / "capture.pcap"
    binary.write_bytes(b"\xd4\xc3\xb2\xa1\x02\x00\x04\x00\xff\xfe")
    result = run_cli("diagnose", str(binary))
    assert (result.returncode, "not UTF-8 text" in result.stderr) == (2, True)


@pytest.mark.parametrize("name", FIXTURES)
def test_the_token_is_never_printed(name: str) -> None:
    for args in (["diagnose"], ["diagnose", "--json"]):
        result = run_cli(*args, str(INPUTS / name))
        assert result.returncode in {0, 1}, result.stderr
        assert TOKEN not in result.stdout + result.stderr


def test_a_token_the_customer_also_put_in_the_url_is_not_printed(tmp_path: Path) -> None:
    url = (
        "https://3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b.applications.lucidworks.com"
        f"/retail/signals/click?token={TOKEN}"
    )
    command = f"curl '{url}' -H 'Authorization: {TOKEN}' --json '[]'\n"
    path = tmp_path / "echo.sh"
    path.write_text(command, encoding="utf-8")
    for args in (["diagnose"], ["diagnose", "--json"]):
        result = run_cli(*args, str(path))
        assert TOKEN not in result.stdout + result.stderr
        assert "token=<redacted sha256:8586c555>" in result.stdout
