"""A team's own words for severities and roles: read wherever one is typed, kept as typed."""

from datetime import UTC

import pytest
from pydantic import ValidationError

from cockpit import settings
from cockpit.core import events as ev
from cockpit.core.aliases import Aliases
from cockpit.core.vocabulary import Role, Severity

WORDS = Aliases.from_words({"P0": "SEV1", "red": "sev1", "P1": "2"},
                           {"incident coordinator": "ic", "Comms-Person": "comms"})  # fmt: skip


def test_an_alias_reads_as_the_word_it_stands_for_and_says_it_was_one():
    assert WORDS.parse_severity("p0") == (Severity.SEV1, "p0")
    assert WORDS.parse_severity(" RED ") == (Severity.SEV1, "RED")
    assert WORDS.parse_severity("P1") == (Severity.SEV2, "P1")
    assert WORDS.parse_severity("sev3") == (Severity.SEV3, "")  # the cockpit's own word
    assert WORDS.parse_role("Incident  Coordinator") == (Role.IC, "Incident Coordinator")
    assert WORDS.parse_role("comms person") == (Role.COMMS_LEAD, "comms person")
    assert WORDS.parse_role("scribe") == (Role.SCRIBE, "")


def test_an_unknown_word_names_the_teams_words_too():
    with pytest.raises(ValueError, match=r"unknown severity 'P9'.*your words: P0, P1, red"):
        WORDS.parse_severity("P9")
    with pytest.raises(ValueError, match=r"unknown role 'boss'.*incident coordinator"):
        WORDS.parse_role("boss")


@pytest.mark.parametrize(
    ("severity", "role", "message"),
    [
        ({"SEV2": "SEV1"}, {}, "would redefine SEV2"),
        ({"2": "SEV1"}, {}, "would redefine SEV2"),
        ({"P0": "SEV9"}, {}, "severity alias 'P0': unknown severity 'SEV9'"),
        ({" ": "SEV1"}, {}, "a severity alias is empty"),
        ({"P0": "SEV1", "p0": "SEV2"}, {}, "given twice"),
        ({}, {"commander": "scribe"}, "would redefine Incident Commander"),
        ({}, {"boss": "janitor"}, "role alias 'boss': unknown role"),
    ],
)  # fmt: skip
def test_an_alias_that_cannot_be_is_refused_naming_it(severity, role, message):
    with pytest.raises(ValueError, match=message):
        Aliases.from_words(severity, role)


def test_labels_show_the_teams_words_beside_the_cockpits():
    assert WORDS.severity_label(Severity.SEV1) == "SEV1 (P0, red)"
    assert WORDS.severity_label(Severity.SEV4) == "SEV4"
    assert WORDS.role_label(Role.IC) == "Incident Commander (incident coordinator)"


def test_the_word_as_typed_is_written_only_when_an_alias_was_used():
    plain = ev.parse_body({"kind": "severity_set", "severity": "SEV1", "alias": ""})
    assert "alias" not in plain.model_dump_json()  # older readers read it as before
    said = ev.parse_body({"kind": "severity_set", "severity": "SEV1", "reason": "r", "alias": "P0"})
    assert '"alias":"P0"' in said.model_dump_json()
    assert said.describe(tz=UTC) == "Severity SEV1 (P0): r"
    role = ev.parse_body({"kind": "role_assigned", "role": "ic", "person": "bo", "alias": "ic2"})
    assert role.describe(tz=UTC) == "bo is Incident Commander (ic2)"


def test_the_config_tables(tmp_path, monkeypatch):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[aliases.severity]\nP0 = "SEV1"\nred = "SEV1"\n'
                    '[aliases.role]\n"incident coordinator" = "ic"\n'
                    '[working_hours]\nstart = "08:00"\nend = "18:00"\ndays = ["mon", "sat"]\n',
                    encoding="utf-8")  # fmt: skip
    s = settings.load()
    assert s.aliases.build().parse_severity("red") == (Severity.SEV1, "red")
    assert s.working_hours.build().days == frozenset({0, 5})
    path.write_text('[aliases.severity]\nP0 = "SEV7"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="severity alias 'P0'"):
        settings.load()
    path.write_text("[aliases]\nseverty = {}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="severty"):
        settings.load()
    path.write_text('[working_hours]\nstart = "9am"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="9am"):
        settings.load()
    path.write_text("", encoding="utf-8")
    monkeypatch.setenv("COCKPIT_ALIASES", '{"severity": {"P0": "SEV1"}}')
    assert settings.load().aliases.severity == {"P0": "SEV1"}
