"""The curated opioid table (``data/opioids.json``) and the name index built over it.

This module owns what a medication *name* is: the table's models, how text is cut into words
(case, accents, ``#3``, "No3", ``+``, fused units), which words carry no ingredient (units,
forms, salts, sig words), which are brand suffixes (never spell-corrected), how amounts group
into strengths ("500 mg/30 mg" is two), and the two look-ups: exact names, and a bounded
misspelling search that only ever proposes names that would *flag* something (an opioid, an
antagonist), never a harmless drug. How a whole line
is judged lives in ``interactions.py``. Pure: the table is read once, nothing is printed.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
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
MATCH_CACHE_SIZE = 4096
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
    #: Has long-acting depot injections and implants (clinical-facts.md section 3 names only
    #: buprenorphine's): an injected or implanted line of it is a depot or implant. For every
    #: other opioid, "depot" means an oral prolonged-release form (Nordic usage).
    depot_forms: bool = False
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


_SPLIT = re.compile(r"[\s/\-&;:()\[\]{}'\"*]+")
_HASH_NUMBER = re.compile(r"#\s*([0-9])")
# A period ends a word unless it is a decimal point between ASCII digits ("4.5 mg", "No. 3").
_PERIOD = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
# A comma is a decimal mark between digits ("Zaldiar 37,5 mg/325 mg"), a separator elsewhere.
_COMMA = re.compile(r"(?<![0-9]),|,(?![0-9])")
#: "No3", "no4", "Nº3" (NFKD makes it "no3") and "N°3" name a member of a brand family
#: ("Tylenol No 3"): the number is split off and read, never skipped as a quantity.
_NUMBER_SIGN = re.compile(r"\bn[o°]\s*(?=[0-9])")
#: A unit fused to its number ("30mg") is split off, so that "Atasol 30mg" reads as "Atasol 30
#: mg", the name of a codeine product ("Atasol-30"), exactly like "Atasol 30 mg".
_FUSED_UNIT = re.compile(
    r"(?<![\w.,])([0-9]+(?:[.,][0-9]+)?)(mg|mcg|ug|μg|g|ml|l|iu|mmol|h|hr|hrs)(?![\w])"
)
_NUMBER = re.compile(r"^[0-9]+(?:[.,][0-9]+)?$")
_DIGIT = re.compile(r"[0-9]")
_UNITS = "mg|mcg|ug|µg|μg|g|ml|l|%|iu|units?|mmol|h|hr|hrs|d|x"
# No "no" prefix: "no3" is the number of a brand's member, not a quantity ("x30" is).
_NUMBERISH = re.compile(rf"^x?[0-9]+([.,][0-9]+)?({_UNITS})?$")
_FREQUENCY = re.compile(r"^(q[0-9]+(h|hr|hrs)?|[0-9]+x|x[0-9]+)$")
#: Words that carry no ingredient: units, dose forms, release codes, salts, routes, sig words.
#: Brand suffixes ("plus", "forte", "compound", "strength", "extra", "ac", "#3") are *not*
#: here: a suffix that is not part of a known name is reported, never absorbed.
_NOISE_GROUPS = (
    "mg mcg ug µg μg ml unit units iu mmol hr hrs hour hours day days daily week weeks "
    "weekly month months monthly dose doses mikrog",
    "tablet tablets tab tabs capsule capsules cap caps caplet caplets pill pills solution soln "
    "liquid syrup elixir suspension susp oral drops injection injections inj injectable film "
    "films buccal sublingual sl spray nasal lozenge suppository supp vial ampoule amp powder "
    "granules sachet chewable dispersible effervescent orally disintegrating odt concentrate "
    "tincture cream gel topical iv im sc subcut subcutaneous intravenous intramuscular po pr "
    "linctus soluble syringe prefilled",
    "er xr sr cr la xl ir dr ec mr cd ct release extended modified controlled sustained "
    "immediate delayed prolonged long acting short",
    "hydrochloride hcl hydrobromide hbr bitartrate tartrate sulfate sulphate phosphate citrate "
    "acetate maleate mesylate napsylate besylate bromide polistirex pamoate succinate fumarate "
    "terephthalate myristate base anhydrous monohydrate hemihydrate dihydrate sodium potassium "
    "lysine oxalate tosilate",
    "and with w of in or the a for as needed prn take takes taking by mouth at bedtime night "
    "nightly morning once twice three four times every bid tid qid tds qds od qd qhs hs pain up "
    "to generic",
)
_NOISE_WORDS = frozenset(word for group in _NOISE_GROUPS for word in group.split())


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: One-letter units ("5 g", "25 mcg/h") are noise only right after a number or another unit:
#: alone they may abbreviate a drug ("H/APAP" is hydrocodone/APAP), so they are reported. So
#: are the Nordic words for "hour" in a patch's rate ("10 mikrog/time", "mikrogram/timme").
CONTEXT_UNITS = frozenset({"g", "l", "h", "t", "time", "timme"})
#: "max 8 a day" is a sig, but "Tylenol Max" is a product: "max" is noise only before a number.
MAX_WORDS = frozenset({"max", "maximum"})
#: Units and amount words after which a one-letter unit is read as a unit.
_UNIT_WORDS = frozenset(
    {"mg", "mcg", "ug", "µg", "μg", "ml", "iu", "mmol", "mikrog", "mikrogram", "g", "l"}
)

#: Release-form words: noise for matching; interactions.py decides what they make a line.
#: "depotplaster" (NO), "depotplåster" (SE), "depotplastre" (DK) and "depotlaastari" (FI) are
#: transdermal patches (Felleskatalogen, FASS, Pharmaca Fennica: Norspan).
PATCH_WORDS = _words(
    "patch patches transdermal plaster plastre depotplaster depotplastre laastari depotlaastari"
)
IMPLANT_WORDS = _words("implant implants")
#: "depot" is a depot injection of buprenorphine, but an oral prolonged-release form of the
#: other opioids (FASS, Felleskatalogen: "Dolcontin depottablett" is morphine, N02AA01).
DEPOT_WORDS = _words("depot")
#: Finnish labels call a depot injection "depotinjektioneste" (Pharmaca Fennica: Buvidal).
_NORDIC_INJECTION_WORDS = _words("injektioneste depotinjektioneste")
FORM_WORDS = PATCH_WORDS | IMPLANT_WORDS | DEPOT_WORDS | _NORDIC_INJECTION_WORDS
#: Injection routes and devices. A buprenorphine depot is injected subcutaneously.
INJECTION_WORDS = _NORDIC_INJECTION_WORDS | _words(
    "injection injections inj injectable subcutaneous subcut sc syringe"
)
#: Words saying that an injection lasts: weekly or monthly, extended or prolonged release.
LONG_ACTING_WORDS = _words(
    "weekly monthly week weeks month months extended prolonged sustained er xr pr la long depot"
)
#: Routes of a short-acting injection (buprenorphine for pain is given IV or IM).
SHORT_ROUTE_WORDS = frozenset({"iv", "im", "intravenous", "intramuscular"})
#: Brand suffixes and product-line words: never spell-corrected into a drug. Alone they are not
#: looked up at all ("Ultra" is not "Ultram"); in a joined look-up they must match exactly
#: ("Robitussin CF" is not "Robitussin AC"). Unknown, they leave the line unrecognised.
SUFFIX_WORDS = _words(
    "ultra extra xtra forte plus strength max maximum cf dm pe ac dac dh hc comp compound "
    "co mite express rapid relief original junior child children childrens infant kids "
    "night nighttime day daytime cold flu sinus cough chest pm am advance advanced fast "
    "soluble retard depot uno duo headache period migraine osteo arthritis back joint "
    "regular double triple super mini liquid gel caps tabs"
)


def prepare_text(text: str) -> str:
    """A medication line lower-cased, accent-free, with periods, commas, ``#3``, ``+``, "No3"
    and fused units made explicit; ``normalise_words`` splits it into words."""
    lowered = text.lower()
    if not lowered.isascii():  # "Codéine" is codeine; the cost stays linear in the text
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(char for char in decomposed if not unicodedata.combining(char))
    if "." in lowered:
        lowered = _PERIOD.sub(" ", lowered)
    if "," in lowered:
        lowered = _COMMA.sub(" ", lowered)
    if "#" in lowered:
        lowered = _HASH_NUMBER.sub(r" #\1", lowered)
    if "+" in lowered:  # "Nurofen+" is Nurofen Plus: the sign is read, never dropped
        lowered = lowered.replace("+", " plus ")
    if not _DIGIT.search(lowered):
        return lowered
    if "no" in lowered or "n°" in lowered:
        lowered = _NUMBER_SIGN.sub("no ", lowered)
    return _FUSED_UNIT.sub(r"\1 \2", lowered)


def split_words(prepared: str) -> tuple[str, ...]:
    """The words of a ``prepare_text`` result."""
    return tuple(filter(None, _SPLIT.split(prepared)))


def normalise_words(text: str) -> tuple[str, ...]:
    """Lower-case, accent-free words of a name or a medication line; ``#3`` stays one word."""
    return split_words(prepare_text(text))


def is_noise(word: str) -> bool:
    """A strength, unit, dose form, salt, release code, route or frequency word."""
    return (
        word in _NOISE_WORDS
        or word in FORM_WORDS
        or _NUMBERISH.match(word) is not None
        or _FREQUENCY.match(word) is not None
    )


def is_bare_number(word: str) -> bool:
    """A number written without a unit ("30", "4.5", "37,5")."""
    return _NUMBER.match(word) is not None


def is_unit_context(word: str) -> bool:
    """True when a one-letter unit after ``word`` is a unit ("5 g", "25 mcg/h")."""
    return is_bare_number(word) or word in _UNIT_WORDS or _NUMBERISH.match(word) is not None


def parse_number(word: str) -> Decimal | None:
    """The value of a bare number; None when a comma makes it ambiguous ("1,000": 1 or 1000?)."""
    if not is_bare_number(word):
        return None
    if "," in word:
        whole, fraction = word.split(",")
        if len(fraction) == 3:
            return None
        word = f"{whole}.{fraction}"
    return Decimal(word)


# --- strengths -----------------------------------------------------------------------------

#: Mass units: a number with one of these is an ingredient's strength.
MASS_UNITS = frozenset(
    {"mg", "mcg", "ug", "μg", "g", "mikrog", "microgram", "micrograms", "milligram", "milligrams"}
)
#: Counts of dose units: "30 tablets" is a quantity, "1-2 tabs" a range of them.
_COUNT_UNITS = _words(
    "tab tabs tablet tablets cap caps capsule capsules caplet caplets pill pills times dose "
    "doses drop drops puff puffs spray sprays sachet sachets patch patches x"
)
#: Volumes, rates and times: a number with one of these is never a strength ("5 mL", "4-6 h").
_VOLUME_UNITS = _words(
    "ml l iu mmol % h hr hrs hour hours d day days week weeks time timme unit units"
)
#: A range of counts, volumes or times ("1-2 tabs", "5-10 mL", "4-6 hours", "take 1-2"): two
#: numbers joined by "-", increasing, at most this ratio apart; counts and unitless ones whole
#: and at most ``_BARE_RANGE_MAX``. Masses are never a range: "400-600 mg" cannot be told from two
#: strengths ("5-325 mg"), so it counts as two (fail safe: write the dose).
_RANGE_RATIO = 4
_BARE_RANGE_MAX = 10
_AMOUNT_TOKEN = re.compile(r"([0-9]+(?:[.,][0-9]+)?)|([^\W\d_]+|%)|([/-])|\S")


@dataclass(frozen=True, slots=True)
class StrengthGroup:
    """Amounts written together ("500 mg/30 mg", "5/325", "1-2 tabs") and how many of them are
    strengths of an ingredient."""

    text: str
    strengths: int


# An amount: its number, its unit (if one follows it), and what joins it to the previous one.
_Amount = tuple[str, str | None, str]


def strength_groups(prepared: str) -> tuple[StrengthGroup, ...]:
    """The groups of amounts in a ``prepare_text`` result, in one linear pass.

    Amounts joined by ``/`` or ``-``, or two masses side by side ("500 mg 30 mg"), form one
    group; any word ends it. An amount is a strength when its unit is a mass; or it has none
    and takes a mass from the next amount ("300/30 mg"), or is not alone ("500/30"); or its unit
    is a dose form and it is not alone ("500/30 tablets"). Volumes, rates and times ("5 mL",
    "mcg/h"), counts alone ("30 tablets") and ranges of them ("1-2 tabs", "take 1-2") are not.
    """
    if not _DIGIT.search(prepared):
        return ()
    groups: list[list[_Amount]] = []
    current: list[_Amount] | None = None
    joiner = ""
    tokens = list(_AMOUNT_TOKEN.finditer(prepared))
    position = 0
    while position < len(tokens):
        number, word, separator = tokens[position].groups()
        position += 1
        if separator is not None:
            joiner = separator if current is not None else ""
            continue
        if number is None:
            current, joiner = None, ""  # a word (not a unit of an amount) ends a group
            continue
        unit: str | None = None
        if position < len(tokens):
            following = tokens[position].group(2)
            if following in MASS_UNITS or following in _COUNT_UNITS or following in _VOLUME_UNITS:
                unit = following
                position += 1
        # Only spaces came since the last amount (any word or sign ends a group).
        side_by_side = current is not None and current[-1][1] in MASS_UNITS and unit in MASS_UNITS
        if current is not None and (joiner or side_by_side):
            current.append((number, unit, joiner or " "))
        else:
            current = [(number, unit, "")]
            groups.append(current)
        joiner = ""
    return tuple(_strength_group(group) for group in groups)


def _strength_group(amounts: list[_Amount]) -> StrengthGroup:
    text = "".join(f"{join}{number}{' ' + unit if unit else ''}" for number, unit, join in amounts)
    if _is_range(amounts):
        return StrengthGroup(text, 0)
    count = 0
    following: str | None = None  # the unit a bare amount may take from the next one
    for position in range(len(amounts) - 1, -1, -1):
        _, unit, _ = amounts[position]
        if unit is None and following in MASS_UNITS:
            unit = following
        if unit in MASS_UNITS or (len(amounts) > 1 and (unit is None or unit in _COUNT_UNITS)):
            count += 1
        # A mass carries over any joint ("300/30 mg"); a count or volume only over "-" ranges.
        following = unit if unit in MASS_UNITS or amounts[position][2] == "-" else None
    return StrengthGroup(text, count)


def _is_range(amounts: list[_Amount]) -> bool:
    unit = amounts[-1][1]
    if len(amounts) != 2 or amounts[1][2] != "-" or amounts[0][1] not in (None, unit):
        return False
    if unit in MASS_UNITS:
        return False
    low, high = parse_number(amounts[0][0]), parse_number(amounts[1][0])
    if low is None or high is None or not 0 < low < high <= low * _RANGE_RATIO:
        return False
    # Counts of dose units and unitless ranges are a few whole units ("1-2 tabs", "take 1-2").
    whole = high <= _BARE_RANGE_MAX and low == int(low) and high == int(high)
    return unit in _VOLUME_UNITS or whole


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
    results: dict[tuple[object, ...], object] = field(default_factory=dict)
    lines: dict[str, object] = field(default_factory=dict)
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
        bare family name stays unrecognised. Suffix words (``SUFFIX_WORDS``) are never corrected:
        alone they are not looked up, and joined they must match the name's exactly. Bounded: a
        word outside ``FUZZY_MIN_LENGTH``–``FUZZY_MAX_LENGTH`` letters, or with anything but
        letters, is not looked up at all.
        """
        if not FUZZY_MIN_LENGTH <= len(word) <= FUZZY_MAX_LENGTH or not word.isalpha():
            return []
        stem = words or (word,)
        if all(part in SUFFIX_WORDS for part in stem):
            return []
        has_suffix = any(part in SUFFIX_WORDS for part in stem)
        index = self._fuzzy_index()
        limit = allowed_distance(word)
        candidates: set[str] = set()
        for variant in _deletes(word, limit):
            candidates |= index.get(variant, set())
        scored = sorted(
            (distance, name)
            for name in candidates
            if self._fuzzy_words[name][: len(stem)] != stem
            and (not has_suffix or _suffixes_agree(stem, self._fuzzy_words[name]))
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


def _suffixes_agree(query: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """True when every suffix word of either is the same word at the same place in the other."""
    return len(query) == len(name) and all(
        first == second
        for first, second in zip(query, name, strict=True)
        if first in SUFFIX_WORDS or second in SUFFIX_WORDS
    )


@cache
def load_table() -> OpioidTable:
    """Read and validate ``data/opioids.json`` (once per process)."""
    text = resources.files("ldn_cli.data").joinpath("opioids.json").read_text(encoding="utf-8")
    return OpioidTable.model_validate(json.loads(text))


@cache
def default_index() -> MedicationIndex:
    """The index over the shipped table (built once per process)."""
    return MedicationIndex(load_table())
