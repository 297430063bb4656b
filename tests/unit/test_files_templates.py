"""A team's own update templates: files in the config folder's templates/, checked as loaded."""

from cockpit import settings
from cockpit.core import updates
from cockpit.core.vocabulary import Audience
from cockpit.files import templates as template_files

EXEC_BRIEF = '''title = "Executive brief"
audiences = ["exec"]
key = "x"
text = """
{incident} {severity}: {impact}
Decision needed: ‹the decision, or none›
{next_line}
"""
'''


def write(name: str, text: str) -> None:
    folder = settings.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_a_teams_template_loads_beside_the_built_in_ones():
    write("Exec Brief.toml", EXEC_BRIEF)
    write("status.toml", 'title = "Status page"\n[texts]\ncustomers = "{stage}: {stage_statement}"\n'
                         'support = "{incident}: {status_page}"\n')  # fmt: skip
    write("plain.toml", 'title = "Plain"\ntext = "{incident}: ‹what›"\n')
    loaded = template_files.load(settings.user_templates_dir())
    assert loaded.notices == []
    brief, plain, status = loaded.templates
    assert (brief.name, brief.key, brief.audiences, brief.own) == (
        "exec-brief", "x", (Audience.EXEC,), True,
    )  # fmt: skip
    assert brief.texts[Audience.EXEC].startswith("{incident} {severity}")
    assert plain.audiences == updates.INTERNAL  # no audiences: the three internal ones
    assert plain.key == "l"  # "p" is the composer's; the next free letter of its name
    assert status.audiences == (Audience.SUPPORT, Audience.CUSTOMERS)
    assert [t.name for t in loaded.all()][:3] == ["sbar", "can", "announcement"]


def test_templates_that_cannot_be_used_are_skipped_with_one_line_each():
    write("sbar.toml", 'title = "Mine"\ntext = "{incident}"\n')
    write("leaky.toml", 'title = "L"\naudiences = ["customers"]\ntext = "{stage} by {ic}"\n')
    write("typo.toml", 'title = "T"\ntext = "{severty}"\n')
    write("both.toml", 'title = "B"\ntext = "x"\n[texts]\nexec = "y"\n')
    write("who.toml", 'title = "W"\naudiences = ["board"]\ntext = "x"\n')
    write("broken.toml", "title = \n")
    write("extra.toml", 'title = "E"\ntext = "x"\ncolour = "red"\n')
    loaded = template_files.load(settings.user_templates_dir())
    assert loaded.templates == ()
    notes = dict(n.split(" skipped: ", 1) for n in loaded.notices)
    assert "the name 'sbar' is taken" in notes["template sbar.toml"]
    assert "{ic} is internal and the text is for customers" in notes["template leaky.toml"]
    assert "{severty} is not a fact" in notes["template typo.toml"]
    assert "one of the two" in notes["template both.toml"]
    assert "unknown audience 'board'" in notes["template who.toml"]
    assert "cannot read it" in notes["template broken.toml"]
    assert "colour" in notes["template extra.toml"]


def test_a_key_already_taken_moves_to_a_free_letter_and_says_so():
    write("a.toml", 'title = "A"\nkey = "s"\ntext = "x"\n')
    loaded = template_files.load(settings.user_templates_dir())
    (a,) = loaded.templates
    assert a.key == ""  # "s" is SBAR's and "a" the announcement's: no free letter left
    assert loaded.notices == ["template a.toml: key 's' is taken; it has no key"]


def test_no_folder_no_templates():
    assert template_files.load(settings.user_templates_dir()).templates == ()
