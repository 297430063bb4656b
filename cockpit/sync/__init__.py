"""The sync client: push the outbox, pull after a cursor, long-poll, in the background.

Import the pieces you need (`cockpit.sync.engine.SyncEngine`, `cockpit.sync.once`); this
package's own import stays light so that `cockpit note` does not load httpx.
"""
