"""The server's log shows what clients sent as data: no log line can be forged, no escape
reaches the terminal or the file that reads the log.

Paths, names, reasons and error messages come from clients (a path is percent-decoded, so
`%0a` is a line break and `%1b` an ESC). `SafeFormatter` wraps any formatter (ours, and
uvicorn's own) and shows every record through `cockpit.core.display.safe`: the message on
one line, controls visible (`␤`, `␛`); a traceback keeps its lines, each marked as a
continuation, so nothing in it can pass for a record of its own.
"""

from __future__ import annotations

import copy
import logging

from cockpit.core.display import safe, safe_lines

CONTINUATION = "  │ "  # starts every line of a traceback; a record starts with its time


class SafeFormatter(logging.Formatter):
    """Formats as `inner` does, from a copy of the record whose text has been made safe."""

    def __init__(self, inner: logging.Formatter | None = None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        shown = copy.copy(record)  # other handlers of the record see it as it was
        shown.msg, shown.args = safe(record.getMessage()), None
        extra = ""
        if record.exc_info and not record.exc_text:
            extra = self.inner.formatException(record.exc_info)
        elif record.exc_text:
            extra = record.exc_text
        if record.stack_info:
            extra = f"{extra}\n{record.stack_info}" if extra else record.stack_info
        shown.exc_info, shown.exc_text, shown.stack_info = None, None, None
        line = self.inner.format(shown)
        if extra:
            line += "\n" + "\n".join(CONTINUATION + x for x in safe_lines(extra))
        return line


def guard(*loggers: str) -> None:
    """Wrap the formatter of every handler of these loggers in a SafeFormatter (once)."""
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            if not isinstance(handler.formatter, SafeFormatter):
                handler.setFormatter(SafeFormatter(handler.formatter))
