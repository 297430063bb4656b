"""`cockpit web` (issue 16): how long it takes to serve, and how soon a browser shows a note.

1. Start-up: `cockpit web INC-1 --port 0` as a process, from its start to its link printed and
   to the page answering through the proxy (the key exchanged for the cookie, then `/`).
   Target: under 2 s to serving (median of --runs).
2. A browser (Debian's chromium, headless, driven by Playwright): from opening the link to the
   incident's title on its screen (one `cockpit watch` process started for it); then, for each
   of --notes notes committed to the file (as `cockpit note` does), the delay until the browser
   shows it. Targets: first screen under 3 s; a note to the browser p50 under 1 s (the follower
   polls the file twice a second). The screen is read back from the bytes the browser's
   websocket received (pyte), as the e2e test does.

    python bench/bench_web.py [--runs 5] [--notes 10] [--strict]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from _common import finish, pct, report  # noqa: E402

from cockpit.core.clock import SystemClock  # noqa: E402
from cockpit.core.compose import new_event  # noqa: E402
from cockpit.store import Store  # noqa: E402

COCKPIT = Path(sys.executable).with_name("cockpit")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def start(db: Path) -> tuple[subprocess.Popen, str, float]:
    """`cockpit web`, its link, and the seconds until its link was printed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(COCKPIT), "--db", str(db), "web", "INC-1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    link = proc.stdout.readline().strip()  # type: ignore[union-attr]
    if not link.startswith("http"):
        raise SystemExit(f"cockpit web did not start: {link!r}")
    return proc, link, time.perf_counter() - t0


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def startup(db: Path, runs: int) -> None:
    printed, serving = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc, link, took = start(db)
        try:
            with httpx.Client() as http:
                http.get(link).raise_for_status()
                http.get(link.split("/?", 1)[0] + "/").raise_for_status()
            serving.append(time.perf_counter() - t0)
            printed.append(took)
        finally:
            stop(proc)
    print(f"      start to link printed: median {statistics.median(printed):.2f} s "
          f"(min {min(printed):.2f}, max {max(printed):.2f})")  # fmt: skip
    report("cockpit web: start to serving (median)", statistics.median(serving), 2.0, "s")


class Screen:
    def __init__(self) -> None:
        import pyte

        self.pyte = pyte
        self.reset(80, 24)

    def reset(self, w: int, h: int) -> None:
        self.screen = self.pyte.Screen(w, h)
        self.stream = self.pyte.ByteStream(self.screen)

    def opened(self, ws) -> None:  # type: ignore[no-untyped-def]
        q = parse_qs(urlsplit(ws.url).query)
        self.reset(int(q.get("width", ["80"])[0]), int(q.get("height", ["24"])[0]))
        ws.on("framereceived", lambda p: isinstance(p, bytes) and self.stream.feed(p))
        ws.on("framesent", self.sent)

    def sent(self, payload) -> None:  # type: ignore[no-untyped-def]
        m = re.match(r'\["resize", *\{"width": *(\d+), *"height": *(\d+)', str(payload))
        if m:
            self.screen.resize(int(m[2]), int(m[1]))

    def has(self, text: str) -> bool:
        return any(text in line for line in self.screen.display)


def browser(db: Path, notes: int) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("SKIP  the browser figures: playwright is not installed (make install brings it)")
        return
    if not Path(CHROMIUM).exists():
        print("SKIP  the browser figures: chromium is not installed (.ci/system-deps)")
        return
    proc, link, _ = start(db)
    store = Store.open(db)
    clock = SystemClock()
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            page = b.new_page(viewport={"width": 1400, "height": 900})
            shown = Screen()
            page.on("websocket", shown.opened)
            t0 = time.perf_counter()
            page.goto(link)
            wait(page, lambda: shown.has("Web bench incident"), 30)
            report("browser: link opened to the incident shown", time.perf_counter() - t0, 3.0, "s")
            delays = []
            for i in range(notes):
                text = f"bench note {i} {os.getpid()}"
                store.append(new_event(ids[0], "bench", {"kind": "note", "text": text}, clock))
                t0 = time.perf_counter()
                wait(page, lambda text=text: shown.has(text), 10)
                delays.append(time.perf_counter() - t0)
            print(f"      {notes} notes: p50 {pct(delays, 50) * 1000:.0f} ms, "
                  f"max {max(delays) * 1000:.0f} ms")  # fmt: skip
            report("a note committed to the browser showing it (p50)", pct(delays, 50), 1.0, "s")
            b.close()
    finally:
        store.close()
        stop(proc)


def wait(page, condition, seconds: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out: the browser never showed it")
        page.wait_for_timeout(10)


ids: list[str] = []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--notes", type=int, default=10)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    if not COCKPIT.exists():
        raise SystemExit(f"no cockpit command next to {sys.executable}: make install")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.sqlite3"
        subprocess.run([str(COCKPIT), "--db", str(db), "declare", "Web bench incident",
                        "--severity", "SEV2"], check=True, capture_output=True)  # fmt: skip
        with Store.open(db) as s:
            ids.append(s.incidents()[0].id)
        startup(db, args.runs)
        browser(db, args.notes)
    finish()


if __name__ == "__main__":
    main()
