"""Test helpers: what a reader sees in each output format, and the ISMP notation check."""

import json
import re

# A number directly before "mg" (with or without a space), as a reader would see it.
DOSE_MENTION = re.compile(r"(?<![\w.])(\.?\d[\d.]*)\s*mg\b")
SAFE_NUMBER = re.compile(r"^(0|[1-9]\d*)(\.\d*[1-9])?$")
UNSAFE_WORDS = re.compile(r"\b(qhs|q\.h\.s|HS|QD|cc)\b|µg")


def assert_ismp_safe(text: str) -> None:
    """Every dose mention has a leading zero, no trailing zero and a space before mg."""
    for match in DOSE_MENTION.finditer(text):
        number = match.group(1)
        assert SAFE_NUMBER.match(number), f"unsafe dose {match.group(0)!r}"
        assert match.group(0) == f"{number} mg", f"no space before unit in {match.group(0)!r}"
    assert not UNSAFE_WORDS.search(text), UNSAFE_WORDS.search(text)


def printed_text(fmt: str, text: str) -> str:
    """What a reader sees: JSON and FHIR carry numbers and codes, so only their prose counts."""
    if fmt == "json":
        data = json.loads(text)
        return " ".join(item for c in data["checkpoints"] for item in c["assess"])
    if fmt == "fhir":
        data = json.loads(text)
        notes = [note["text"] for note in data["note"]]
        return " ".join([*notes, *(d["text"] for d in data["dosageInstruction"])])
    if fmt == "ics":
        return text.replace("\r\n ", "").replace("\\n", " ").replace("\\,", ",")
    return text
