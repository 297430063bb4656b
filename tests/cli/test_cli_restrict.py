"""`cockpit declare --restricted` and `cockpit restrict`: the restriction as an event (in the
timeline, by whom), `RESTRICTED` in `show`, and names checked before anything is written."""

from cockpit.store import Store


def test_declare_restricted_and_restrict_then_lift(cli, db_path):
    assert cli.ok("--author", "alice", "declare", "Leaked key", "--restricted",
                  " alice , Bob,bob ,") == "INC-1"  # fmt: skip
    shown = cli("--author", "alice", "show", "INC-1").out.splitlines()
    assert shown[0] == "INC-1  RESTRICTED  Leaked key"
    assert "alice, Bob (and the server's admins) may see it" in shown[1]
    assert cli.show("INC-1")["restricted_to"] == ["alice", "Bob"]
    assert "restricted to alice, Bob" in cli.ok("restrict", "INC-1")
    cli.ok("--author", "alice", "restrict", "INC-1", "--lift")
    assert cli.show("INC-1")["restricted_to"] is None
    assert "RESTRICTED" not in cli.ok("show", "INC-1")
    assert "not restricted" in cli.ok("restrict", "INC-1")
    cli.ok("--author", "bob", "restrict", "INC-1", "bob,carol")
    r = cli("--author", "bob", "restrict", "INC-1", "carol,BOB")  # the same people: nothing
    assert r.code == 0 and "already restricted" in r.err
    timeline = cli.ok("timeline", "INC-1")
    assert "Restricted to alice, Bob" in timeline and "Restriction lifted" in timeline
    assert "Restricted to bob, carol" in timeline
    with Store.open(db_path) as s:
        kinds = [e.kind for e in s.events(s.incident("INC-1").id)]
    assert kinds.count("incident_restricted") == 3


def test_names_are_checked_before_anything_is_written(cli, db_path):
    r = cli("--author", "alice", "declare", "X", "--restricted", "bob")
    assert r.code == 2 and "name yourself too (alice)" in r.err and r.err.count("\n") == 1
    assert not db_path.exists()
    r = cli("--author", "alice", "declare", "X", "--restricted", " , ")
    assert r.code == 2 and "name the people" in r.err
    cli.ok("--author", "alice", "declare", "X")
    assert cli("--author", "alice", "restrict", "INC-1", "bob").code == 2
    assert cli("restrict", "INC-1", "bob", "--lift").code == 2
    cli.ok("--author", "alice", "restrict", "INC-1", "bob", "--without-me")  # handed over
    assert cli.show("INC-1")["restricted_to"] == ["bob"]
