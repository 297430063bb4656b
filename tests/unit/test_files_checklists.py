from cockpit import settings
from cockpit.files import checklists as checklist_files


def test_user_checklists_load_and_bad_files_are_skipped_with_a_notice():
    folder = settings.user_checklists_dir()
    folder.mkdir(parents=True)
    (folder / "High CPU API.toml").write_text(
        'title = "High CPU on API server"\nitems = ["Check top", "Check top", "Scale out"]\n'
    )
    (folder / "broken.toml").write_text("title = \n")
    (folder / "empty.toml").write_text('title = "Nothing"\nitems = []\n')
    (folder / "high_cpu_api.toml").write_text('title = "Same name"\nitems = ["x"]\n')
    (folder / "typo.toml").write_text('title = "T"\nitem = ["x"]\n')
    loaded = checklist_files.load(folder)
    (c,) = loaded.checklists
    assert (c.name, c.title, c.items) == (
        "high-cpu-api",
        "High CPU on API server",
        ("Check top", "Scale out"),
    )
    notes = " | ".join(loaded.notices)
    for name in ("broken.toml", "empty.toml", "high_cpu_api.toml", "typo.toml"):
        assert name in notes
    assert "taken" in notes and "items" in notes


def test_a_file_named_for_a_built_in_checklist_replaces_it():
    from cockpit.core import checklists
    from cockpit.core.vocabulary import Phase

    folder = settings.user_checklists_dir()
    folder.mkdir(parents=True)
    (folder / "resolution.toml").write_text(
        'title = "Our criteria"\nitems = ["Error budget burn back to normal", "Support agrees"]\n'
    )
    own = checklist_files.load(folder).checklists
    assert [c.name for c in own] == ["resolution"]
    mine = checklists.named("resolution", own)
    assert mine.items == ("Error budget burn back to normal", "Support agrees")
    assert checklists.for_phase(Phase.MONITORING, own) is mine  # where the built-in one was
    names = [c.name for c in checklists.every(own)]
    assert names == ["intake", "kickoff", "resolution", "recovery"]  # in its place, once
    assert checklists.named("resolution") is checklists.RESOLUTION  # without the file


def test_no_folder_no_checklists():
    assert checklist_files.load(settings.user_checklists_dir()).checklists == ()


def test_the_cli_ticks_a_users_checklist(tmp_path, capsys):
    from cockpit.cli.main import main

    folder = settings.user_checklists_dir()
    folder.mkdir(parents=True)
    (folder / "db-failover.toml").write_text(
        'title = "DB failover"\nitems = ["Freeze writes", "Promote replica"]\n'
    )
    db = str(tmp_path / "c.sqlite3")
    assert main(["--db", db, "declare", "DB down"]) == 0
    assert main(["--db", db, "check", "INC-1", "db-failover", "promote"]) == 0
    assert main(["--db", db, "timeline", "INC-1", "--json"]) == 0
    assert "db-failover: Promote replica" in capsys.readouterr().out


def test_a_folder_watch_sees_a_file_added_edited_in_place_and_removed(tmp_path):
    from cockpit.files.folder import FolderWatch

    watch = FolderWatch(tmp_path)
    assert not watch.changed()
    f = tmp_path / "a.toml"
    f.write_text('title = "A"\nitems = ["x"]\n')
    assert watch.changed()
    assert not watch.changed()
    f.write_text('title = "A"\nitems = ["x", "y"]\n')  # same folder mtime, new size
    assert watch.changed()
    (tmp_path / "notes.txt").write_text("not a checklist")
    assert not watch.changed()
    f.unlink()
    assert watch.changed()
