"""Strings packed into blocks (cockpit.core.packed): every slot reads back as appended, a
search by blocks finds what a search of each string finds, and the id lookup finds each id."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.core.packed import BLOCK, IdIndex, PackedStrings

texts = st.text(alphabet=st.sampled_from("abcAB#é ß\nİ\x00xyz"), max_size=6)


@settings(max_examples=25, deadline=None)
@given(st.lists(texts, min_size=BLOCK - 3, max_size=2 * BLOCK + 5), st.integers(0, 2 * BLOCK))
def test_every_slot_reads_back_as_appended_across_blocks_and_after_emptying(strings, emptied):
    packed = PackedStrings()
    for s in strings:
        packed.append(s)
    assert len(packed) == len(strings)
    assert list(packed) == strings
    if emptied < len(strings) and emptied >= len(packed.blocks) * BLOCK:
        packed[emptied] = ""  # a tail slot is emptied; a sealed one keeps its text (unread)
        assert packed[emptied] == ""


@settings(max_examples=40, deadline=None)
@given(
    st.lists(texts, min_size=BLOCK, max_size=BLOCK + 40),
    st.sampled_from(["a", "b#", "ss", "é", "i", "ab", "x\x00"]),
)
def test_a_search_by_blocks_finds_exactly_the_sealed_strings_that_contain_it(strings, needle):
    packed = PackedStrings()
    for s in strings:
        packed.append(s)
    found = packed.containing(needle)
    sealed = len(packed.blocks) * BLOCK
    expected = {i for i, s in enumerate(strings[:sealed]) if needle in s.casefold()}
    if found is None:  # a separator in the needle, or a letter folding into two: per string
        assert "\x00" in needle or any(len(s.casefold()) != len(s) for s in strings[:sealed])
    else:
        assert found == expected


def test_a_letter_that_folds_into_two_sends_the_search_back_to_each_string():
    packed = PackedStrings()
    for i in range(BLOCK):
        packed.append("Straße" if i == 7 else f"note {i}")
    assert packed.containing("note 9") is None  # the offsets after ß would be off by one


@given(st.lists(st.text(max_size=12), unique=True, max_size=300), st.text(max_size=12))
def test_the_id_index_finds_every_id_and_nothing_else(ids, other):
    packed = PackedStrings()
    index = IdIndex(packed)
    for slot, i in enumerate(ids):
        packed.append(i)
        index.add(i, slot)
    assert [index.get(i) for i in ids] == list(range(len(ids)))
    assert (other in index) == (other in ids)
    assert 3 not in index  # not an id at all
