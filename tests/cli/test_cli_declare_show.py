"""`declare`, `list` and `show`."""

from cockpit.store import Store


def test_declare_prints_the_number_alone_and_keeps_the_intake(cli, db_path):
    r = cli("declare", "Checkout errors", "--service", "checkout", "--summary", "5xx on pay",
            "--impact", "10% of EU", "--started", "13:50", "--changes", "deploy 42",
            "--notify", "support", "--severity", "2")  # fmt: skip
    assert (r.code, r.out, r.err) == (0, "INC-1\n", "")
    assert cli.ok("declare", "Second") == "INC-2"
    with Store.open(db_path) as s:
        assert [i.label for i in s.incidents()] == ["INC-1", "INC-2"]
    shown = cli.show("INC-1")
    assert shown["title"] == "Checkout errors"
    assert shown["severity"] == "SEV2"
    assert shown["fields"] == {"service": "checkout", "summary": "5xx on pay",
                               "impact": "10% of EU", "started": "13:50",
                               "changes": "deploy 42", "notify": "support"}  # fmt: skip


def test_declare_refuses_bad_severity_before_creating_the_file(cli, db_path):
    r = cli("declare", "X", "--severity", "SEV9")
    assert r.code == 2 and "unknown severity" in r.err and "SEV1" in r.err
    assert not db_path.exists()


def test_declare_refuses_an_empty_title(cli, db_path):
    r = cli("declare", "  ")
    assert r.code == 2 and r.err.count("\n") == 1
    assert not db_path.exists()


def test_list_shows_open_and_closed_with_severity_phase_title(cli, inc):
    cli.ok("declare", "Old one", "--severity", "SEV4")
    cli.ok("phase", "INC-2", "closed", "--override", "an old one: nothing left to do")
    cli.ok("severity", inc, "SEV1", "--reason", "spreading")
    lines = cli.ok("list").splitlines()
    assert lines[0].split()[:4] == ["INC-1", "open", "SEV1", "declared"]
    assert lines[0].endswith("Checkout API errors")
    assert lines[1].split()[:4] == ["INC-2", "closed", "SEV4", "closed"]
    assert [i["label"] for i in cli("list", "--open", "--json").json] == ["INC-1"]


def test_show_summarises_the_state(cli, inc):
    cli.ok("severity", inc, "SEV2", "--reason", "EU checkout down")
    cli.ok("phase", inc, "mitigating")
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("mitigation", inc, "start", "roll back deploy 42", "--by", "bob")
    cli.ok("task", inc, "add", "check the DB", "--to", "carol", "--due", "15m")
    cli.ok("check", inc, "kickoff", "1")
    cli.ok("note", inc, "is it DNS?", "--kind", "hypothesis")
    cli.ok("update", inc, "Investigating", "--next", "15")
    text = cli.ok("show", inc)
    assert text.startswith("INC-1  Checkout API errors")
    assert "SEV2, since 14:00" in text
    assert "a large share of customers" in text  # the definition
    assert "Phase     mitigating" in text
    assert "Incident Commander:     alice since" in text
    assert "Scribe:                 — nobody (fill it)" in text
    assert "roll back deploy 42 — bob" in text
    assert "carol: check the DB [not acknowledged, due 14:15]" in text
    assert "▶IC kick-off:          2/4" in text  # severity ticked; the update shows itself
    assert "Next update: 14:15 (in 14m) to responders" in text
    assert "hypothesis: is it DNS?" in text


def test_show_flags_an_overdue_update(cli, inc):
    cli.ok("severity", inc, "SEV1", "--reason", "spreading")
    cli.clock.advance(minutes=30)
    assert "OVERDUE by 10m" in cli.ok("show", inc)


def test_show_lists_a_conflict(cli, inc, db_path):
    from cockpit.core.compose import new_event

    with Store.open(db_path) as s:
        ref = s.incident(inc)
        state = s.state(ref.id)
        for who, sev in (("ann", "SEV1"), ("ben", "SEV3")):  # neither saw the other
            body = {"kind": "severity_set", "severity": sev}
            s.append(new_event(ref.id, who, body, cli.clock, state=state))
    text = cli.ok("show", inc)
    assert "Conflicts" in text and "SEV1 by ann" in text and "SEV3 by ben" in text
    assert cli.show(inc)["conflicts"] == [["severity"]]


def test_show_lists_the_users_own_checklists(cli, inc):
    from cockpit.settings import user_checklists_dir

    folder = user_checklists_dir()
    folder.mkdir(parents=True)
    (folder / "high-cpu.toml").write_text(
        'title = "High CPU on API server"\nitems = ["Check the top processes", "Scale out"]\n'
    )
    (folder / "broken.toml").write_text('title = "No items"\n')
    r = cli("show", inc)
    assert r.code == 0
    assert "High CPU on API server:" in r.out and "0/2  (yours)" in r.out
    assert "broken.toml skipped" in r.err  # one line saying why, the rest shown
    assert cli.show(inc)["checklists"]["high-cpu"] == [0, 2]
