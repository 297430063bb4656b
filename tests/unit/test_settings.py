"""Configuration: the file, then COCKPIT_* variables, then flags; typos are errors."""

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
    write(
        'name = "file"\ntheme = "cockpit-light"\n[cadence]\nSEV1 = 15\n[sync]\nurl = "http://a"\n'
    )
    assert settings.load().name == "file"
    assert settings.load().cadence == {"SEV1": 15}
    monkeypatch.setenv("COCKPIT_NAME", "env")
    monkeypatch.setenv("COCKPIT_SYNC__TOKEN", "t0k")
    monkeypatch.setenv("COCKPIT_KEYS", '{"note": "ctrl+n"}')
    s = settings.load(theme="cockpit-contrast")
    assert (s.name, s.theme, s.keys) == ("env", "cockpit-contrast", {"note": "ctrl+n"})
    assert (s.sync.url, s.sync.token) == ("http://a", "t0k")  # nested keys merge


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
