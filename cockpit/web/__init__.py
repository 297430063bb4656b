"""`cockpit web`: a follower's cockpit in a browser, for whoever on the call has no terminal.

textual-serve runs one `cockpit watch` process per browser session (backend.py), on a private
port of 127.0.0.1; it has no authentication of its own, so cockpit's proxy (proxy.py) stands in
front of it, page and websocket alike, with the rules in gate.py; serve.py starts and stops both.
"""
