"""The events' validators are built on first use, not at import (start-up speed, issue 12), and
`warm()` builds them all: checked in a fresh interpreter, since this one has used them."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=True, timeout=60)  # fmt: skip
    return done.stdout.strip()


def test_importing_the_events_builds_no_validator() -> None:
    out = run_fresh("""
        from cockpit.core import events
        from cockpit.core.questions import QuestionAsked
        print(events.Event.__pydantic_complete__, events.Entry.__pydantic_complete__,
              QuestionAsked.__pydantic_complete__, events.BODY.pydantic_complete)
    """)
    assert out == "False False False False"


def test_a_deferred_model_validates_and_refuses_on_first_use() -> None:
    out = run_fresh("""
        from pydantic import ValidationError
        from cockpit.core import events
        body = events.parse_body({"kind": "note", "text": "db failover"})
        print(type(body).__name__, body.text)
        try:
            events.parse_body({"kind": "severity_set", "severity": "SEV9"})
        except ValidationError:
            print("refused")
    """)
    assert out.splitlines() == ["Entry db failover", "refused"]


def test_warm_builds_every_kind_the_event_and_the_adapters() -> None:
    out = run_fresh("""
        from typing import get_args
        from cockpit.core import events
        events.warm()
        kinds = get_args(get_args(events.Body)[0])
        print(all(k.__pydantic_complete__ for k in kinds), len(kinds) > 30,
              events.Event.__pydantic_complete__, events.BODY.pydantic_complete,
              events.EVENT_LIST.pydantic_complete)
    """)
    assert out == "True True True True True"
