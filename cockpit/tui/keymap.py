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
    # Does it write to the incident (or lead to a form that does)? A follower (`cockpit watch`,
    # `cockpit web`) has only the actions that do not: anything new writes unless it says so.
    writes: bool = True
    # What else people call it, at 3 a.m.: the palette finds it by these first ("resolve" is
    # a phase change). Shown after the help, where the help does not say them already.
    words: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The palette's line: the help, and the words it does not already say."""
        said = self.help.lower()
        more = [w for w in self.words if w.lower() not in said]
        return f"{self.help} ({', '.join(more)})" if more else self.help


# Correcting the record and finding things (screens/record_actions.py). The ones that act on
# the selected entry are also bound on the timeline, shown in the footer while a row is selected.
RECORD_ACTIONS: tuple[Action, ...] = (
    # first, so that the footer shows it whenever it applies (only then)
    Action(
        "clear_view",
        "escape",
        "clear_view",
        "Show all",
        "Clear the filter, search and selection",
        writes=False,
    ),
    Action("edit", "E", "edit_entry", "Edit", "Edit the selected entry (or your last one)", False),
    Action(
        "redact",
        "R",
        "redact_entry",
        "Redact",
        "Redact the selected entry, after confirming",
        False,
        words=("secret", "hide"),
    ),
    Action(
        "history",
        "v",
        "entry_history",
        "History",
        "Show the selected entry's history",
        False,
        writes=False,
    ),
    Action("pin", "P", "pin_entry", "Pin", "Pin or unpin the selected entry", False),
    Action(
        "pinned",
        "b",
        "view_pinned",
        "Pinned",
        "Show only pinned entries (again: all)",
        False,
        writes=False,
    ),
    Action(
        "decisions",
        "D",
        "view_decisions",
        "Decision log",
        "Show only decisions: the decision log (again: all)",
        False,
        writes=False,
    ),
    Action(
        "common_ground",
        "g",
        "common_ground",
        "Common ground",
        "Open hypotheses and questions: confirm, rule out, answer",
        False,
        writes=False,  # a follower sees the list; its confirm, rule out and answer are gone
        words=("settle", "hypotheses"),
    ),
    Action(
        "filter",
        "f",
        "filter_timeline",
        "Filter",
        "Filter the timeline by kind, author, #tag",
        False,
        writes=False,
    ),
    Action(
        "search",
        "slash",
        "search",
        "Search",
        "Search the timeline as you type",
        False,
        writes=False,
    ),
    Action(
        "jump", "j", "jump_to_time", "Jump", "Jump to a time (14:02, -30m)", False, writes=False
    ),
    Action(
        "times",
        "z",
        "cycle_times",
        "Times",
        "Show times local, UTC, or since declaration (T+00:42)",
        False,
        writes=False,
    ),
)
SELECTION_IDS = ("edit", "redact", "history", "pin")

ACTIONS: tuple[Action, ...] = (
    # first, so that the footer shows it whenever it applies (only then)
    Action(
        "clear_view",
        "escape",
        "clear_view",
        "Show all",
        "Clear the filter, search and selection",
        writes=False,
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
    Action(
        "severity",
        "s",
        "severity",
        "Severity",
        "Change the severity, with a reason",
        words=("escalate", "downgrade", "SEV"),
    ),  # fmt: skip
    Action(
        "intake",
        "I",
        "intake",
        "Intake",
        "Answer the intake: impact, when it started, what changed, who to tell",
        False,
        words=("title", "rename"),
    ),
    Action(
        "phase",
        "p",
        "phase",
        "Phase",
        "Move the incident to another phase",
        False,
        words=("resolve", "close", "reopen", "monitoring"),
    ),  # fmt: skip
    Action("assign", "a", "assign", "Assign", "Assign a role to someone"),
    Action(
        "handover",
        "h",
        "handover",
        "Handover",
        "Hand over Incident Commander, with a briefing",
        words=("hand off", "shift change"),
    ),
    Action("release", "x", "release", "Release role", "Release someone from a role", False),
    Action("mitigate", "m", "mitigate", "Mitigate", "Start a mitigating action (one at a time)"),
    Action("outcome", "o", "outcome", "Outcome", "Record the current mitigation's outcome"),
    Action(
        "update",
        "u",
        "post_update",
        "Update",
        "Compose a status update: audience, template, preview, where it goes",
    ),
    Action("delegate", "t", "delegate", "Task", "Delegate a task to a named person", False),
    Action(
        "inbox",
        "Q",
        "inbox",
        "Inbox",
        "Stakeholders' questions: answer, defer to the next update, or pass on as a task",
        False,
    ),
    Action("ack", "k", "ack", "Ack task", "Mark a delegated task acknowledged or done", False),
    Action(
        "checklist",
        "c",
        "focus_checklist",
        "Checklist",
        "Go to the checklist (space ticks)",
        writes=False,
    ),  # going there reads; its tick is the pane's, refused to a follower
    # People and pace (screens/pace_actions.py)
    Action(
        "nudges",
        "exclamation_mark",
        "nudges",
        "Nudges",
        "Everything that needs attention, and why (Enter deals with one, s snoozes it)",
        False,
        writes=False,  # a follower reads the list; what its Enter and s open is refused
    ),
    Action(
        "snooze",
        "S",
        "snooze_nudge",
        "Snooze",
        "Snooze the most urgent nudge until a time, with a reason everyone sees",
        False,
    ),
    Action(
        "check_in",
        "C",
        "check_in",
        "Check-in",
        "Post a check-in: the impact, the actions in progress and when each should finish",
        False,
    ),
    Action(
        "record_break",
        "B",
        "record_break",
        "Break",
        "Record a break (or someone leaving or joining the call)",
        False,
    ),
    Action("page", "G", "page", "Page", "Page someone: records who, how and when", False),
    Action(
        "roster",
        "r",
        "toggle_roster",
        "Roster",
        "Role board: who is on the call, time on duty, breaks, pages (again: the roles)",
        False,
        writes=False,
    ),
    Action(
        "milestone",
        "M",
        "milestone",
        "Milestone",
        "Record a milestone: impact started or ended, detected, cause found, mitigated, page answered",
        False,
    ),
    Action(
        "metrics",
        "N",
        "metrics",
        "Metrics",
        "The incident's numbers (time to detect, mitigate, resolve...) with their definitions",
        False,
        writes=False,  # a follower reads the numbers too
    ),
    # The end of an incident (screens/closing_actions.py); each only when it applies.
    Action(
        "all_clear",
        "A",
        "all_clear",
        "All clear",
        "All clear: post the final update and stand the responders down (once resolved)",
    ),
    Action(
        "reopen",
        "O",
        "reopen",
        "Reopen",
        "Reopen a resolved or closed incident, with a reason",
        False,
    ),
    Action(
        "resolve",
        "X",
        "resolve_conflict",
        "Resolve conflict",
        "Settle a conflict: two people set the same thing without seeing each other",
        words=("settle", "conflict"),
    ),
    Action(
        "followups",
        "F",
        "followups",
        "Follow-ups",
        "Follow-ups: add an action item (owner, due date, kind), close one with a note",
        False,
        writes=False,  # a follower sees the list; its add, close and reopen are gone
    ),
    Action(
        "postmortem",
        "W",
        "write_postmortem",
        "Postmortem",
        "Write the postmortem draft (Markdown) and the JSON export to files, and say where",
        False,  # writes files on this machine: not a follower's (a browser's would, on the host)
    ),
    Action(
        "timeline",
        "l",
        "focus_timeline",
        "Timeline",
        "Go to the timeline to scroll it",
        False,
        writes=False,
    ),
    # Writes (its picker declares), and a follower sees the one incident it was given.
    Action(
        "switch", "i", "switch_incident", "Incidents", "Open another incident or declare one", False
    ),
    Action(
        "links",
        "L",
        "links",
        "Links",
        "Linked incidents and child workstreams, live: open one, link or unlink",
        False,
        writes=False,  # reading; its view's own keys that link and unlink are a follower's no
    ),
    Action(
        "call_view",
        "V",
        "call_view",
        "Call view",
        "The call view, to share on a video call: big countdown, severity, facts (again: back)",
        writes=False,  # a follower shares its screen too
    ),
    Action(
        "theme",
        "ctrl+t",
        "choose_theme",
        "Theme",
        "Choose the colour theme (remembered)",
        False,
        writes=False,  # a follower's choice lasts the run: it never writes the config file
    ),
    *(a for a in RECORD_ACTIONS if a.id != "clear_view"),  # that one is first here too
    Action(
        "help",
        "f1",
        "help",
        "Help",
        "Show every key and what it does",
        writes=False,
        words=("shortcuts", "keys"),
    ),  # fmt: skip
    Action(
        "quit",
        "ctrl+q",
        "quit",
        "Quit",
        "Leave the cockpit (everything is already saved)",
        False,
        writes=False,
    ),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}


def action_name(action: str) -> str:
    """`entry('note')` -> `entry`: the name Textual's check_action is asked about."""
    return action.split("(", 1)[0]


# The screen's actions (by name) that write: a follower's screen refuses each (check_action),
# so their keys are absent from its footer, palette and F1. An action named here by any Action
# that writes counts as writing, whatever other Actions of the same name say.
WRITING = frozenset(action_name(a.action) for a in ACTIONS if a.writes)


def writes(action: str) -> bool:
    """Does this screen action (`entry`, `selected('pin_entry')`, `pin_entry`) write?"""
    name = action_name(action)
    if name == "selected" and "(" in action:  # the timeline's keys for the selected entry
        return writes(action.split("(", 1)[1].strip("()'\""))
    return name in WRITING


def follower_actions() -> tuple[Action, ...]:
    """What a follower may do: the actions that do not write, in the keymap's order."""
    return tuple(a for a in ACTIONS if not writes(a.action))


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
             "enter": "Enter", "full_stop": ".", "comma": ",", "minus": "-", "plus": "+",
             "exclamation_mark": "!"}  # fmt: skip


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


def watching(app: object) -> bool:
    """Is this app a follower's (`cockpit watch`, `cockpit web`): read-only?"""
    return getattr(app, "watching", None) is not None


def may(app: object, action_id: str) -> bool:
    """May this app run the action? A follower runs none that writes."""
    return not (BY_ID[action_id].writes and watching(app))


def offer(app: object, action_id: str, text: str) -> str:
    """`text` with `{key}` as the action's key now, where the app may run it; else "": a pane
    offers a follower no key it does not have (`— press u` under an overdue update)."""
    return text.format(key=hint(app, action_id)) if may(app, action_id) else ""


def typing_actions(keymap: dict[str, str]) -> frozenset[str]:
    """The screen's actions (as in `Action.action`) every key of which types into a text
    field, user remaps included: they are off while a text field has the focus."""
    return frozenset(
        a.action for a in ACTIONS
        if all(typed(k.strip()) for k in key_for(a.id, keymap).split(","))
    )  # fmt: skip
