from tests.conftest import make


def test_declare_and_append_round_trip(store, incident, clock):
    e = store.append(make(incident, "bob", {"kind": "note", "text": "hello"}, clock))
    assert [x.id for x in store.events(incident)][-1] == e.id
    assert store.state(incident).title == "Checkout API errors"
