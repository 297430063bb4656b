"""Running a program on a pseudo-terminal and timing what appears on it (for bench_tui_*)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B]|[=>78])")
VENV_BIN = Path(sys.executable).parent


class Term:
    """A child process on a 120x40 pty; `wait_for(text)` returns seconds since `mark`."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None, size=(120, 40)) -> None:
        self.master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(cols),
            "LINES": str(rows),
        }
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     env={**full_env, **(env or {})}, start_new_session=True)  # fmt: skip
        os.close(slave)
        self.seen = b""

    def mark(self) -> None:
        self.t0 = time.perf_counter()
        self.seen = b""

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        return self.wait_for_pattern(re.escape(text), timeout)

    def wait_for_pattern(self, pattern: str, timeout: float = 60.0) -> float:
        """Seconds since `mark` until `pattern` (a regular expression) is on the screen."""
        wanted = re.compile(pattern.encode())
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.seen += chunk
                if wanted.search(ANSI.sub(b"", self.seen[-200000:])):
                    return time.perf_counter() - self.t0
        raise TimeoutError(f"{pattern!r} did not appear within {timeout}s")

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    os.read(self.master, 65536)
                except OSError:
                    return

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> tuple[float, float]:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024
        hwm = int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024
        return rss, hwm


MINIMAL_APP = """
from textual.app import App
from textual.widgets import Label
class Minimal(App):
    def compose(self):
        yield Label("MINIMAL-READY")
Minimal().run()
"""


def minimal_start() -> float:
    t = Term([sys.executable, "-c", MINIMAL_APP])
    try:
        return t.wait_for("MINIMAL-READY")
    finally:
        t.close()


# The memory baseline (issue 12): a bare Textual app showing `n` lines in a Line API widget,
# the lines held as the strings they show (about as long as a timeline's entries).
BARE_LINES_APP = """
import sys
from rich.segment import Segment
from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
N = int(sys.argv[1])
WORDS = "db api checkout latency error rollback deploy cache redis kafka pool timeout".split()
class Lines(ScrollView):
    def __init__(self):
        super().__init__()
        self.lines = [f"14:{i % 60:02d}  ann   note   " + " ".join(WORDS[(i + k) % 12]
                      for k in range(9)) + f" #{WORDS[i % 12]} {i}" for i in range(N)]
        self.virtual_size = Size(120, N)
    def render_line(self, y):
        i = self.scroll_offset.y + y
        return Strip([Segment(self.lines[i])]) if i < N else Strip.blank(self.size.width)
class Bare(App):
    def compose(self):
        yield Lines()
    def on_mount(self):
        self.query_one(Lines).scroll_end(animate=False, force=True)
        self.call_after_refresh(lambda: self.notify(f"BARE-READY {N:,}"))
Bare().run()
"""


def bare_lines_rss(n: int) -> float:
    """Resident MB of the bare app once its `n` lines are on screen."""
    t = Term([sys.executable, "-c", BARE_LINES_APP, str(n)])
    try:
        t.wait_for(f"BARE-READY {n:,}", timeout=120)
        t.drain(1.0)
        return t.rss_mb()[0]
    finally:
        t.close()
