"""Configuration: the file, then COCKPIT_* variables, then flags; typos are errors."""

import os
import stat
import threading
import tomllib

import pytest
from pydantic import ValidationError

from cockpit import settings


def write(text: str) -> None:
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_defaults_without_a_file(monkeypatch):
    monkeypatch.setattr(settings, "os_user", lambda: "osuser")
    s = settings.load()
    assert s.theme == "cockpit-dark" and s.author == "osuser" and s.keys == {}


def test_file_then_environment_then_flags(monkeypatch):
    write('name = "file"\ntheme = "cockpit-light"\n[cadence]\nSEV1 = 15\n')
    assert settings.load().name == "file"
    assert settings.load().cadence == {"SEV1": 15}
    monkeypatch.setenv("COCKPIT_NAME", "env")
    monkeypatch.setenv("COCKPIT_KEYS", '{"note": "ctrl+n"}')
    s = settings.load(theme="cockpit-contrast")
    assert (s.name, s.theme, s.keys) == ("env", "cockpit-contrast", {"note": "ctrl+n"})
    assert s.cadence == {"SEV1": 15}


def test_typos_and_bad_values_are_errors_that_name_the_key(monkeypatch):
    write('thme = "x"\n')
    with pytest.raises(ValidationError, match="thme"):
        settings.load()
    write("name = [\n")
    with pytest.raises(ValueError, match="not valid TOML"):
        settings.load()
    write("")
    monkeypatch.setenv("COCKPIT_KEYS", "note=ctrl+n")
    with pytest.raises(ValueError, match="must be JSON"):
        settings.load()


def test_save_keeps_other_keys():
    write('name = "ann"\n')
    settings.save({"theme": "cockpit-light"})
    s = settings.load()
    assert (s.name, s.theme) == ("ann", "cockpit-light")


# ---- tokens: one per server URL ------------------------------------------------------------


def test_one_token_per_server_and_cockpit_token_overrides_for_any(monkeypatch):
    write('[servers."https://a.example"]\ntoken = "tok-a"\n[servers."https://b.example/"]\n'
          'token = "tok-b"\n')  # fmt: skip
    s = settings.load()
    assert s.token_for("https://a.example") == "tok-a"
    assert s.token_for("https://a.example/") == "tok-a"  # a trailing slash is the same server
    assert s.token_for("https://b.example") == "tok-b"
    assert s.token_for("https://c.example") == ""
    monkeypatch.setenv("COCKPIT_TOKEN", "from-env")
    s = settings.load()
    assert {s.token_for(u) for u in ("https://a.example", "https://c.example")} == {"from-env"}
    assert settings.load(token="flag").token_for("https://a.example") == "flag"


def test_save_token_writes_0600_atomically_and_keeps_the_rest():
    write('name = "ann"\ntheme = "cockpit-light"\n[servers."https://a.example"]\ntoken = "x"\n')
    path = settings.config_path()
    path.chmod(0o644)
    # the old code wrote through `config.tmp`, a fixed name: a link planted there (by anyone
    # who can write the folder) would have received the token
    victim = path.parent / "victim"
    victim.write_text("untouched")
    (path.parent / "config.tmp").symlink_to(victim)
    old = os.umask(0o022)
    try:
        settings.save_token("https://b.example/", "tok-b")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert victim.read_text() == "untouched"
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")) == [
        "config.tmp"
    ]
    data = tomllib.loads(path.read_text())
    assert data == {"name": "ann", "theme": "cockpit-light",
                    "servers": {"https://a.example": {"token": "x"},
                                "https://b.example": {"token": "tok-b"}}}  # fmt: skip
    settings.save({"theme": "cockpit-dark"})  # any later save keeps the tokens, and 0600
    assert settings.load().token_for("https://b.example") == "tok-b"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_file_and_no_temporary_file(monkeypatch):
    write('name = "ann"\n')
    path = settings.config_path()
    before = path.read_text()

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(settings.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        settings.save_token("https://a.example", "t")
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_concurrent_saves_lose_nothing():
    write("")
    threads = [
        threading.Thread(target=settings.save_token, args=(f"https://s{i}.example", f"t{i}"))
        for i in range(12)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s = settings.load()
    assert [s.token_for(f"https://s{i}.example") for i in range(12)] == [f"t{i}" for i in range(12)]


def test_old_files_keep_working_and_move_on_the_next_token_written():
    # what `cockpit join --token` wrote before tokens were kept per server
    write('name = "ann"\n[sync]\nurl = "https://old.example"\ntoken = "old-tok"\n')
    s = settings.load()
    assert s.token_for("https://old.example") == "old-tok"
    assert s.token_for("https://other.example") == "old-tok"  # it was the token for any server
    settings.save_token("https://new.example", "new-tok", also=("https://other.example",))
    data = tomllib.loads(settings.config_path().read_text())
    assert "sync" not in data and "token" not in data
    assert data["servers"] == {
        "https://old.example": {"token": "old-tok"},
        "https://other.example": {"token": "old-tok"},
        "https://new.example": {"token": "new-tok"},
    }
    s = settings.load()
    assert s.token_for("https://unknown.example") == ""  # one model now: per server only

    write('token = "loose"\n')  # hand-written, with no URL
    assert settings.load().token_for("https://any.example") == "loose"
    settings.save_token("https://a.example", "tok-a", also=("https://b.example",))
    data = tomllib.loads(settings.config_path().read_text())
    assert data == {"servers": {"https://a.example": {"token": "tok-a"},
                                "https://b.example": {"token": "loose"}}}  # fmt: skip


def test_a_broken_file_is_not_overwritten():
    write("name = [\n")
    with pytest.raises(ValueError, match="nothing was saved"):
        settings.save_token("https://a.example", "t")
    assert settings.config_path().read_text() == "name = [\n"


# ---- status updates: each audience's cadence, the announcement, destinations -----------------


def test_todays_cadence_file_reads_as_before_and_audiences_add_theirs(monkeypatch):
    from cockpit.core.vocabulary import Audience, Severity

    write("[cadence]\nSEV1 = 15\n")
    cads = settings.load().cadences
    assert cads[Audience.RESPONDERS][Severity.SEV1] == 15
    assert cads[Audience.EXEC][Severity.SEV1] is None
    write("[cadence]\nSEV1 = 15\nexec = 60\n[cadence.customers]\nSEV1 = 30\n")
    cads = settings.load().cadences
    assert (cads[Audience.EXEC][Severity.SEV3], cads[Audience.CUSTOMERS][Severity.SEV1]) == (60, 30)
    monkeypatch.setenv("COCKPIT_CADENCE", '{"support": {"SEV2": 45}}')
    assert settings.load().cadences[Audience.SUPPORT][Severity.SEV2] == 45


def test_a_cadence_typo_is_an_error_that_names_it():
    write("[cadence]\nexecs = 60\nboard = 60\n")
    with pytest.raises(ValidationError, match="'board' is neither a severity"):
        settings.load()


def test_the_announcement_fills_in_the_incident():
    write('[announce]\ncall = "https://meet.example/inc-{number}"\nchannel = "#{incident}"\n')
    assert settings.load().announce.where("INC-42") == ("https://meet.example/inc-42", "#INC-42")
    write('[announce]\ncal = "x"\n')
    with pytest.raises(ValidationError, match="cal"):
        settings.load()


def test_destinations_are_read_by_name_and_a_typo_in_one_is_an_error(monkeypatch):
    write('[destinations.inc-42]\ntype = "slack"\nurl_env = "SLACK_URL"\n'
          '[destinations.execs]\ntype = "email"\nsmtp_host = "smtp.example.com"\n'
          'from = "ic@example.com"\nto = ["vp@example.com"]\naudiences = ["exec"]\n')  # fmt: skip
    s = settings.load()
    assert list(s.destinations) == ["inc-42", "execs"]
    assert s.destinations["execs"].from_ == "ic@example.com"
    assert s.destinations["inc-42"].timeout == 10 and s.destinations["inc-42"].give_up_after == 60
    write('[destinations.x]\ntype = "slack"\nurll = "https://x"\n')
    with pytest.raises(ValidationError, match="urll"):
        settings.load()
    write('[destinations.x]\ntype = "pigeon"\n')
    with pytest.raises(ValidationError, match="type"):
        settings.load()
    write('[destinations."a,b"]\ntype = "slack"\n')
    with pytest.raises(ValidationError, match="no comma"):
        settings.load()
    write("")
    monkeypatch.setenv("COCKPIT_DESTINATIONS", '{"ops": {"type": "webhook", "url_env": "U"}}')
    assert settings.load().destinations["ops"].type == "webhook"


def test_the_nudges_section_sets_each_threshold(monkeypatch):
    from datetime import UTC, time, timedelta

    write('[nudges]\nbreak_every_minutes = 90\nnight_start = "23:30"\n')
    t = settings.load().nudges.thresholds(UTC)
    assert t.break_every == timedelta(minutes=90) and t.night_start == time(23, 30)
    assert t.idle == timedelta(minutes=5) and t.tz is UTC  # the rest keep their defaults
    monkeypatch.setenv("COCKPIT_NUDGES", '{"idle_minutes": 7}')
    assert settings.load().nudges.idle_minutes == 7
    monkeypatch.delenv("COCKPIT_NUDGES")
    for bad, named in (('break_evry_minutes = 9', "break_evry_minutes"),
                       ('night_end = "25:00"', "not a time of day"),
                       ("idle_minutes = 0", "idle_minutes")):  # fmt: skip
        write(f"[nudges]\n{bad}\n")
        with pytest.raises(ValidationError, match=named):
            settings.load()
