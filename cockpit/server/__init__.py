"""The shared HTTP endpoint (`cockpit serve`): an ASGI app over one storage backend.

SQLite (one process) or PostgreSQL (any number of processes, LISTEN/NOTIFY wakes parked
pulls). See ../shared/SYNC.md and the README section "Sharing an incident".
"""
