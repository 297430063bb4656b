"""Every action of the main screen: its binding id, default key, footer label and help.

The binding id is what users remap in the config file (`keys = {note = "ctrl+n"}`); the
same table feeds the footer, the command palette and the F1 help, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Action:
    id: str  # binding id, remappable
    key: str  # default key
    action: str  # the screen's action, e.g. "entry('note')"
    label: str  # short, for the footer
    help: str  # one line, for the palette and F1
    show: bool = True  # in the footer


# Correcting the record and finding things (screens/record_actions.py). The ones that act on
# the selected entry are also bound on the timeline, shown in the footer while a row is selected.
RECORD_ACTIONS: tuple[Action, ...] = (
    # first, so that the footer shows it whenever it applies (only then)
    Action(
        "clear_view", "escape", "clear_view", "Show all", "Clear the filter, search and selection"
    ),
    Action("edit", "E", "edit_entry", "Edit", "Edit the selected entry (or your last one)", False),
    Action(
        "redact",
        "R",
        "redact_entry",
        "Redact",
        "Redact the selected entry, after confirming",
        False,
    ),
    Action("history", "v", "entry_history", "History", "Show the selected entry's history", False),
    Action("pin", "P", "pin_entry", "Pin", "Pin or unpin the selected entry", False),
    Action("pinned", "b", "view_pinned", "Pinned", "Show only pinned entries (again: all)", False),
    Action(
        "decisions",
        "D",
        "view_decisions",
        "Decision log",
        "Show only decisions: the decision log (again: all)",
        False,
    ),
    Action(
        "common_ground",
        "g",
        "common_ground",
        "Common ground",
        "Open hypotheses and questions: confirm, rule out, answer",
        False,
    ),
    Action(
        "filter",
        "f",
        "filter_timeline",
        "Filter",
        "Filter the timeline by kind, author, #tag",
        False,
    ),
    Action("search", "slash", "search", "Search", "Search the timeline as you type", False),
    Action("jump", "j", "jump_to_time", "Jump", "Jump to a time (14:02, -30m)", False),
    Action(
        "times",
        "z",
        "cycle_times",
        "Times",
        "Show times local, UTC, or since declaration (T+00:42)",
        False,
    ),
)
SELECTION_IDS = ("edit", "redact", "history", "pin")

ACTIONS: tuple[Action, ...] = (
    # first, so that the footer shows it whenever it applies (only then)
    Action(
        "clear_view", "escape", "clear_view", "Show all", "Clear the filter, search and selection"
    ),
    Action("note", "n", "entry('note')", "Note", "Record a note in the timeline"),
    Action("decision", "d", "entry('decision')", "Decision", "Record a decision"),
    Action(
        "evidence",
        "e",
        "entry('evidence')",
        "Evidence",
        "Record evidence (log lines, links)",
        False,
    ),
    Action("action_taken", "w", "entry('action')", "Action", "Record an action taken", False),
    Action("hypothesis", "y", "entry('hypothesis')", "Hypothesis", "Record a hypothesis", False),
    Action("question", "q", "entry('question')", "Question", "Record an open question", False),
    Action("severity", "s", "severity", "Severity", "Change the severity, with a reason"),
    Action(
        "intake",
        "I",
        "intake",
        "Intake",
        "Answer the intake: impact, when it started, what changed, who to tell",
        False,
    ),
    Action("phase", "p", "phase", "Phase", "Move the incident to another phase", False),
    Action("assign", "a", "assign", "Assign", "Assign a role to someone"),
    Action(
        "handover", "h", "handover", "Handover", "Hand over Incident Commander, with a briefing"
    ),
    Action("release", "x", "release", "Release role", "Release someone from a role", False),
    Action("mitigate", "m", "mitigate", "Mitigate", "Start a mitigating action (one at a time)"),
    Action("outcome", "o", "outcome", "Outcome", "Record the current mitigation's outcome"),
    Action("update", "u", "post_update", "Update", "Post a stakeholder status update"),
    Action("delegate", "t", "delegate", "Task", "Delegate a task to a named person", False),
    Action("ack", "k", "ack", "Ack task", "Mark a delegated task acknowledged or done", False),
    Action("checklist", "c", "focus_checklist", "Checklist", "Go to the checklist (space ticks)"),
    Action(
        "resolve",
        "X",
        "resolve_conflict",
        "Resolve conflict",
        "Settle a conflict: two people set the same thing without seeing each other",
    ),
    Action("timeline", "l", "focus_timeline", "Timeline", "Go to the timeline to scroll it", False),
    Action(
        "switch", "i", "switch_incident", "Incidents", "Open another incident or declare one", False
    ),
    Action(
        "theme", "ctrl+t", "choose_theme", "Theme", "Choose the colour theme (remembered)", False
    ),
    *(a for a in RECORD_ACTIONS if a.id != "clear_view"),  # that one is first here too
    Action("help", "f1", "help", "Help", "Show every key and what it does"),
    Action(
        "quit", "ctrl+q", "quit", "Quit", "Leave the cockpit (everything is already saved)", False
    ),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}


def bindings() -> list[BindingType]:
    """The main screen's bindings. Priority bindings run as the app reads the key, before it
    hands the next key to the focused widget: so keys typed right behind `n` (or `a`, `s`...)
    land in the entry bar (or the form) it opens, not in the timeline it leaves. While a text
    field has the focus, the screen's check_action turns off those bound to keys that type
    (`typed`). Esc stays ordinary: the entry bar and the search bar have their own first; so
    do the selected-entry keys, which the timeline also binds (and shows) while a row is
    selected: a priority binding of the screen would hide the timeline's."""
    return [
        Binding(
            a.key,
            a.action,
            a.label,
            show=a.show,
            id=a.id,
            tooltip=a.help,
            priority=a.id != "clear_view" and a.id not in SELECTION_IDS,
        )  # fmt: skip
        for a in ACTIONS
    ]


# Keys that type nothing into a text field (a key with ctrl or alt never types either).
NOT_TYPED = frozenset({
    "escape", "enter", "tab", "backspace", "delete", "insert", "home", "end", "pageup",
    "pagedown", "up", "down", "left", "right",
    *(f"f{n}" for n in range(1, 25)),
})  # fmt: skip


def typed(key: str) -> bool:
    """Does this key (Textual's name, e.g. "n", "slash", "ctrl+t") type into a text field?"""
    *modifiers, base = key.split("+")
    return not ({"ctrl", "alt", "super", "meta", "hyper"} & set(modifiers)) and (
        base not in NOT_TYPED
    )


def selection_bindings() -> list[Binding]:
    """The selected-entry actions, for the timeline: shown in the footer while a row is
    selected (same ids, so a user's remap moves both)."""
    return [
        Binding(a.key, f"selected({a.action!r})", a.label, id=a.id, tooltip=a.help)
        for a in RECORD_ACTIONS
        if a.id in SELECTION_IDS
    ]


def key_for(action_id: str, keymap: dict[str, str]) -> str:
    """The key that runs an action now, user remaps included."""
    return keymap.get(action_id, BY_ID[action_id].key)


KEY_SIGNS = {"slash": "/", "question_mark": "?", "space": "space", "escape": "Esc",
             "enter": "Enter", "full_stop": ".", "comma": ",", "minus": "-", "plus": "+"}  # fmt: skip


def key_label(key: str) -> str:
    """A key as a hint names it: `n`, `/`, `F1`, `ctrl+t` (the first of several)."""
    key = key.split(",")[0].strip()
    *mods, base = key.split("+")
    base = KEY_SIGNS.get(base, base)
    if base[:1] == "f" and base[1:].isdigit():
        base = base.upper()
    return "+".join([*mods, base])


def hint(app: object, action_id: str) -> str:
    """The key that runs an action in this app now, as a hint names it: messages and panes
    say the key the user has bound, not the default (`keys = {assign = "A"}` in the config)."""
    return key_label(key_for(action_id, getattr(app, "keymap_overrides", {})))


def typing_actions(keymap: dict[str, str]) -> frozenset[str]:
    """The screen's actions (as in `Action.action`) every key of which types into a text
    field, user remaps included: they are off while a text field has the focus."""
    return frozenset(
        a.action for a in ACTIONS
        if all(typed(k.strip()) for k in key_for(a.id, keymap).split(","))
    )  # fmt: skip
