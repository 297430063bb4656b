"""Sending status updates where people read them (issue 14), beside sync in the layers.

    destinations/  one module per type (chat webhooks, Teams, signed JSON webhook, email,
                   command) behind one protocol (`destinations.base.Destination`)
    config.py      `[destinations.NAME]` resolved, secrets from the file or the environment
    outbox.py      the updates this file posted that a destination still waits for
    sender.py      drains the outbox: sends, records `delivery` events, retries with backoff
    runner.py      the sender on a thread of its own (the screen), one per file at a time
    scrub.py       secrets out of every error before it is recorded
    mentions.py    mentions and markup made inert for each receiver
    signing.py     the webhook's HMAC signature, for senders and receivers

The text each destination type receives is the composer's (`cockpit.core.updates.render`,
what its preview shows); nothing here imports the screen or the CLI: they build a `Sender`
and run it.
"""
