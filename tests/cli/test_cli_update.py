"""`cockpit update` from scripts: templates filled from the record, `--edit` with the person's
editor, where the text comes from (never a wait on standard input), stages, destinations, and
the announcement on `cockpit declare --announce`."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from cockpit import settings
from cockpit.store import Store

CONFIG = """
[announce]
call = "https://meet.example/inc-{number}"
channel = "#inc-{number}"
to = ["inc-chat"]
[destinations.inc-chat]
type = "slack"
audiences = ["responders"]
[destinations.exec-mail]
type = "email"
audiences = ["exec"]
[destinations.status]
type = "command"
audiences = ["customers"]
"""


def configure(text: str = CONFIG) -> None:
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def updates(db_path: Path, label: str = "INC-1") -> list:
    with Store.open(db_path) as s:
        return [e.body for e in s.events(s.incident(label).id) if e.kind == "status_update"]


@pytest.fixture
def sev2(cli, inc):
    cli.ok("severity", inc, "SEV2", "--reason", "EU payments fail")
    cli.ok("intake", inc, "--impact", "EU card payments fail, @kim saw it in https://x.example/1")
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("mitigation", inc, "start", "roll back 4812", "--by", "kim")
    cli.ok("note", inc, "--kind", "evidence", "ERROR pool exhausted host=db-7 user=svc_pay")
    return inc


def editor(tmp_path: Path, monkeypatch, body: str) -> Path:
    """A fake $EDITOR: a script that edits the file it is given (body: Python, `text` in, out)."""
    script = tmp_path / "fake-editor"
    script.write_text(f"#!{sys.executable}\nimport sys\np = sys.argv[1]\n"
                      f"text = open(p, encoding='utf-8').read()\n{body}\n"
                      "open(p, 'w', encoding='utf-8').write(text)\n")  # fmt: skip
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return script


def test_todays_update_keeps_working(cli, inc, db_path):
    cli.ok("update", inc, "Investigating", "--next", "20")
    (u,) = updates(db_path)
    assert (u.audience, u.text, u.next_in_minutes, u.template, u.stage) == (
        "responders", "Investigating", 20, "", None,
    )  # fmt: skip
    assert "template" not in u.model_dump(exclude_defaults=True)


def test_a_template_filled_for_an_audience(cli, sev2, db_path):
    short = cli.ok("update", sev2, "--template", "sbar", "--audience", "exec")
    assert len(short) == 8
    (u,) = updates(db_path)
    assert (u.audience, u.template, u.next_in_minutes) == ("exec", "sbar", 30)
    assert u.text.startswith("INC-1 SEV2 · Checkout API errors: update for executives")
    assert "Severity SEV2: Major" in u.text and "roll back 4812 (by kim" in u.text
    assert "‹" not in u.text and "RECOMMENDATION" not in u.text  # the unwritten prompt goes
    assert u.text.endswith("IC: alice. Next update at 14:30 UTC.")


def test_a_customer_update_from_a_template_has_nothing_internal(cli, sev2, db_path):
    cli.ok("update", sev2, "--template", "can", "--audience", "customers", "--stage",
           "identified")  # fmt: skip
    (u,) = updates(db_path)
    assert (u.audience, u.stage.value) == ("customers", "identified")
    for internal in ("kim", "alice", "x.example", "4812", "svc_pay", "db-7", "INC-1", "SEV2"):
        assert internal not in u.text
    assert u.text.startswith("Identified: We have identified the cause")
    assert "EU card payments fail" in u.text


def test_the_stage_defaults_from_the_phase_and_is_for_customers_only(cli, sev2, db_path):
    cli.ok("phase", sev2, "monitoring", "--reason", "fix in")
    cli.ok("update", sev2, "We applied a fix.", "--audience", "external")  # the old word
    (u,) = updates(db_path)
    assert (u.audience, u.stage.value) == ("customers", "monitoring")
    r = cli("update", sev2, "x", "--audience", "exec", "--stage", "identified")
    assert r.code == 2 and "--stage is for customer updates" in r.err
    r = cli("update", sev2, "x", "--audience", "customers", "--stage", "fixing")
    assert r.code == 2 and "unknown stage 'fixing'" in r.err
    r = cli("update", sev2, "x", "--audience", "board")
    assert r.code == 2 and "unknown audience 'board'; use one of: responders, exec" in r.err
    assert len(updates(db_path)) == 1


def test_edit_opens_the_editor_on_the_filling(cli, sev2, db_path, tmp_path, monkeypatch):
    seen = tmp_path / "seen.txt"
    editor(
        tmp_path,
        monkeypatch,
        f"open({str(seen)!r}, 'w').write(p)\n"
        "text = text.replace('‹what we do next, and who›', 'Fail over; kim runs it')",
    )
    cli.ok("update", sev2, "--template", "sbar", "--edit")
    (u,) = updates(db_path)
    assert "RECOMMENDATION: Fail over; kim runs it" in u.text
    assert u.text.startswith("INC-1 SEV2 · Checkout API errors: update for responders")
    assert not Path(seen.read_text()).exists()  # saved: the private file is gone


def test_edit_without_a_template_starts_from_sbar(cli, sev2, db_path, tmp_path, monkeypatch):
    editor(tmp_path, monkeypatch, "text = 'Rolled back. Next update at 14:30 UTC.'")
    cli.ok("update", sev2, "--edit", "--audience", "support")
    (u,) = updates(db_path)
    assert (u.text, u.template, u.audience) == (
        "Rolled back. Next update at 14:30 UTC.", "sbar", "support")  # fmt: skip


def test_an_unwritten_prompt_after_edit_keeps_the_text_and_saves_nothing(
    cli, sev2, db_path, tmp_path, monkeypatch
):
    editor(tmp_path, monkeypatch, "text = text.replace('Impact:', 'Impact (edited):')")
    r = cli("update", sev2, "--template", "sbar", "--edit")
    assert r.code == 1 and "still has ‹what we do next, and who› to write" in r.err
    kept = Path(r.err.split("it is in ")[1].split(":")[0])
    assert "Impact (edited):" in kept.read_text(encoding="utf-8")
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert updates(db_path) == []
    kept.unlink()


def test_a_failing_editor_saves_nothing(cli, sev2, db_path, tmp_path, monkeypatch):
    editor(tmp_path, monkeypatch, "raise SystemExit(3)")
    r = cli("update", sev2, "--edit")
    assert r.code == 1 and "the editor exited with 3; nothing saved" in r.err
    assert updates(db_path) == []
    r = cli("update", sev2, "text", "--edit")
    assert r.code == 2 and "give the text or --edit, not both" in r.err


def test_edit_with_no_editor_and_no_terminal_says_so(cli, sev2, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    r = cli("update", sev2, "--edit", stdin="")
    assert r.code == 2 and "--edit needs a terminal or $EDITOR" in r.err


def test_where_the_text_comes_from(cli, sev2, db_path):
    r = cli("update", sev2)  # a terminal, no text, no template, no audience: which update?
    assert r.code == 2 and "name --audience" in r.err
    cli.ok("update", sev2, "--audience", "exec", stdin="piped text\n")  # piped: read
    cli.ok("update", sev2, "--template", "can", stdin="NOT READ\n")  # a template: stdin unread
    cli.ok("update", sev2, "-", "--template", "can", stdin="asked for with -\n")
    texts = [u.text for u in updates(db_path)]
    assert texts[0] == "piped text\n"
    assert texts[1].startswith("INC-1 SEV2 · Checkout API errors: CAN report")
    assert texts[2] == "asked for with -\n"


def test_destinations_are_named_and_checked(cli, sev2, db_path):
    configure()
    cli.ok("update", sev2, "Looking", "--to", "inc-chat")
    assert updates(db_path)[0].destinations == ("inc-chat",)
    r = cli("update", sev2, "x", "--to", "slack")
    assert r.code == 2 and "no destination named 'slack' (configured: inc-chat, exec-mail" in r.err
    r = cli("update", sev2, "x", "--audience", "customers", "--to", "inc-chat")
    assert r.code == 2 and "inc-chat does not take customers updates (it takes responders)" in r.err
    assert len(updates(db_path)) == 1


def test_preview_prints_what_each_destination_receives(cli, sev2, db_path):
    configure()
    r = cli("update", sev2, "We found it.", "--audience", "customers", "--stage",
            "identified", "--to", "status", "--preview")  # fmt: skip
    assert r.code == 0 and r.out == "→ status (command)\nIdentified\nWe found it.\n"
    r = cli("update", sev2, "Looking", "--to", "inc-chat", "--preview")
    assert r.out.startswith("→ inc-chat (slack)\n*INC-1 · update for responders*\nLooking")
    assert updates(db_path) == []


def test_a_teams_template_from_the_cli(cli, sev2, db_path):
    folder = settings.user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "board.toml").write_text('title = "Board"\naudiences = ["exec"]\n'
                                       'text = "{incident}: {severity_definition}"\n')  # fmt: skip
    cli.ok("update", sev2, "--template", "board", "--audience", "exec")
    assert updates(db_path)[0].text == "INC-1: Major: a large share of customers cannot use a " \
                                       "core function."  # fmt: skip
    r = cli("update", sev2, "--template", "board")
    assert r.code == 2 and "the template board is not for responders (it is for exec)" in r.err
    r = cli("update", sev2, "--template", "nope")
    assert (
        r.code == 2
        and "no template 'nope'; use one of: sbar, can, announcement, all_clear, board" in r.err
    )


def test_declare_announces_to_the_configured_destinations(cli, db_path):
    configure(CONFIG + '[destinations.support-chat]\ntype = "mattermost"\n')
    r = cli("declare", "Checkout down", "--severity", "SEV2", "--ic", "alice", "--service",
            "checkout", "--notify", "support-chat and legal", "--announce")  # fmt: skip
    assert r.code == 0 and r.out == "INC-1\n"  # scripts still read the number alone
    assert "announcement recorded for inc-chat, support-chat" in r.err
    (u,) = updates(db_path)
    assert (u.template, u.audience, u.destinations) == (
        "announcement", "responders", ("inc-chat", "support-chat"),
    )  # fmt: skip
    assert u.text.splitlines()[:4] == [
        "INC-1 SEV2 - checkout - Checkout down",
        "Declared 14:00 UTC (0 min ago). Incident Commander: alice.",
        "Impact: not known yet",
        "Call: https://meet.example/inc-1 · Channel: #inc-1",
    ]
    r = cli("declare", "Other", "--announce", "--to", "exec-mail")
    assert r.code == 2 and "exec-mail does not take responders updates" in r.err
    r = cli("declare", "Other", "--to", "inc-chat")
    assert r.code == 2 and "--to goes with --announce" in r.err
    assert cli("list", "--json").json[-1]["label"] == "INC-1"  # refused before declaring


def test_update_never_waits_on_an_open_pipe(db_path, tmp_path):
    """A script's standard input left open (cron, CI) is never read when a template is named,
    nor when --edit has no editor: the command finishes on its own."""
    import subprocess

    env = {**os.environ, "COCKPIT_DB": str(db_path)}
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    cockpit = [sys.executable, "-m", "cockpit.cli.main"]
    subprocess.run([*cockpit, "declare", "x"], env=env, check=True, capture_output=True)
    reader, writer = os.pipe()  # never written to, never closed while the command runs
    try:
        for argv, code in (([*cockpit, "update", "INC-1", "--template", "sbar"], 0),
                           ([*cockpit, "update", "INC-1", "--edit"], 2)):  # fmt: skip
            r = subprocess.run(argv, env=env, stdin=reader, capture_output=True, timeout=120)
            assert r.returncode == code, r.stderr
    finally:
        os.close(reader)
        os.close(writer)
