"""Issue 14: a mention, a CR/LF and a control sequence in an update reach no receiver raw,
whatever the destination type (each receiver checked as it receives: the bytes on the wire,
the mail as parsed, the command's standard input)."""

from __future__ import annotations

import json
import sys

from markdown_it import MarkdownIt

from cockpit.comms.mentions import ZWSP
from cockpit.comms.sender import Sender
from cockpit.core.compose import new_event
from tests.comms.conftest import deliveries, post, settings

# Mattermost strips `_`, `.`, `-` and `:` from a word's start and splits words at `.`, `-`
# and `:`, so `_@channel`, `.@here`, `-@all` and `x.@here` are mentions there too.
HOSTILE = (
    "ok <!channel> <!here> <@U123> <at>Bob</at> @all @channel @here _@channel .@here -@all "
    "x.@here x:@channel (@here) *@all*\r\nBcc: x@evil\x1b[2J\x1b]0;t\x07\x9b1m\n"
    "[status](https://evil.example/login) ![x](https://evil.example/p.png) [see][1]\n"
    "[1]: https://evil.example/ref\nboard https://grafana.example/d/abc?from=now-1h"
)
RAW = ("<!channel>", "<!here>", "<@U123>", "<at>", "@all", "@channel", "@here", "\r", "\x1b",
       "\x07", "\x9b")  # fmt: skip


def test_no_receiver_gets_a_mention_a_cr_or_a_control_raw(tmp_path, store, incident, clock,
                                                          receiver, mailbox):  # fmt: skip
    store.append(new_event(incident, "mallory", {"kind": "field_set", "field": "title",
                                                 "value": "T\r\nX-Evil: 1 _@channel .@here"}, clock))  # fmt: skip
    got = tmp_path / "stdin.txt"
    dump = f"import sys; open({str(got)!r}, 'wb').write(sys.stdin.buffer.read())"
    s = settings(
        slack={"type": "slack", "url": receiver.url("/slack")},
        mattermost={"type": "mattermost", "url": receiver.url("/mm")},
        rocketchat={"type": "rocketchat", "url": receiver.url("/rc")},
        teams={"type": "teams", "url": receiver.url("/teams")},
        hook={"type": "webhook", "url": receiver.url("/hook"), "secret": "k"},
        mail={"type": "email", "smtp_host": "127.0.0.1", "smtp_port": mailbox.port,
              "from": "c@example.com", "to": ["vp@example.com"]},
        page={"type": "command", "cmd": [sys.executable, "-c", dump]},
    )  # fmt: skip
    post(store, incident, clock, HOSTILE, *s.destinations)
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None
    sender.close()
    assert sorted(d.status for d in deliveries(store, incident)) == ["sent"] * 7
    payloads = {r.path: r.body.decode() for r in receiver.wait_for(5)}
    texts = {path: json.loads(body) for path, body in payloads.items()}
    (mail,) = mailbox.messages
    received = {
        **{p: json.dumps(t, ensure_ascii=False) for p, t in texts.items()},
        "mail-body": mail.get_content().replace("\r\n", "\n"),  # SMTP's own line ends
        "mail-subject": str(mail["Subject"]),
        "stdin": got.read_bytes().decode(),
    }
    for where, text in received.items():
        for raw in RAW:
            assert raw not in text, (where, raw)
    assert texts["/hook"]["incident"]["title"].startswith("T")  # the title went, inert
    card = texts["/teams"]["attachments"][0]["content"]["body"]
    markdown = {"/mm": texts["/mm"]["text"], "/rc": texts["/rc"]["text"],
                "/teams": "\n".join(block["text"] for block in card)}  # fmt: skip
    for where, text in markdown.items():  # they render Markdown: no link or image reaches them
        html = MarkdownIt("commonmark").render(text)
        assert "<a " not in html and "<img" not in html, where
    for where, text in received.items():  # a pasted dashboard stays a plain link
        if where != "mail-subject":
            assert "https://grafana.example/d/abc?from=now-1h" in text, where
    assert f"_@{ZWSP}channel" in received["mail-subject"]  # inert, and reads as typed
    assert mail["X-Evil"] is None and mail["Bcc"] is None
    assert "␛[2J" in received["stdin"] and "\\x9b" in received["stdin"]  # shown, inert
