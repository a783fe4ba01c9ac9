"""ldn-cli: decision support for low dose naltrexone (LDN) titration. The public Python API.

>>> from datetime import date
>>> from ldn_cli import build_plan, build_spec, format_mg
>>> plan = build_plan(build_spec(today=date(2026, 11, 26), start="2026-12-01"))
>>> [format_mg(step.dose_mg) for step in plan.steps]
['1.5 mg', '3 mg', '4.5 mg']
>>> [checkpoint.suggested.isoformat() for checkpoint in plan.checkpoints]
['2026-12-29', '2027-01-12']
"""

from ldn_cli._version import __version__
from ldn_cli.dose import format_mg, parse_dose
from ldn_cli.errors import (
    InvalidDate,
    InvalidDose,
    InvalidDuration,
    InvalidSpec,
    LdnError,
    OutputError,
    UnknownChoice,
)
from ldn_cli.models import (
    Checkpoint,
    Plan,
    PlanWarning,
    Precaution,
    ProtocolRef,
    Step,
    TitrationSpec,
)
from ldn_cli.protocols import PROTOCOLS, Protocol, get_protocol
from ldn_cli.schedule import build_plan
from ldn_cli.spec import build_spec

__all__ = [
    "PROTOCOLS",
    "Checkpoint",
    "InvalidDate",
    "InvalidDose",
    "InvalidDuration",
    "InvalidSpec",
    "LdnError",
    "OutputError",
    "Plan",
    "PlanWarning",
    "Precaution",
    "Protocol",
    "ProtocolRef",
    "Step",
    "TitrationSpec",
    "UnknownChoice",
    "__version__",
    "build_plan",
    "build_spec",
    "format_mg",
    "get_protocol",
    "parse_dose",
]
