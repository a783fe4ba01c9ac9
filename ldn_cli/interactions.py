"""Opioid-conflict checking of medication lines, and the opioid warnings of a plan.

A medication line ("oxycodone HCl 5 mg ER tablet", "Tylenol #3", "Solpadeine Max") is cut into
words (``medtable.normalise_words``); the longest known names are matched first; strengths,
units, dose forms, salts, release codes and sig words are skipped; every other word is either a
close misspelling of a name that *flags* something (a possible match, to be verified) or is
reported as unrecognised, and so are more strengths than the line names ingredients ("500/30"
after paracetamol hides a second one). The verdict can only fail safe: "no conflict" needs every
word that names a drug to be an exact match; anything unrecognised makes the line "not checked".
The line's words also give an opioid its release form: a depot or implant (buprenorphine's,
the only ones the references name), or a patch.

The plan warnings add the opioid-free start after ``--last-opioid-dose``: the listed opioids
stop on that date, so their conflict lines become information unless the start is too early;
depot and implant buprenorphine are never cleared by a date. Pure: nothing is printed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ldn_cli.dose import MAX_DOSE_MG, MIN_DOSE_MG
from ldn_cli.errors import InputError
from ldn_cli.limits import MAX_MEDICATION_CHARS, MAX_MEDICATIONS
from ldn_cli.medtable import (
    CONTEXT_UNITS,
    DEPOT_WORDS,
    IMPLANT_WORDS,
    INJECTION_WORDS,
    LONG_ACTING_WORDS,
    MATCH_CACHE_SIZE,
    MAX_WORDS,
    PATCH_WORDS,
    SHORT_ROUTE_WORDS,
    Form,
    Ingredient,
    MedicationIndex,
    NameEntry,
    StrengthGroup,
    default_index,
    edit_distance,
    is_bare_number,
    is_unit_context,
    load_table,
    normalise_words,
    parse_number,
    prepare_text,
    split_words,
    strength_groups,
)
from ldn_cli.models import PlanWarning, Tier
from ldn_cli.opioid_wait import (
    DEFAULT_OPIOID_FREE_DAYS,
    MAX_OPIOID_FREE_DAYS,
    METHADONE_BUPRENORPHINE_DAYS,
    MIN_OPIOID_FREE_DAYS,
    first_ldn_day,
)

__all__ = [
    "DEFAULT_OPIOID_FREE_DAYS",
    "MAX_LINE_CHARS",
    "MAX_MEDICATION_LINES",
    "IngredientMatch",
    "MedicationCheck",
    "MedicationIndex",
    "MedsReport",
    "check_medication",
    "check_medications",
    "conflict_warnings",
    "default_index",
    "edit_distance",
    "is_blocking",
    "load_table",
    "normalise_words",
    "opioid_free_days",
    "plan_warnings",
    "washout_warning",
]

Verdict = Literal[
    "contraindicated",
    "unrecognised",
    "caution",
    "pamora",
    "naloxone",
    "duplicate",
    "planned-ldn",
    "no-conflict",
]
#: Tiers from most to least severe; the order decides a medication's verdict. "unrecognised"
#: ranks just below contraindicated: a word that was not checked could be any opioid.
TIER_ORDER: tuple[Tier, ...] = (
    "contraindicated",
    "caution",
    "pamora",
    "naloxone",
    "duplicate",
    "planned-ldn",
    "no-conflict",
)
#: Longest medication line, and most lines in one list (``ldn_cli.limits``, documented there).
MAX_LINE_CHARS = MAX_MEDICATION_CHARS
MAX_MEDICATION_LINES = MAX_MEDICATIONS
#: Misspelling look-ups per line: past this many unknown words the rest are simply reported as
#: unrecognised (fail safe), so a line of random words costs a bounded, small amount of work.
MAX_FUZZY_WORDS = 20
#: Joined words tried as one misspelling ("MS Contn"): at most this many.
FUZZY_WINDOW = 2
_RESULT_CACHE_SIZE = 16384
#: Lines kept by their exact text (a batch repeats them); smaller, as a key may be a long line.
_LINE_CACHE_SIZE = 4096
_MG_UNITS = {
    "mg": Decimal(1),
    "mcg": Decimal("0.001"),
    "ug": Decimal("0.001"),
    "μg": Decimal("0.001"),
    "g": Decimal(1000),
}
#: Any unit: a line with one is not read as "a bare number is mg" (naltrexone 4.5 mL).
_UNIT_NAMES = frozenset({*_MG_UNITS, "ml", "l", "iu", "mmol", "%", "mikrog", "units", "unit"})
#: Units that make a number a strength ("Panadol 500 mg"), not part of a brand's name.
_STRENGTH_UNITS = frozenset({"mg", "mcg", "ug", "μg", "mikrog", "g", "ml", "%"})


@dataclass(frozen=True, slots=True)
class IngredientMatch:
    """One ingredient found in a medication line, how sure the match is, and the advice.

    A plain dataclass, not a pydantic model: medication checking is a hot path (batch mode),
    and every value comes from the validated opioid table. Pydantic serialises it all the same.
    ``source`` is where the name's composition comes from; ``advice_source`` backs the advice.
    ``form`` is a depot, implant or patch when the line or the product says so. ``near`` is the
    known name a possible match is close to (so a pharmacist sees why it was flagged).
    """

    ingredient: str
    tier: Tier
    certainty: Literal["exact", "possible"]
    matched: str
    atc: tuple[str, ...]
    advice: str
    source: str
    advice_source: str
    form: Form | None = None
    near: str | None = None


@dataclass(frozen=True, slots=True)
class MedicationCheck:
    """The result for one medication line: its verdict, its matches, and what is unknown."""

    input: str
    verdict: Verdict
    matches: tuple[IngredientMatch, ...]
    unrecognised: tuple[str, ...]


class MedsReport(BaseModel):
    """What ``ldn meds --format json`` prints (``schema_version`` 1)."""

    model_config = ConfigDict(defer_build=True)

    schema_version: Literal[1] = 1
    table_version: str
    blocking: bool
    results: list[MedicationCheck]


@dataclass(frozen=True, slots=True)
class _Found:
    """An ingredient found on a line, before advice is attached."""

    ingredient: Ingredient
    matched: str
    certainty: Literal["exact", "possible"]
    source: str
    form: Form | None
    generic: bool
    near: str | None = None


def check_medication(text: str, index: MedicationIndex | None = None) -> MedicationCheck:
    """Find every known ingredient in one medication line, and what was not recognised.

    Raises ``InputError`` for a line longer than ``MAX_LINE_CHARS``.
    """
    if len(text) > MAX_LINE_CHARS:
        raise InputError(
            f"medication line of {len(text):,} characters: the limit is {MAX_LINE_CHARS} "
            "characters a line (one medication a line)"
        )
    index = index or default_index()
    seen = index.lines.get(text)
    if isinstance(seen, MedicationCheck):  # this very line was checked before
        return seen
    prepared = prepare_text(text)
    words = split_words(prepared)
    # Groups of two or more strengths ("500/30") matter beyond the words; they join the key.
    paired = tuple(group for group in strength_groups(prepared) if group.strengths > 1)
    key = (words, paired)
    known = index.results.get(key)
    if isinstance(known, MedicationCheck):  # the same words were checked before: reuse them
        return _remember(
            index, MedicationCheck(text, known.verdict, known.matches, known.unrecognised)
        )
    found, pieces = _scan(words, index)
    found += _spelling_matches(pieces, index)
    unrecognised = _unknown_runs(pieces)
    if not found and not unrecognised:  # a line naming no drug ("5 mg") is not checked either
        unrecognised = [" ".join(words) or "(no drug name)"]
    unrecognised += _unnamed_strengths(found, paired)
    check = _summarise(text, words, found, unrecognised, index)
    if len(index.results) < _RESULT_CACHE_SIZE:
        index.results[key] = check
    return _remember(index, check)


def _remember(index: MedicationIndex, check: MedicationCheck) -> MedicationCheck:
    """Keep a line's result by its text too (bounded): a batch repeats the same lines."""
    if len(index.lines) < _LINE_CACHE_SIZE:
        index.lines[check.input] = check
    return check


def _unnamed_strengths(found: list[_Found], paired: tuple[StrengthGroup, ...]) -> list[str]:
    """Strengths beyond the ingredients named: "Paracetamol 500 mg/30 mg" has a second one.

    A second strength means a second ingredient that the line does not name (co-codamol is
    paracetamol 500 mg with codeine 30 mg), so the line is not checked (fail safe). Only groups
    written together count ("500 mg/30 mg", "5/325"), not a dose and a daily maximum.
    """
    named = len({item.ingredient.name for item in found})
    return [
        f"{group.text}: {group.strengths} strengths, {named} named ingredient"
        + ("s" if named != 1 else "")
        for group in paired
        if named and group.strengths > named
    ]


# A piece of a scanned line: a matched name (None) or an unknown word (str). Kept in order, so
# that unknown words next to each other are reported (and spell-checked) together.
_Piece = str | None


def _scan(words: tuple[str, ...], index: MedicationIndex) -> tuple[list[_Found], list[_Piece]]:
    """Match known names, longest first; every other word is noise or an unknown piece."""
    exact, longest_from = index.exact, index.longest_from
    count = len(words)
    found: list[_Found] = []
    pieces: list[_Piece] = []
    last_name: NameEntry | None = None  # the last name matched, if no unknown word came since
    adjacent: NameEntry | None = None  # the name matched right before this word
    position = 0
    while position < count:
        word = words[position]
        span = min(longest_from.get(word, 0), count - position)
        while span and words[position : position + span] not in exact:
            span -= 1
        if span:
            key = words[position : position + span]
            entry = exact[key]
            matched = " ".join(key)
            found += [
                _Found(item, matched, "exact", entry.source, entry.form, entry.generic)
                for item in entry.ingredients
            ]
            pieces.append(None)
            last_name = adjacent = entry
            position += span
            continue
        position += 1
        brand, adjacent = adjacent, None
        if word == "plus" and last_name is not None and _starts_name(words, position, index):
            continue  # "ibuprofen 200 mg plus paracetamol": a connector between known names
        if _names_a_member(brand, word, words[position : position + 1]):
            pieces += [brand.display.lower(), word] if brand is not None else [word]
            last_name = None
            continue
        if _is_sig_or_unit(word, words, position, after_name=brand is not None):
            continue
        if index.is_noise(word):
            continue
        pieces.append(word)
        last_name = None
    return found, pieces


def _names_a_member(brand: NameEntry | None, word: str, following: tuple[str, ...]) -> bool:
    """True for a unitless number right after a harmless brand ("Atasol 8").

    Such a number may name another member of the brand's family (Atasol-30 is codeine), so
    unless a strength unit follows ("Panadol 500 mg") it is reported, never absorbed.
    """
    if brand is None or brand.generic or brand.flags() or not is_bare_number(word):
        return False
    return not (following and following[0] in _STRENGTH_UNITS)


def _is_sig_or_unit(word: str, words: tuple[str, ...], position: int, *, after_name: bool) -> bool:
    """A word that is noise only in context: a one-letter unit after an amount ("5 g",
    "25 mcg/h"; "H/APAP" is hydrocodone); "max" before a number and not right after a name
    ("300 mg TID, max 3600 mg"; "Tylenol Max" and "Advil Max 500 mg" name products); "x"
    before a number.
    ``position`` is the index of the word after ``word``."""
    if word in CONTEXT_UNITS:
        return position >= 2 and is_unit_context(words[position - 2])
    if word in MAX_WORDS:
        return not after_name and position < len(words) and is_bare_number(words[position])
    if word == "x":  # "x 2 tabs", "2 x 500 mg": a multiplier before a number
        return position < len(words) and is_bare_number(words[position])
    return False


def _starts_name(words: tuple[str, ...], position: int, index: MedicationIndex) -> bool:
    if position >= len(words):
        return False
    span = min(index.longest_from.get(words[position], 0), len(words) - position)
    return any(words[position : position + size] in index.exact for size in range(span, 0, -1))


def _spelling_matches(pieces: list[_Piece], index: MedicationIndex) -> list[_Found]:
    """Possible matches for unknown words: a flagging name within a small edit distance.

    Windows of up to ``FUZZY_WINDOW`` neighbouring unknown words are tried joined ("ms contn"),
    then single words; at most ``MAX_FUZZY_WORDS`` words a line are looked up. A word that is
    part of a possible match becomes None in ``pieces``; the rest stay unrecognised.
    """
    found: list[_Found] = []
    budget = MAX_FUZZY_WORDS
    position = 0
    while position < len(pieces) and budget > 0:
        if pieces[position] is None:
            position += 1
            continue
        budget -= 1
        for size in range(FUZZY_WINDOW, 0, -1):
            window = pieces[position : position + size]
            if len(window) < size or any(piece is None for piece in window):
                continue
            parts = tuple(piece for piece in window if piece is not None)
            hits = index.fuzzy_lookup("".join(parts), parts)
            if hits:
                matched = " ".join(parts)
                found += [
                    _Found(
                        item, matched, "possible", entry.source, entry.form, False, entry.display
                    )
                    for _, entry in hits
                    for item in entry.ingredients
                ]
                pieces[position : position + size] = [None] * size
                position += size
                break
        else:
            position += 1
    return found


def _unknown_runs(pieces: list[_Piece]) -> list[str]:
    runs: list[str] = []
    run: list[str] = []
    for piece in pieces:
        if piece is None:
            if run:
                runs.append(" ".join(run))
                run = []
        else:
            run.append(piece)
    if run:
        runs.append(" ".join(run))
    return runs


def _line_forms(words: tuple[str, ...]) -> tuple[Form | None, Form | None]:
    """The release form the line's own words give an opioid with depot forms (buprenorphine),
    and any other opioid.

    Buprenorphine (clinical-facts.md section 3): an implant; an injection that is weekly,
    monthly, long-acting, extended-release or depot, or of unknown kind (not IV or IM: the
    depots are subcutaneous), is a depot: its wait is never computed (fail safe); "depot" alone
    is the depot injection. Any opioid: a patch. "Depot" on any other opioid is an oral
    prolonged-release form ("Dolcontin depottablett", morphine): no form, the usual wait.
    """
    present = frozenset(words)
    patch: Form | None = "patch" if present & PATCH_WORDS else None
    injected = bool(present & INJECTION_WORDS) and bool(
        present & LONG_ACTING_WORDS or not present & SHORT_ROUTE_WORDS
    )
    depot_form: Form | None = patch
    if present & IMPLANT_WORDS:
        depot_form = "implant"
    elif injected or (patch is None and present & DEPOT_WORDS):
        depot_form = "depot"
    return depot_form, patch


def _strengths_mg(words: tuple[str, ...]) -> list[Decimal | None]:
    """Every strength written in mg or mcg on the line, in mg ("4.5 mg", "500 mcg"); None for
    an ambiguous number ("1,000 mg": one or a thousand?).

    A line with no unit at all and a single number ("naltrexone 4.5") reads it as mg: in
    practice the dose is written in mg. With any unit or a second number, a unitless number is
    not read as a dose (it may be a count), so the line has no strength (fail safe).
    """
    strengths: list[Decimal | None] = []
    for position, word in enumerate(words[:-1]):
        unit = words[position + 1]
        if unit in _MG_UNITS and is_bare_number(word):
            value = parse_number(word)
            strengths.append(None if value is None else value * _MG_UNITS[unit])
    numbers = [word for word in words if is_bare_number(word)]
    if not strengths and len(numbers) == 1 and not any(_is_unit(word) for word in words):
        strengths.append(parse_number(numbers[0]))
    return strengths


def _is_unit(word: str) -> bool:
    return word in _UNIT_NAMES


def _low_dose_swap(
    found: list[_Found], words: tuple[str, ...], index: MedicationIndex
) -> list[_Found]:
    """Tell the planned LDN from full-dose naltrexone by the line's strengths.

    A generic naltrexone line whose every mg strength is within 0.1–4.5 mg (seed: LDN doses;
    full dose is 50–100 mg) is the drug being planned; "LDN" with a strength above 4.5 mg is
    full-dose naltrexone. Without a strength, generic naltrexone stays a duplicate (fail safe).
    """
    swap = [
        item
        for item in found
        if (item.ingredient.low_dose_by_strength and item.generic)
        or item.ingredient.tier == "planned-ldn"
    ]
    if not swap:
        return found
    in_range, above = _naltrexone_strengths(words)
    low = next(i for i in index.table.ingredients if i.tier == "planned-ldn")
    full = next(i for i in index.table.ingredients if i.low_dose_by_strength)
    result = []
    for item in found:
        if item in swap and item.ingredient.low_dose_by_strength and in_range:
            item = _Found(low, item.matched, item.certainty, low.source, None, True)
        elif item in swap and item.ingredient.tier == "planned-ldn" and above:
            item = _Found(full, item.matched, item.certainty, full.source, None, True)
        result.append(item)
    return result


def _naltrexone_strengths(words: tuple[str, ...]) -> tuple[bool, bool]:
    """Whether every mg strength of the line lies in the LDN range, and whether any is above."""
    strengths = _strengths_mg(words)
    in_range = bool(strengths) and all(
        mg is not None and MIN_DOSE_MG <= mg <= MAX_DOSE_MG for mg in strengths
    )
    above = any(mg is not None and mg > MAX_DOSE_MG for mg in strengths)
    return in_range, above


def _summarise(
    text: str,
    words: tuple[str, ...],
    found: list[_Found],
    unrecognised: list[str],
    index: MedicationIndex,
) -> MedicationCheck:
    found = _low_dose_swap(found, words, index)
    line_forms = _line_forms(words) if found else (None, None)
    # One record per ingredient found exactly, and one per distinct misspelling (even of an
    # ingredient also found exactly), so that no word of the line goes unreported.
    best: dict[tuple[str, str], _Found] = {}
    for item in found:
        key = item.matched if item.certainty == "possible" else ""
        best.setdefault((item.ingredient.name, key), item)
    agonists = {item.matched for item in best.values() if item.ingredient.tier == "contraindicated"}
    matches = sorted(
        (
            _match(index, item, line_forms[0] if item.ingredient.depot_forms else line_forms[1])
            for item in best.values()
            if not (item.ingredient.flag_only_alone and _inside_agonist(item, agonists))
        ),
        key=_severity_order,
    )
    return MedicationCheck(
        input=text,
        verdict=_verdict(matches, unrecognised),
        matches=tuple(matches),
        unrecognised=tuple(unrecognised),
    )


def _inside_agonist(item: _Found, agonists: set[str]) -> bool:
    """True for an antagonist that comes with an opioid agonist (naloxone in Suboxone,
    "oxycodone/naloxone"): the opioid is the finding. A separate misspelling still shows."""
    return bool(agonists) and (item.certainty == "exact" or item.matched in agonists)


def _verdict(matches: Sequence[IngredientMatch], unrecognised: Sequence[str]) -> Verdict:
    """The worst of the matches, with anything unrecognised ranked just below contraindicated."""
    tiers = {match.tier for match in matches}
    if "contraindicated" in tiers:
        return "contraindicated"
    if unrecognised or not matches:
        return "unrecognised"
    return min(tiers, key=TIER_ORDER.index)


def _match(index: MedicationIndex, item: _Found, line_form: Form | None) -> IngredientMatch:
    """The (shared, immutable) match record for one found ingredient, with its advice."""
    ingredient = item.ingredient
    form = _strictest(item.form, line_form) if ingredient.tier == "contraindicated" else None
    key = (ingredient.name, item.matched, item.certainty, item.source, form or "", item.near or "")
    record = index.matches.get(key)
    if isinstance(record, IngredientMatch):
        return record
    table = index.table
    if form is not None:
        advice, advice_source = table.forms[form].advice, table.forms[form].source
    elif ingredient.advice:
        advice = ingredient.advice
        advice_source = ingredient.advice_source or table.tiers[ingredient.tier].source
    else:
        advice, advice_source = (
            table.tiers[ingredient.tier].advice,
            table.tiers[ingredient.tier].source,
        )
    record = IngredientMatch(
        ingredient=ingredient.name,
        tier=ingredient.tier,
        certainty=item.certainty,
        matched=item.matched,
        atc=tuple(ingredient.atc),
        advice=advice,
        source=item.source,
        advice_source=advice_source,
        form=form,
        near=item.near,
    )
    if len(index.matches) < MATCH_CACHE_SIZE:
        index.matches[key] = record
    return record


def _strictest(first: Form | None, second: Form | None) -> Form | None:
    order: tuple[Form, ...] = ("depot", "implant", "patch")
    for form in order:
        if form in (first, second):
            return form
    return None


def _severity_order(match: IngredientMatch) -> tuple[int, str]:
    return TIER_ORDER.index(match.tier), match.ingredient


def check_medications(
    lines: Iterable[str], index: MedicationIndex | None = None
) -> list[MedicationCheck]:
    """Check each medication line; blank lines are skipped.

    A single string is one medication line, never a sequence of characters. Raises
    ``InputError`` past ``MAX_MEDICATION_LINES`` lines or ``MAX_LINE_CHARS`` characters a line.
    """
    if isinstance(lines, str):
        lines = [lines]
    present = []
    for line in lines:
        if not isinstance(line, str):
            raise InputError(f"a medication must be text, not {type(line).__name__}")
        if line.strip():
            present.append(line)
            if len(present) > MAX_MEDICATION_LINES:
                raise InputError(
                    f"more than {MAX_MEDICATION_LINES} medication lines: the limit is "
                    f"{MAX_MEDICATION_LINES} a list"
                )
    return [check_medication(line, index) for line in present]


def is_blocking(checks: Sequence[MedicationCheck]) -> bool:
    """True when any medication is, or may be, contraindicated with LDN."""
    return any(match.tier == "contraindicated" for check in checks for match in check.matches)


def is_long_acting(match: IngredientMatch) -> bool:
    """A depot or an implant: no opioid-free wait is counted from its date
    (``long-acting-opioids``)."""
    return match.form in ("depot", "implant")


_SEVERITY: dict[str, str] = {
    "contraindicated": "contraindicated",
    "caution": "caution",
    "pamora": "caution",
    "naloxone": "caution",
    "duplicate": "duplicate",
    "planned-ldn": "info",
}


def conflict_warnings(
    checks: Sequence[MedicationCheck], *, stopped_on: date | None = None
) -> list[PlanWarning]:
    """Plan warnings for every finding and every unrecognised medication.

    With ``stopped_on`` (the last opioid dose), the listed opioids stop on that date: their
    lines are information (severity ``info``), except depots and implants, which stay blocking.
    """
    warnings: list[PlanWarning] = []
    for check in checks:
        for match in check.matches:
            if match.tier == "no-conflict":
                continue
            warnings.append(_match_warning(check, match, stopped_on))
        if check.unrecognised:
            warnings.append(
                PlanWarning(
                    code="medication-unrecognised",
                    severity="unchecked",
                    input=check.input,
                    message=(
                        "not recognised, so not checked for opioids: "
                        + ", ".join(repr(words) for words in check.unrecognised)
                    ),
                    source="opioid-table",
                )
            )
    return warnings


def _match_warning(
    check: MedicationCheck, match: IngredientMatch, stopped_on: date | None
) -> PlanWarning:
    possible = match.certainty == "possible"
    prefix = "possible-" if possible else ""
    lead = (
        f"possibly {match.ingredient} ('{match.matched}' is close to '{match.near}': verify the "
        "medication)"
        if possible
        else match.ingredient
    )
    if match.form is not None:
        lead += f" ({match.form})"
    code = "ldn-planned" if match.tier == "planned-ldn" else f"{prefix}opioid-{match.tier}"
    severity, source = _SEVERITY[match.tier], match.advice_source
    message = f"{lead}: {match.advice}"
    if match.tier == "contraindicated" and stopped_on is not None and not is_long_acting(match):
        code, severity, source = f"{prefix}opioid-stopped", "info", "naltrexone-label"
        patch = " (a patch: the day it came off)" if match.form == "patch" else ""
        message = (
            f"{lead}: stops on {stopped_on.isoformat()}{patch}, the last opioid dose given; "
            "LDN may start once opioid-free (see the opioid-free start)."
        )
    return PlanWarning(
        code=code,
        severity=severity,
        input=check.input,
        matched=match.ingredient,
        message=message,
        source=source,
    )


def plan_warnings(
    medications: Iterable[str],
    *,
    start: date,
    last_opioid_dose: date | None = None,
    default_days: int = DEFAULT_OPIOID_FREE_DAYS,
) -> list[PlanWarning]:
    """Every opioid warning for a plan: the opioid-free start (if the last dose is known)
    first, then each finding in ``medications``.

    ``last_opioid_dose`` means the listed opioids stop on that date: the plan is blocked only
    when ``start`` is before the earliest safe start, or by a depot or implant.
    """
    checks = check_medications(medications)
    if last_opioid_dose is None:
        return conflict_warnings(checks)
    washout = washout_warning(
        start=start, last_opioid_dose=last_opioid_dose, checks=checks, default_days=default_days
    )
    return [washout, *conflict_warnings(checks, stopped_on=last_opioid_dose)]


def opioid_free_days(checks: Sequence[MedicationCheck], default_days: int) -> int:
    """Days opioid-free before LDN: 14 after methadone or buprenorphine, else the default."""
    if not MIN_OPIOID_FREE_DAYS <= default_days <= MAX_OPIOID_FREE_DAYS:
        raise InputError(
            f"opioid-free days {default_days}: allowed {MIN_OPIOID_FREE_DAYS}–"
            f"{MAX_OPIOID_FREE_DAYS}"
        )
    by_name = default_index().by_name
    longest = [
        by_name[match.ingredient].washout_days or 0
        for check in checks
        for match in check.matches
        if match.tier == "contraindicated" and match.ingredient in by_name
    ]
    return max([default_days, *longest])


def washout_warning(
    *,
    start: date,
    last_opioid_dose: date,
    checks: Sequence[MedicationCheck],
    default_days: int = DEFAULT_OPIOID_FREE_DAYS,
) -> PlanWarning:
    """The earliest safe LDN start after the last opioid dose; blocking if ``start`` is earlier.

    Not computed at all for a depot or implant (it keeps releasing drug after its date). Dates
    are never moved: the plan keeps its start, and the warning says what is unsafe.
    """
    long_acting = sorted(
        {
            f"{check.input} ({match.form})"
            for check in checks
            for match in check.matches
            if is_long_acting(match)
        }
    )
    if long_acting:
        return PlanWarning(
            code="opioid-washout-not-computed",
            severity="contraindicated",
            message=(
                "No opioid-free start can be computed from "
                f"{last_opioid_dose.isoformat()}: {', '.join(long_acting)} keeps releasing "
                "buprenorphine for weeks to months after its date; starting LDN needs the "
                "prescriber's own plan."
            ),
            source="long-acting-opioids",
        )
    days = opioid_free_days(checks, default_days)
    earliest = first_ldn_day(last_opioid_dose, days)
    basis = f"opioid-free {days} days after the last dose on {last_opioid_dose.isoformat()}"
    if days < METHADONE_BUPRENORPHINE_DAYS:
        basis += f"; {METHADONE_BUPRENORPHINE_DAYS} days if it was methadone or buprenorphine"
    if any(match.form == "patch" for check in checks for match in check.matches):
        basis += "; for a patch, the last dose is the day it came off"
    if start < earliest:
        return PlanWarning(
            code="opioid-washout",
            severity="contraindicated",
            message=(
                f"LDN start {start.isoformat()} is too early: the earliest safe start is "
                f"{earliest.isoformat()} ({basis}). The plan's dates were not moved."
            ),
            source="naltrexone-label",
        )
    return PlanWarning(
        code="opioid-washout-ok",
        severity="info",
        message=(
            f"Earliest safe LDN start is {earliest.isoformat()} ({basis}); the planned start "
            f"{start.isoformat()} is on or after it."
        ),
        source="naltrexone-label",
    )
