"""The curated opioid table (``data/opioids.json``) and the name index built over it.

This module owns what a medication *name* is: the table's models, how text is cut into words
(case, accents, ``#3``), which words carry no ingredient (units, forms, salts, sig words), and
the two look-ups: exact names, and a bounded misspelling search that only ever proposes names
that would *flag* something (an opioid, an antagonist), never a harmless drug. How a whole line
is judged lives in ``interactions.py``. Pure: the table is read once, nothing is printed.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ldn_cli.models import Tier

#: Release forms whose opioid-free wait differs (clinical-facts.md section 3).
Form = Literal["depot", "implant", "patch"]
#: Where a product is sold (the test corpus spans at least five of these markets).
Market = Literal["US", "CA", "UK", "IE", "EU", "Nordic", "AU", "NZ"]
#: Tiers that a misspelling may propose: each flags something the prescriber must act on.
#: A name that is only near a harmless drug is never "corrected" into it (fail safe).
FLAGGING_TIERS: frozenset[str] = frozenset(
    {"contraindicated", "caution", "pamora", "naloxone", "duplicate"}
)

#: Misspellings: unknown words (or two joined words) of this many letters are compared with
#: known names. Below the minimum too many short words are within one edit of a brand.
FUZZY_MIN_LENGTH = 5
#: Nothing longer is looked up: the misspelling index holds every deletion variant of a name up
#: to two edits, so a query costs O(length²); the longest indexed name is shorter than this.
FUZZY_MAX_LENGTH = 30
#: Cache sizes: bounded, so a long batch of distinct lines cannot grow memory.
_MATCH_CACHE_SIZE = 4096
_NOISE_CACHE_SIZE = 16384


class TierInfo(BaseModel):
    """The advice printed for every ingredient of a tier (or a release form), and its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    advice: str
    source: str


class Ingredient(BaseModel):
    """One ingredient of the curated table, with every name it is known by alone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    tier: Tier
    atc: list[str]
    names: list[str] = Field(default_factory=list)
    #: Single-ingredient brands; combinations are ``products``.
    brands: list[str] = Field(default_factory=list)
    source: str
    brands_source: str = "product-labels"
    washout_days: int | None = None
    #: Not reported when an opioid agonist is on the same line (naloxone in Suboxone).
    flag_only_alone: bool = False
    #: A generic line whose every strength is in the LDN range is the planned LDN (naltrexone).
    low_dose_by_strength: bool = False
    #: Advice replacing the tier's (kratom: centrally acting), with its own source.
    advice: str | None = None
    advice_source: str | None = None
    note: str | None = None

    def generic_names(self) -> list[str]:
        """The ingredient's name and synonyms."""
        return [self.name, *self.names]


class Product(BaseModel):
    """A brand or combination product: its names, ingredients, markets and composition source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    names: list[str] = Field(min_length=1)
    ingredients: list[str] = Field(min_length=1)
    atc: list[str] = Field(default_factory=list)
    markets: list[Market] = Field(min_length=1)
    source: str
    form: Form | None = None
    note: str | None = None


class OpioidTable(BaseModel):
    """The whole data file: tiers and release forms with their advice, ingredients, products."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    about: str
    tiers: dict[Tier, TierInfo]
    forms: dict[Form, TierInfo]
    ingredients: list[Ingredient]
    products: list[Product]


@dataclass(frozen=True, slots=True)
class NameEntry:
    """What one known name stands for: its ingredients, composition source and release form."""

    display: str
    ingredients: tuple[Ingredient, ...]
    source: str
    form: Form | None
    generic: bool

    def flags(self) -> bool:
        """True when the name contains anything a prescriber must act on."""
        return any(item.tier in FLAGGING_TIERS for item in self.ingredients)


_SPLIT = re.compile(r"[\s/+\-&,;:()\[\]{}'\"*]+")
_HASH_NUMBER = re.compile(r"#\s*([0-9])")
# A period ends a word unless it is a decimal point between ASCII digits ("4.5 mg", "No. 3").
_PERIOD = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_NUMBER = re.compile(r"^[0-9]+(?:[.][0-9]+)?$")
_UNITS = "mg|mcg|ug|µg|μg|g|ml|l|%|iu|units?|mmol|h|hr|hrs|d|x"
_NUMBERISH = re.compile(rf"^(x|no)?[0-9]+([.][0-9]+)?({_UNITS})?$")
_FREQUENCY = re.compile(r"^(q[0-9]+(h|hr|hrs)?|[0-9]+x|x[0-9]+)$")
#: Words that carry no ingredient: units, dose forms, release codes, salts, routes, sig words.
#: Brand suffixes ("plus", "forte", "compound", "strength", "extra", "ac", "#3") are *not*
#: here: a suffix that is not part of a known name is reported, never absorbed.
_NOISE_GROUPS = (
    "mg mcg ug µg μg g ml l unit units iu mmol hr hrs hour hours h day days daily week weeks "
    "weekly month months monthly dose doses",
    "tablet tablets tab tabs capsule capsules cap caps caplet caplets pill pills solution soln "
    "liquid syrup elixir suspension susp oral drops injection inj injectable film films buccal "
    "sublingual sl spray nasal lozenge suppository supp vial ampoule amp powder granules sachet "
    "chewable dispersible effervescent orally disintegrating odt concentrate tincture cream gel "
    "topical iv im sc subcut subcutaneous po pr linctus soluble",
    "er xr sr cr la xl ir dr ec mr cd ct release extended modified controlled sustained "
    "immediate delayed prolonged long acting short",
    "hydrochloride hcl hydrobromide hbr bitartrate tartrate sulfate sulphate phosphate citrate "
    "acetate maleate mesylate napsylate besylate bromide polistirex pamoate succinate fumarate "
    "terephthalate myristate base anhydrous monohydrate hemihydrate dihydrate sodium potassium "
    "lysine oxalate tosilate",
    "and with w of in or the a for as needed prn take takes taking by mouth at bedtime night "
    "nightly morning once twice three four times every bid tid qid tds qds od qd qhs hs pain up "
    "to max maximum generic",
)
_NOISE_WORDS = frozenset(word for group in _NOISE_GROUPS for word in group.split())
#: Release-form words: noise for matching, but they make a line a depot, implant or patch.
FORM_WORDS: dict[str, Form] = {
    "depot": "depot",
    "implant": "implant",
    "implants": "implant",
    "patch": "patch",
    "patches": "patch",
    "transdermal": "patch",
}
#: An extended-release word with an injection word makes a line a depot (Sublocade's generic
#: name is "buprenorphine extended-release injection").
EXTENDED_WORDS = frozenset({"extended", "prolonged", "er", "xr", "pr", "sustained"})
INJECTION_WORDS = frozenset({"injection", "inj", "injectable", "subcutaneous", "subcut", "sc"})


def normalise_words(text: str) -> tuple[str, ...]:
    """Lower-case, accent-free words of a name or a medication line; ``#3`` stays one word."""
    lowered = text.lower()
    if not lowered.isascii():  # "Codéine" is codeine; the cost stays linear in the text
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    if "." in lowered:
        lowered = _PERIOD.sub(" ", lowered)
    if "#" in lowered:
        lowered = _HASH_NUMBER.sub(r" #\1", lowered)
    return tuple(filter(None, _SPLIT.split(lowered)))


def is_noise(word: str) -> bool:
    """A strength, unit, dose form, salt, release code, route or frequency word."""
    return (
        word in _NOISE_WORDS
        or word in FORM_WORDS
        or _NUMBERISH.match(word) is not None
        or _FREQUENCY.match(word) is not None
    )


def is_bare_number(word: str) -> bool:
    """A number written without a unit ("30", "4.5")."""
    return _NUMBER.match(word) is not None


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


def allowed_distance(word: str) -> int:
    """Edits tolerated in a misspelling: one up to six letters, two above."""
    return 1 if len(word) <= 6 else 2


def _deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to ``depth`` characters (the SymSpell index key).

    Only ever called on strings of at most ``FUZZY_MAX_LENGTH`` characters.
    """
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
    exact: dict[tuple[str, ...], NameEntry] = field(default_factory=dict)
    longest_from: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, Ingredient] = field(default_factory=dict)
    _fuzzy: dict[str, set[str]] | None = None
    _fuzzy_targets: dict[str, NameEntry] = field(default_factory=dict)
    _fuzzy_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Bounded caches of interactions.py's match records and line results (typed ``object``
    # here: those classes live in interactions.py, which imports this module).
    matches: dict[tuple[str, ...], object] = field(default_factory=dict)
    results: dict[tuple[str, ...], object] = field(default_factory=dict)
    noise: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {ingredient.name: ingredient for ingredient in self.table.ingredients}
        for ingredient in self.table.ingredients:
            for name in ingredient.generic_names():
                self._add(name, (ingredient,), ingredient.source, None, generic=True)
            for name in ingredient.brands:
                self._add(name, (ingredient,), ingredient.brands_source, None, generic=False)
        for product in self.table.products:
            parts = tuple(self.by_name[name] for name in product.ingredients)
            for name in product.names:
                self._add(name, parts, product.source, product.form, generic=False)

    def _add(
        self,
        name: str,
        ingredients: tuple[Ingredient, ...],
        source: str,
        form: Form | None,
        *,
        generic: bool,
    ) -> None:
        words = normalise_words(name)
        known = self.exact.get(words)
        if known is not None and known.ingredients != ingredients:
            raise ValueError(f"opioids.json: the name {name!r} stands for two things")
        self.exact[words] = NameEntry(name, ingredients, source, form, generic)
        self.longest_from[words[0]] = max(self.longest_from.get(words[0], 0), len(words))

    def is_noise(self, word: str) -> bool:
        """``is_noise`` with a bounded cache (the same words recur across a batch)."""
        known = self.noise.get(word)
        if known is None:
            known = is_noise(word)
            if len(self.noise) < _NOISE_CACHE_SIZE:
                self.noise[word] = known
        return known

    def fuzzy_lookup(
        self, word: str, words: tuple[str, ...] | None = None
    ) -> list[tuple[str, NameEntry]]:
        """Flagging names within the allowed edit distance of ``word``, closest first.

        ``words`` are the line's words joined into ``word``. A name that merely continues them
        ("robitussin" and "Robitussin AC") is a member of a brand family, not a misspelling: the
        bare family name stays unrecognised. Bounded: a word outside ``FUZZY_MIN_LENGTH``–
        ``FUZZY_MAX_LENGTH`` letters, or with anything but letters, is not looked up at all.
        """
        if not FUZZY_MIN_LENGTH <= len(word) <= FUZZY_MAX_LENGTH or not word.isalpha():
            return []
        stem = words or (word,)
        index = self._fuzzy_index()
        limit = allowed_distance(word)
        candidates: set[str] = set()
        for variant in _deletes(word, limit):
            candidates |= index.get(variant, set())
        scored = sorted(
            (distance, name)
            for name in candidates
            if self._fuzzy_words[name][: len(stem)] != stem
            and (distance := edit_distance(word, name, limit)) <= limit
        )
        if not scored:
            return []
        best = scored[0][0]
        return [(name, self._fuzzy_targets[name]) for distance, name in scored if distance == best]

    def _fuzzy_index(self) -> dict[str, set[str]]:
        if self._fuzzy is None:
            self._fuzzy = {}
            for words, entry in self.exact.items():
                joined = "".join(words)
                if not entry.flags() or not joined.isalpha():
                    continue
                if not FUZZY_MIN_LENGTH <= len(joined) <= FUZZY_MAX_LENGTH:
                    continue
                self._fuzzy_targets[joined] = entry
                self._fuzzy_words[joined] = words
                for variant in _deletes(joined, allowed_distance(joined)):
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
