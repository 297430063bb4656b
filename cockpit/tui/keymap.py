"""The keymap: the table of every action (cockpit.tui.actions_table, re-exported here) turned
into the screen's bindings, what a follower may do, which keys type into a text field, and
the key a hint names now (user remaps included).

The binding id is what users remap in the config file (`keys = {note = "ctrl+n"}`); the
same table feeds the footer, the command palette and the F1 help, so they never disagree.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from cockpit.tui.actions_table import ACTIONS as ACTIONS
from cockpit.tui.actions_table import BY_ID as BY_ID
from cockpit.tui.actions_table import RECORD_ACTIONS as RECORD_ACTIONS
from cockpit.tui.actions_table import SELECTION_IDS as SELECTION_IDS
from cockpit.tui.actions_table import Action as Action


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
