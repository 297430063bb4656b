"""Several writers on one file: two Store objects (two connections) in threads, and one Store
shared by threads. Nothing is lost or doubled, and the file's clock values follow its order."""

import threading

from cockpit.core.compose import new_event
from cockpit.store import Store

PER_WRITER = 150


def write_notes(store, incident, clock, author, n, ids, start):
    start.wait()
    for i in range(n):
        e = store.append(new_event(incident, author, {"kind": "note", "text": f"{author} {i}"},
                                   clock))  # fmt: skip
        ids.append(e.id)


def run_writers(stores, incident, clock):
    start = threading.Barrier(len(stores))
    ids: list[list[str]] = [[] for _ in stores]
    threads = [
        threading.Thread(
            target=write_notes, args=(s, incident, clock, f"w{k}", PER_WRITER, ids[k], start)
        )  # fmt: skip
        for k, s in enumerate(stores)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
        assert not t.is_alive()
    return ids


def check_file(db_path, incident, ids):
    with Store.open(db_path) as s:
        rows = s.events_with_seq(incident)
    stored = [e.id for _, e in rows if e.kind == "note"]
    assert len(stored) == len(set(stored)) == sum(len(x) for x in ids)
    assert set(stored) == {i for x in ids for i in x}
    hlcs = [e.hlc for _, e in rows]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)  # file order is clock order
    for k in range(len(ids)):  # each writer's own notes in the order it wrote them
        texts = [e.body.text for _, e in rows if e.author == f"w{k}"]
        assert texts == [f"w{k} {i}" for i in range(PER_WRITER)]


def test_two_store_objects_on_one_file_in_threads(store, incident, clock, db_path):
    a, b = Store.open(db_path), Store.open(db_path)
    try:
        ids = run_writers([a, b], incident, clock)
    finally:
        a.close()
        b.close()
    check_file(db_path, incident, ids)


def test_one_store_shared_by_threads(store, incident, clock, db_path):
    ids = run_writers([store, store, store], incident, clock)
    check_file(db_path, incident, ids)
