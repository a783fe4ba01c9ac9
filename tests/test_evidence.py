"""Every source key the tool prints resolves in the catalogue."""

from datetime import date

from hypothesis import given

from ldn_cli.evidence import SOURCES, cite
from ldn_cli.models import TitrationSpec
from ldn_cli.schedule import MORNING_CAVEAT, PRECAUTIONS, build_plan
from tests.strategies import specs


def test_catalogue_keys_match_their_entries() -> None:
    for key, source in SOURCES.items():
        assert source.key == key
        assert source.citation
        assert source.supports


def test_unconfirmed_sources_back_only_labelled_defaults() -> None:
    assert not cite("morning-dosing").confirmed
    assert "unconfirmed" in MORNING_CAVEAT.text
    assert all(cite(precaution.source).confirmed for precaution in PRECAUTIONS)


@given(specs())
def test_every_key_in_a_plan_resolves(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    keys = {plan.protocol.source} | {p.source for p in plan.precautions}
    keys |= {key for checkpoint in plan.checkpoints for key in checkpoint.sources}
    assert keys <= set(SOURCES)


def test_standard_plan_cites_the_seed() -> None:
    spec = TitrationSpec(
        start=date(2026, 12, 1), start_mg=1.5, step_mg=1.5, every_days=14, target_mg=4.5
    )
    assert build_plan(spec).protocol.source == "seed-standard"
