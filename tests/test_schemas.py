"""The published JSON contract: committed schemas match the models, and every output validates."""

import json
import shlex
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from ldn_cli.cli import app
from ldn_cli.models import TitrationSpec
from ldn_cli.render.json import to_json
from ldn_cli.schedule import build_plan
from ldn_cli.schemas import SCHEMAS, schema, schema_text
from tests.strategies import specs
from tests.test_examples import EXAMPLES, SCRIPTS, parse_example

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "ldn_cli" / "schemas"


def validator(name: str) -> jsonschema.protocols.Validator:
    document = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(document)
    cls.check_schema(document)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"{name}.schema.json drifted from the models; regenerate it with "
        f"'ldn schema {name} > ldn_cli/schemas/{name}.schema.json'"
    )


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_ldn_schema_prints_each_schema(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema(name)


def test_schema_doses_are_bounded() -> None:
    step = schema("plan")["$defs"]["Step"]["properties"]["dose_mg"]
    assert (step["minimum"], step["maximum"]) == (0.1, 4.5)


@settings(max_examples=40)
@given(specs())
def test_every_generated_plan_validates(spec: TitrationSpec) -> None:
    validator("plan").validate(json.loads(to_json(build_plan(spec))))


def kind_of(args: list[str]) -> str | None:
    """Which schema an example's JSON output follows, if it prints JSON."""
    if args[0] == "batch":
        return "batch"
    if "json" not in args:
        return None
    return {
        "plan": "plan",
        "adjust": "plan",
        "compound": "plan",
        "meds": "meds",
        "check": "findings",
        "review": "review",
    }.get(args[0])


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_every_json_example_output_validates(
    runner: CliRunner, script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    args, _ = parse_example(script)
    kind = kind_of(args)
    if kind is None:
        return  # a table or another text format: nothing to validate
    result = runner.invoke(app, args)
    documents = (
        [json.loads(line) for line in result.stdout.splitlines()]
        if kind == "batch"
        else [json.loads(result.stdout)]
    )
    for document in documents:
        validator(kind).validate(document)


def test_example_plan_json_input_validates() -> None:
    validator("plan").validate(json.loads((EXAMPLES / "plan.json").read_text(encoding="utf-8")))


def test_batch_rows_follow_the_spec_schema() -> None:
    rows = [
        {"id": "a", "start": "2026-12-01"},
        {"id": 7, "start_dose": 0.5, "step": "0.5", "every": "2w", "meds": ["gabapentin"]},
    ]
    for row in rows:
        validator("spec").validate(row)
    with pytest.raises(jsonschema.ValidationError):
        validator("spec").validate({"id": "a", "colour": "blue"})


def test_shell_pipeline_acceptance(runner: CliRunner) -> None:
    """`ldn plan --format json | python -c ...` validates against `ldn schema plan`."""
    plan_text = runner.invoke(app, shlex.split("plan --start 2026-12-01 --format json")).stdout
    schema_document = json.loads(runner.invoke(app, ["schema", "plan"]).stdout)
    jsonschema.validate(json.loads(plan_text), schema_document)
