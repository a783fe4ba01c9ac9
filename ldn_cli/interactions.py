"""Opioid-conflict detection over the curated table in ``data/opioids.json``.

A medication line ("oxycodone HCl 5 mg ER tablet", "Tylenol #3", "APAP-codeine") is split into
words; the longest known names are matched first, strengths, units, dose forms, salts and
release codes are skipped, and what is left is either a close misspelling of a known name
(reported as a *possible* match that must be verified) or listed as unrecognised, so nothing
is silently ignored or silently accepted. Pure: the table is read once, nothing is printed.
"""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ldn_cli.models import PlanWarning, Tier


@dataclass(frozen=True, slots=True)
class IngredientMatch:
    """One ingredient found in a medication line, how sure the match is, and the advice.

    A plain dataclass, not a pydantic model: medication checking is a hot path (batch mode),
    and every value comes from the validated opioid table. Pydantic serialises it all the same.
    """

    ingredient: str
    tier: Tier
    certainty: Literal["exact", "possible"]
    matched: str
    atc: tuple[str, ...]
    advice: str
    source: str
    advice_source: str


@dataclass(frozen=True, slots=True)
class MedicationCheck:
    """The result for one medication line: its worst tier, its matches, and what is unknown."""

    input: str
    verdict: Literal["contraindicated", "caution", "duplicate", "no-conflict", "unrecognised"]
    matches: tuple[IngredientMatch, ...]
    unrecognised: tuple[str, ...]


class MedsReport(BaseModel):
    """What ``ldn meds --format json`` prints (``schema_version`` 1)."""

    model_config = ConfigDict(defer_build=True)

    schema_version: Literal[1] = 1
    table_version: str
    blocking: bool
    results: list[MedicationCheck]


#: Tiers from most to least severe; the order decides a medication's verdict.
TIER_ORDER: tuple[Tier, ...] = ("contraindicated", "caution", "duplicate", "no-conflict")
#: Opioid-free days before starting LDN (naltrexone label: 7–10 days; the upper end by default).
DEFAULT_OPIOID_FREE_DAYS = 10
MIN_OPIOID_FREE_DAYS = 7
MAX_OPIOID_FREE_DAYS = 14
#: Match records and whole results kept for reuse (bounded, so a long batch cannot grow memory).
_MATCH_CACHE_SIZE = 4096
_RESULT_CACHE_SIZE = 16384
#: Misspellings: unknown words of at least this length are compared with known names.
FUZZY_MIN_LENGTH = 5


class TierInfo(BaseModel):
    """The advice printed for every ingredient of a tier, and its source key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    advice: str
    source: str


class Ingredient(BaseModel):
    """One ingredient of the curated table, with every name it is known by."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    tier: Tier
    atc: list[str]
    names: list[str] = Field(default_factory=list)
    brands: list[str] = Field(default_factory=list)
    source: str
    washout_days: int | None = None
    flag_only_alone: bool = False
    note: str | None = None

    def all_names(self) -> list[str]:
        """The generic name, its synonyms and its brands."""
        return [self.name, *self.names, *self.brands]


class OpioidTable(BaseModel):
    """The whole data file: tiers with their advice, and the ingredients."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    about: str
    tiers: dict[Tier, TierInfo]
    ingredients: list[Ingredient]


_SPLIT = re.compile(r"[\s/+\-&,;:()\[\]{}'\"*]+")
_HASH_NUMBER = re.compile(r"#\s*(\d)")
_NUMBERISH = re.compile(
    r"^(#|x|no)?\d+([.]\d+)?(mg|mcg|ug|µg|g|ml|l|%|iu|units?|mmol|h|hr|hrs|d|mcg/h|x)?$"
)
_FREQUENCY = re.compile(r"^(q\d+(h|hr|hrs)?|\d+x|x\d+)$")
_NUMBERISH_OR_FREQUENCY = re.compile(f"{_NUMBERISH.pattern}|{_FREQUENCY.pattern}")
#: Words that carry no ingredient: units, dose forms, release codes, salts, routes, sig words.
_NOISE_GROUPS = (
    "mg mcg ug µg g ml l unit units iu mmol hr hrs hour hours h day days daily week weekly",
    "tablet tablets tab tabs capsule capsules cap caps caplet caplets pill pills solution soln "
    "liquid syrup elixir suspension susp oral drops injection inj injectable patch patches "
    "transdermal film films buccal sublingual sl spray nasal lozenge suppository supp vial "
    "ampoule amp powder granules sachet chewable dispersible effervescent orally "
    "disintegrating odt concentrate tincture cream gel topical iv im sc subcut po pr",
    "er xr sr cr la xl ir dr ec mr cd ct rapid release extended modified controlled "
    "sustained immediate delayed prolonged long acting short",
    "hydrochloride hcl hydrobromide hbr bitartrate tartrate sulfate sulphate phosphate citrate "
    "acetate maleate mesylate napsylate besylate bromide polistirex pamoate succinate "
    "fumarate terephthalate myristate base anhydrous monohydrate hemihydrate dihydrate "
    "sodium potassium",
    "and with w plus of in or the a for as needed prn take takes taking by mouth at bedtime "
    "night nightly morning once twice three four times every bid tid qid tds qds od qd qhs hs "
    "pain up to max maximum generic brand combination combo compound forte strength",
)
_NOISE_WORDS = frozenset(word for group in _NOISE_GROUPS for word in group.split())


def normalise_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a name or a medication line, with ``#3`` kept as one word."""
    lowered = text.lower().replace(".", " ")
    if "#" in lowered:
        lowered = _HASH_NUMBER.sub(r" #\1", lowered)
    return tuple(filter(None, _SPLIT.split(lowered)))


def is_noise(word: str) -> bool:
    """A strength, unit, dose form, salt, release code, route or frequency word."""
    return word in _NOISE_WORDS or _NUMBERISH_OR_FREQUENCY.match(word) is not None


def edit_distance(first: str, second: str, limit: int) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance, cut off above ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, char_a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, char_b in enumerate(second, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == second[j - 2] and first[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _allowed_distance(word: str) -> int:
    return 1 if len(word) <= 6 else 2


def _deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to ``depth`` characters (the SymSpell index key)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {item[:i] + item[i + 1 :] for item in frontier for i in range(len(item))}
        found |= frontier
    return found


@dataclass(slots=True)
class MedicationIndex:
    """The table indexed once: exact names by word tuple, and a misspelling index."""

    table: OpioidTable
    exact: dict[tuple[str, ...], list[Ingredient]] = field(default_factory=dict)
    longest_from: dict[str, int] = field(default_factory=dict)
    _fuzzy: dict[str, set[str]] | None = None
    _fuzzy_targets: dict[str, list[Ingredient]] = field(default_factory=dict)
    _matches: dict[tuple[str, str, str], IngredientMatch] = field(default_factory=dict)
    results: dict[tuple[str, ...], MedicationCheck] = field(default_factory=dict)
    noise: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for ingredient in self.table.ingredients:
            for name in ingredient.all_names():
                words = normalise_words(name)
                entries = self.exact.setdefault(words, [])
                if ingredient not in entries:
                    entries.append(ingredient)
                self.longest_from[words[0]] = max(self.longest_from.get(words[0], 0), len(words))

    def match_for(
        self, ingredient: Ingredient, matched: str, certainty: Literal["exact", "possible"]
    ) -> IngredientMatch:
        """The (shared, immutable) match record for ``ingredient`` found as ``matched``."""
        key = (ingredient.name, matched, certainty)
        record = self._matches.get(key)
        if record is None:
            tier = self.table.tiers[ingredient.tier]
            record = IngredientMatch(
                ingredient=ingredient.name,
                tier=ingredient.tier,
                certainty=certainty,
                matched=matched,
                atc=tuple(ingredient.atc),
                advice=tier.advice,
                source=ingredient.source,
                advice_source=tier.source,
            )
            if len(self._matches) < _MATCH_CACHE_SIZE:
                self._matches[key] = record
        return record

    def fuzzy_lookup(self, word: str) -> list[tuple[str, Ingredient]]:
        """Known names within the allowed edit distance of ``word``, closest first."""
        if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
            return []
        index = self._fuzzy_index()
        limit = _allowed_distance(word)
        candidates: set[str] = set()
        for variant in _deletes(word, limit):
            candidates |= index.get(variant, set())
        scored = sorted(
            (distance, name)
            for name in candidates
            if (distance := edit_distance(word, name, limit)) <= limit
        )
        if not scored:
            return []
        best = scored[0][0]
        return [
            (name, ingredient)
            for distance, name in scored
            if distance == best
            for ingredient in self._fuzzy_targets[name]
        ]

    def _fuzzy_index(self) -> dict[str, set[str]]:
        if self._fuzzy is None:
            self._fuzzy = {}
            for words, ingredients in self.exact.items():
                joined = "".join(words)
                if len(joined) < FUZZY_MIN_LENGTH or not joined.isalpha():
                    continue
                self._fuzzy_targets.setdefault(joined, []).extend(ingredients)
                for variant in _deletes(joined, _allowed_distance(joined)):
                    self._fuzzy.setdefault(variant, set()).add(joined)
        return self._fuzzy


@cache
def load_table() -> OpioidTable:
    """Read and validate ``data/opioids.json`` (once per process)."""
    text = resources.files("ldn_cli.data").joinpath("opioids.json").read_text(encoding="utf-8")
    return OpioidTable.model_validate(json.loads(text))


@cache
def default_index() -> MedicationIndex:
    """The index over the shipped table (built once per process)."""
    return MedicationIndex(load_table())


Found = tuple[Ingredient, str, Literal["exact", "possible"]]


def check_medication(text: str, index: MedicationIndex | None = None) -> MedicationCheck:
    """Find every known ingredient in one medication line, and what was not recognised."""
    index = index or default_index()
    words = normalise_words(text)
    known = index.results.get(words)
    if known is not None:  # the same words were checked before: reuse the findings
        return MedicationCheck(
            input=text,
            verdict=known.verdict,
            matches=known.matches,
            unrecognised=known.unrecognised,
        )
    exact, longest_from, noise = index.exact, index.longest_from, index.noise
    count = len(words)
    found: list[Found] = []
    unknown_runs: list[list[str]] = []
    run: list[str] = []
    position = 0
    while position < count:
        word = words[position]
        span = longest_from.get(word, 0)
        if span:
            span = min(span, count - position)
            while span and words[position : position + span] not in exact:
                span -= 1
        if span:
            key = words[position : position + span]
            found += [(ingredient, " ".join(key), "exact") for ingredient in exact[key]]
            position += span
        else:
            is_noise_word = noise.get(word)
            if is_noise_word is None:
                is_noise_word = noise[word] = is_noise(word)
            if not is_noise_word:
                run.append(word)
                position += 1
                continue
            position += 1
        if run:
            unknown_runs.append(run)
            run = []
    if run:
        unknown_runs.append(run)

    unrecognised: list[str] = []
    for unknown in unknown_runs:
        possible = _possible_matches(index, unknown)
        if possible:
            found += possible
        else:
            unrecognised.append(" ".join(unknown))
    check = _summarise(text, found, unrecognised, index)
    if len(index.results) < _RESULT_CACHE_SIZE:
        index.results[words] = check
    return check


def _possible_matches(index: MedicationIndex, run: list[str]) -> list[Found]:
    """Close misspellings for a run of unknown words: the whole run joined, else each word."""
    attempts = ["".join(run)] if len(run) > 1 else []
    attempts += run
    for attempt in attempts:
        hits = index.fuzzy_lookup(attempt)
        if hits:
            return [(ingredient, attempt, "possible") for _, ingredient in hits]
    return []


def _summarise(
    text: str, found: list[Found], unrecognised: list[str], index: MedicationIndex
) -> MedicationCheck:
    if len(found) == 1:  # the common case: one ingredient, nothing to merge or order
        ingredient, matched, certainty = found[0]
        match = index.match_for(ingredient, matched, certainty)
        return MedicationCheck(
            input=text, verdict=match.tier, matches=(match,), unrecognised=tuple(unrecognised)
        )
    best: dict[str, Found] = {}
    for item in found:
        kept = best.get(item[0].name)
        if kept is None or (kept[2] == "possible" and item[2] == "exact"):
            best[item[0].name] = item
    has_agonist = any(item[0].tier == "contraindicated" for item in best.values())
    matches = sorted(
        (
            index.match_for(ingredient, matched, certainty)
            for ingredient, matched, certainty in best.values()
            if not (ingredient.flag_only_alone and has_agonist)
        ),
        key=_severity_order,
    )
    return MedicationCheck(
        input=text,
        verdict=matches[0].tier if matches else "unrecognised",
        matches=tuple(matches),
        unrecognised=tuple(unrecognised),
    )


def _severity_order(match: IngredientMatch) -> tuple[int, str]:
    return TIER_ORDER.index(match.tier), match.ingredient


def check_medications(
    lines: Iterable[str], index: MedicationIndex | None = None
) -> list[MedicationCheck]:
    """Check each medication line; blank lines are skipped."""
    return [check_medication(line, index) for line in lines if line.strip()]


def is_blocking(checks: Sequence[MedicationCheck]) -> bool:
    """True when any medication is, or may be, contraindicated with LDN."""
    return any(match.tier == "contraindicated" for check in checks for match in check.matches)


def conflict_warnings(checks: Sequence[MedicationCheck]) -> list[PlanWarning]:
    """Plan warnings for every conflict and every unrecognised medication."""
    warnings: list[PlanWarning] = []
    for check in checks:
        for match in check.matches:
            if match.tier == "no-conflict":
                continue
            prefix = "possible-" if match.certainty == "possible" else ""
            lead = (
                f"possibly {match.ingredient} ('{match.matched}' is close to a known name: "
                "verify the medication)"
                if match.certainty == "possible"
                else match.ingredient
            )
            warnings.append(
                PlanWarning(
                    code=f"{prefix}opioid-{match.tier}",
                    severity=match.tier,
                    input=check.input,
                    matched=match.ingredient,
                    message=f"{lead}: {match.advice}",
                    source=match.advice_source,
                )
            )
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


def plan_warnings(
    medications: Iterable[str],
    *,
    start: date,
    last_opioid_dose: date | None = None,
    default_days: int = DEFAULT_OPIOID_FREE_DAYS,
) -> list[PlanWarning]:
    """Every opioid warning for a plan: the opioid-free start (if the last dose is known)
    first, then each conflict in ``medications``."""
    checks = check_medications(medications)
    warnings = conflict_warnings(checks)
    if last_opioid_dose is not None:
        washout = washout_warning(
            start=start, last_opioid_dose=last_opioid_dose, checks=checks, default_days=default_days
        )
        warnings.insert(0, washout)
    return warnings


def opioid_free_days(checks: Sequence[MedicationCheck], default_days: int) -> int:
    """Days opioid-free before LDN: 14 after methadone or buprenorphine, else the default."""
    table = {ingredient.name: ingredient for ingredient in load_table().ingredients}
    longest = [
        table[match.ingredient].washout_days or 0
        for check in checks
        for match in check.matches
        if match.tier == "contraindicated" and match.ingredient in table
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

    Dates are never moved: the plan keeps its start, and the warning says what is unsafe.
    """
    days = opioid_free_days(checks, default_days)
    earliest = last_opioid_dose + timedelta(days=days)
    basis = f"opioid-free {days} days after the last dose on {last_opioid_dose.isoformat()}"
    if days < MAX_OPIOID_FREE_DAYS:
        basis += "; 14 days if it was methadone or buprenorphine"
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
