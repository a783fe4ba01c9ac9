"""Properties of the medication matcher: it can only fail safe, and its work is bounded."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ldn_cli.errors import InputError
from ldn_cli.interactions import (
    FUZZY_WINDOW,
    MAX_FUZZY_WORDS,
    MAX_LINE_CHARS,
    MAX_MEDICATION_LINES,
    check_medication,
    check_medications,
)
from ldn_cli.medtable import (
    CONTEXT_UNITS,
    FUZZY_MAX_LENGTH,
    MedicationIndex,
    default_index,
    is_noise,
    is_unit_context,
    normalise_words,
)
from tests.strategies import (
    edited,
    flagging_names,
    harmless_names,
    medication_lines,
    noise_words,
    opioid_names,
    risky_suffixes,
    safe_decorations,
    second_strengths,
    vocabulary,
)

VOCABULARY = vocabulary()
INDEX = default_index()


@st.composite
def lines_with_a_risk(draw: st.DrawFn) -> tuple[str, str]:
    """A harmless product name made risky, and what makes it so. The oracle is the generator:
    a brand suffix, a member's number, a plus sign or a strength more than the name has
    ingredients can each hide an opioid, so none of these lines may ever be "no conflict"."""
    name, ingredients, generic = draw(harmless_names)
    risks = [risky_suffixes, second_strengths(ingredients)]
    if not generic:  # "Atasol 8": a number right after a brand may name a codeine member
        risks.append(st.sampled_from([" 8", " 15", " 30", " 3", " 4"]))
    risk = draw(st.one_of(risks))
    # "Panadol" + " Extra" is the table's own harmless "Panadol Extra": not a risk
    longer = INDEX.exact.get(normalise_words(f"{name}{risk}"))
    assume(longer is None or longer.flags())
    return f"{name}{risk}{draw(safe_decorations)}", risk


@given(lines_with_a_risk())
def test_no_conflict_only_comes_from_exact_matches_of_every_drug_word(
    generated: tuple[str, str],
) -> None:
    line, risk = generated
    check = check_medication(line)
    assert check.verdict != "no-conflict", (line, risk, check)


@given(opioid_names, st.one_of(risky_suffixes, second_strengths(1)), safe_decorations)
def test_an_opioid_product_with_any_suffix_or_strength_stays_contraindicated(
    name: str, risk: str, decoration: str
) -> None:
    line = f"{name}{risk}{decoration}"
    assert check_medication(line).verdict == "contraindicated", line


@given(medication_lines())
def test_no_conflict_is_only_ever_all_exact_and_complete(line: str) -> None:
    check = check_medication(line)
    if check.verdict != "no-conflict":
        return
    assert check.unrecognised == ()
    assert check.matches
    assert all(match.certainty == "exact" for match in check.matches)
    assert all(match.tier == "no-conflict" for match in check.matches)


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
    assert check.verdict != "no-conflict", (name, check)
    # the finding is always there; a second strength ("5 mg 5 mg") may add "not checked"
    assert any(match.tier != "no-conflict" for match in check.matches), (name, check)
    if not check.unrecognised:
        assert check.verdict != "unrecognised", (name, check)


@given(medication_lines())
def test_an_unknown_word_is_never_absorbed(line: str) -> None:
    check = check_medication(line)
    possible = {w for m in check.matches if m.certainty == "possible" for w in m.matched.split()}
    reported = {w for words in check.unrecognised for w in words.split()}
    words = normalise_words(line)
    for position, word in enumerate(words):
        if word in VOCABULARY or is_noise(word) or word == "plus":
            continue  # part of a known name, or a word that names no ingredient
        if word in CONTEXT_UNITS and position and is_unit_context(words[position - 1]):
            continue  # "5 g": a one-letter unit after an amount
        assert word in possible or word in reported, (word, check)


def test_a_line_past_the_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(InputError, match=str(MAX_LINE_CHARS)):
        check_medication("x" * (MAX_LINE_CHARS + 1))
    with pytest.raises(InputError), _counted_lookups() as lookups:
        check_medication("x" * 1_000_000)
    assert lookups == []  # refused before any word is looked at (time: the benchmark)


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
def test_a_line_of_random_words_costs_a_bounded_number_of_lookups(words: list[str]) -> None:
    """Work is bounded by the input, not measured by the clock (times are the benchmark's):
    however many unknown words a line has, at most ``MAX_FUZZY_WORDS`` start a misspelling
    search, each over at most ``FUZZY_WINDOW`` joined words."""
    line = " ".join(words)[:MAX_LINE_CHARS]
    with _counted_lookups() as lookups:
        check = check_medication(line, default_index())
    assert check.unrecognised  # the words were unknown: the searches did run
    assert len(lookups) <= MAX_FUZZY_WORDS * FUZZY_WINDOW  # none when the line is cached


@contextmanager
def _counted_lookups() -> Iterator[list[str]]:
    """The words looked up in the misspelling index while the block runs."""
    calls: list[str] = []
    search = MedicationIndex.fuzzy_lookup

    def counted(self: MedicationIndex, word: str, words: tuple[str, ...] | None = None) -> Any:
        calls.append(word)
        return search(self, word, words)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MedicationIndex, "fuzzy_lookup", counted)
        yield calls


def test_a_full_list_of_random_lines_costs_a_bounded_number_of_lookups() -> None:
    import random

    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyz"
    lines = [
        " ".join("".join(rng.choice(letters) for _ in range(7)) for _ in range(62))
        for _ in range(MAX_MEDICATION_LINES)
    ]
    assert all(len(line) <= MAX_LINE_CHARS for line in lines)
    with _counted_lookups() as lookups:
        check_medications(lines)
    assert len(lookups) <= MAX_MEDICATION_LINES * MAX_FUZZY_WORDS * FUZZY_WINDOW


def test_long_words_are_never_spell_checked() -> None:
    index = default_index()
    assert index.fuzzy_lookup("o" * (FUZZY_MAX_LENGTH + 1)) == []
    assert index.fuzzy_lookup("oxycodonee" * 3 + "x") == []
