"""Properties of the medication matcher: it can only fail safe, and its work is bounded."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.errors import InputError
from ldn_cli.interactions import (
    MAX_LINE_CHARS,
    MAX_MEDICATION_LINES,
    check_medication,
    check_medications,
)
from ldn_cli.medtable import FUZZY_MAX_LENGTH, default_index, is_noise, normalise_words
from tests.strategies import edited, flagging_names, medication_lines, noise_words, vocabulary

VOCABULARY = vocabulary()


@given(medication_lines())
def test_no_conflict_only_comes_from_exact_matches_of_every_drug_word(line: str) -> None:
    check = check_medication(line)
    if check.verdict != "no-conflict":
        return
    assert check.unrecognised == ()
    assert check.matches
    assert all(match.certainty == "exact" for match in check.matches)
    assert all(match.tier == "no-conflict" for match in check.matches)
    # Independently of the matcher: every word is noise or a word of some known name.
    strays = [w for w in normalise_words(line) if w not in VOCABULARY and not is_noise(w)]
    assert strays == [], strays


@given(edited(flagging_names), st.lists(noise_words, max_size=3))
def test_an_edited_flagging_name_is_flagged_or_unrecognised_never_cleared(
    name: str, noise: list[str]
) -> None:
    check = check_medication(" ".join([name, *noise]))
    assert check.verdict != "no-conflict" or all(
        match.certainty == "exact" for match in check.matches
    )


@given(flagging_names, st.lists(noise_words, max_size=3))
def test_a_flagging_name_with_noise_is_always_flagged(name: str, noise: list[str]) -> None:
    check = check_medication(" ".join([name, *noise]))
    assert check.verdict not in ("no-conflict", "unrecognised"), (name, check)


@given(medication_lines())
def test_an_unknown_word_is_never_absorbed(line: str) -> None:
    check = check_medication(line)
    possible = {w for m in check.matches if m.certainty == "possible" for w in m.matched.split()}
    reported = {w for words in check.unrecognised for w in words.split()}
    for word in normalise_words(line):
        if word in VOCABULARY or is_noise(word) or word == "plus":
            continue  # part of a known name, or a word that names no ingredient
        assert word in possible or word in reported, (word, check)


def test_a_line_past_the_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(InputError, match=str(MAX_LINE_CHARS)):
        check_medication("x" * (MAX_LINE_CHARS + 1))
    started = time.perf_counter()
    with pytest.raises(InputError):
        check_medication("x" * 1_000_000)
    assert time.perf_counter() - started < 0.1


def test_a_list_past_the_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(InputError, match=str(MAX_MEDICATION_LINES)):
        check_medications(["ibuprofen"] * (MAX_MEDICATION_LINES + 1))


def test_a_string_is_one_medication_not_its_characters() -> None:
    (check,) = check_medications("Norco 5/325")
    assert check.verdict == "contraindicated"


@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=7, max_size=7),
        min_size=60,
        max_size=60,
    )
)
def test_a_line_of_random_words_costs_little(words: list[str]) -> None:
    line = " ".join(words)[:MAX_LINE_CHARS]
    started = time.perf_counter()
    check_medication(line, default_index())
    assert time.perf_counter() - started < 0.25


def test_a_full_list_of_random_lines_stays_under_a_second() -> None:
    import random

    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyz"
    lines = [
        " ".join("".join(rng.choice(letters) for _ in range(7)) for _ in range(62))
        for _ in range(MAX_MEDICATION_LINES)
    ]
    assert all(len(line) <= MAX_LINE_CHARS for line in lines)
    started = time.perf_counter()
    check_medications(lines)
    assert time.perf_counter() - started < 1.0


def test_long_words_are_never_spell_checked() -> None:
    index = default_index()
    assert index.fuzzy_lookup("o" * (FUZZY_MAX_LENGTH + 1)) == []
    assert index.fuzzy_lookup("oxycodonee" * 3 + "x") == []
