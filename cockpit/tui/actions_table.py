"""Every action of the main screen: its binding id, default key, footer label, help, whether
it writes, and the other words people call it. One table: cockpit.tui.keymap makes the
bindings, the footer, the palette and F1 from it."""

from __future__ import annotations

from dataclasses import dataclass


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
