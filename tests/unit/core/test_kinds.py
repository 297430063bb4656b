"""One list of kinds: every body model has its row in `cockpit.core.kinds`, and every list of
kinds elsewhere is derived from that table."""

from typing import get_args

import pytest

from cockpit.core import events as ev
from cockpit.core import kinds
from cockpit.core.vocabulary import Resolution


def model_kinds() -> set[str]:
    union = get_args(ev.Body)[0]
    return {k for model in get_args(union) for k in get_args(model.model_fields["kind"].annotation)}


def test_every_body_model_has_a_row_and_every_row_a_model():
    assert model_kinds() == set(kinds.KINDS)
    assert len(kinds.KINDS) == len(set(kinds.KINDS))
    assert set(get_args(ev.Entry.model_fields["kind"].annotation)) == set(kinds.ENTRY_KINDS)


def test_the_derived_lists():
    assert kinds.ENTRY_KINDS == ("note", "decision", "evidence", "action", "hypothesis", "question")
    assert {"note", "decision", "evidence", "action"} == kinds.PLAIN_KINDS
    assert kinds.OPEN_KINDS == ("hypothesis", "question")
    assert set(kinds.SUMMARY_KINDS) == {
        "incident_declared",
        "field_set",
        "severity_set",
        "phase_set",
        "entry_redacted",  # a redacted declaration or field hides the title in every list
        "incident_restricted",  # who may see it in the server's list (core/restriction.py)
    }
    assert {"entry_edited", "entry_redacted"} == kinds.CHANGE_KINDS
    assert dict(kinds.ABOUT_FIELD) == {"entry_resolved": "target", "mitigation_outcome": "mitigation",
                                       "task_status": "target", "entry_pinned": "target",
                                       "followup_set": "target",
                                       "question_settled": "target", "delivery": "update"}  # fmt: skip
    for kind, field in kinds.ABOUT_FIELD.items():  # the field exists on the model
        model = next(m for m in get_args(get_args(ev.Body)[0])
                     if kind in get_args(m.model_fields["kind"].annotation))  # fmt: skip
        assert field in model.model_fields


@pytest.mark.parametrize("kind", kinds.TABLE, ids=lambda k: k.name)
def test_labels_are_whole_words_that_fit(kind):
    """Issue 11 item 7: `MITI` and `reso` at 80x24. Labels fit their columns as written."""
    pairs = [(kind.label, kind.short), *((lab, sh) for _, lab, sh in kind.variants)]
    for label, short in pairs:
        assert 0 < len(label) <= kinds.LABEL_WIDTH and 0 < len(short) <= kinds.SHORT_WIDTH
        for word in (label, short):
            assert word.replace(" ", "").isalpha(), word
    if kind.entry:
        assert kind.prompt


def test_a_settled_hypothesis_is_named_for_how_never_resolved():
    labels = {
        r: kinds.label("entry_resolved", ev.EntryResolved(target="x", resolution=r))
        for r in Resolution
    }
    assert labels == {Resolution.CONFIRMED: "confirmed", Resolution.RULED_OUT: "ruled out",
                      Resolution.ANSWERED: "answered"}  # fmt: skip
    assert all("resolved" not in k.label + k.short for k in kinds.TABLE)
    short = kinds.label("entry_resolved", ev.EntryResolved(target="x", resolution="ruled_out"),
                        short=True)  # fmt: skip
    assert short == "excluded"


def test_a_kind_this_version_does_not_know_reads_as_its_name():
    assert kinds.label("impact_started") == "impact_st…"
    assert kinds.label("impact_started", short=True) == "impact_…"
    assert kinds.label("slo") == "slo" and kinds.of("slo").colour == "kind-system"
