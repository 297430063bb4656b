"""Secrets never reach a recorded detail: cockpit.comms.scrub on what libraries say."""

from __future__ import annotations

from cockpit.comms.scrub import HIDDEN, host_only, scrub

SLACK = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/abcdefGHIJKLmnop12345678"
TEAMS = ("https://prod-12.westeurope.logic.azure.com:443/workflows/0f1e2d3c4b5a/triggers/manual"
         "/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sig=Zx9Yw8Vu7Ts6")  # fmt: skip


def test_a_known_url_and_each_of_its_secret_pieces_are_cut():
    said = f"Server error '500 Internal Server Error' for url '{SLACK}'"
    assert scrub(said, [SLACK]) == f"Server error '500 Internal Server Error' for url '{HIDDEN}'"
    assert "abcdefGHIJ" not in scrub("token abcdefGHIJKLmnop12345678 was revoked", [SLACK])
    assert "B0BBB2222" not in scrub("no such hook B0BBB2222", [SLACK])
    quoted = "https%3A%2F%2Fhooks.slack.com%2Fservices%2FT0AAA1111"
    assert "T0AAA1111" not in scrub(f"bad {quoted}", [SLACK])
    assert "Zx9Yw8Vu7Ts6" not in scrub("sig=Zx9Yw8Vu7Ts6 expired", [TEAMS])


def test_any_other_url_keeps_only_its_scheme_and_host():
    said = "redirected to https://hooks.example.com/services/XYZ/123?token=abc then failed"
    assert scrub(said) == "redirected to https://hooks.example.com/… then failed"
    assert host_only("https://user:pw@host.example:8443/x?y=1") == "https://host.example:8443/…"


def test_a_message_cut_in_the_middle_of_a_secret_keeps_none_of_it():
    assert scrub("bad token abcdefGHIJKL", [SLACK]) == f"bad token {HIDDEN}"


def test_passwords_and_controls_and_length():
    out = scrub("login pa55word!\x1b[2J\nfor ic", ["pa55word!"])
    assert out == f"login {HIDDEN}␛[2J␤for ic"
    assert len(scrub("x" * 1000)) == 300
