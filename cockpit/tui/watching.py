"""A follower's cockpit (`cockpit watch`, `cockpit web`): every pane live, nothing written.

A follower never writes to the shared incident, even by accident. Four locks, each enough:
- the keys: every action of the keymap that writes (keymap.Action.writes, the default for
  anything new) is refused by the screen's check_action, so it is absent from the footer, the
  palette and F1, and its key does nothing; the panes' own writing keys (a checklist tick, the
  common ground's confirm/rule out/answer, the selected entry's edit/redact/pin) likewise;
- the save path: the screen's `save` refuses before an event is even made (saving.py);
- the writer: `RefusingWriter` answers every event with a failure, never a commit;
- the file: opened read-only (store/read_only.py), so SQLite itself would refuse.
No draft is kept or read (the host's unsent text never shows to a follower), the theme chosen
lasts the run (the config file is not written), and a follower's sync engine only pulls.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message_pump import MessagePump

from cockpit.core.events import Event
from cockpit.store.read_only import REFUSAL
from cockpit.tui.messages import SaveFailed


@dataclass(frozen=True, slots=True)
class Watching:
    """What a follower follows. `url`: the server, when this screen pulls from one itself
    (`cockpit watch URL ID`); "" when it follows a file that someone else writes (the IC's
    terminal, or `cockpit web`, which pulls for all its browsers at once)."""

    url: str = ""

    @property
    def pulls(self) -> bool:
        return bool(self.url)


class RefusingWriter:
    """The writer a follower's app has: every event handed to it fails, nothing is written."""

    pending = 0

    def start(self) -> None:
        pass

    def stop(self, timeout: float = 0) -> None:
        pass

    def submit(self, event: Event, reply_to: MessagePump, token: object = None) -> None:
        reply_to.post_message(SaveFailed(event, REFUSAL, token))

    def submit_together(self, events: list[Event], reply_to: MessagePump,
                        token: object = None) -> None:  # fmt: skip
        for i, event in enumerate(events):  # as Writer says them: the token with the last
            reply_to.post_message(
                SaveFailed(event, REFUSAL, token if i == len(events) - 1 else None)
            )
