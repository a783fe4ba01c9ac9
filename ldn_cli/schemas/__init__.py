"""The published JSON contract: a JSON Schema for every JSON the tool reads or writes.

The schemas are generated from the pydantic models and committed beside this module, in this
package's folder (a test fails when they drift). Outputs use the serialised form (doses as
numbers).
"""

import json
from importlib import import_module
from typing import Any, Literal

from pydantic import TypeAdapter

#: Schema name -> (module, model, mode, what it describes).
SCHEMAS: dict[str, tuple[str, str, Literal["validation", "serialization"], str]] = {
    "plan": ("ldn_cli.models", "Plan", "serialization", "ldn plan/adjust --format json"),
    "findings": ("ldn_cli.check", "FindingsReport", "serialization", "ldn check --format json"),
    "meds": ("ldn_cli.interactions", "MedsReport", "serialization", "ldn meds --format json"),
    "spec": ("ldn_cli.batch", "BatchRow", "validation", "one ldn batch input row"),
    "batch": ("ldn_cli.batch", "BatchLine", "serialization", "one ldn batch output line"),
    "review": ("ldn_cli.response", "Review", "serialization", "ldn review --format json"),
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema called ``name`` (a key of ``SCHEMAS``), generated from its model."""
    module, model, mode, description = SCHEMAS[name]
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(import_module(module), model))
    document = adapter.json_schema(mode=mode)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = f"https://ldn-cli.invalid/schemas/{name}.schema.json"
    document["description"] = f"ldn-cli schema_version 1: {description}"
    return document


def schema_text(name: str) -> str:
    """The schema as the committed file holds it: sorted keys, two-space indent."""
    return json.dumps(schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
