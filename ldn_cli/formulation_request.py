"""What a pharmacist asks of a formulation (``FormulationRequest``): a liquid or capsules, the
syringes stocked, the beyond-use date, the overage and the measuring error accepted.

The command line, a settings file and the Python API fill the same model. It is kept apart
from ``compounding`` (which does the measuring) so that a command that takes these options but
names no formulation (``ldn plan`` without ``--liquid``) does not load the measuring code. Each
option is read by the parser in ``compounding``, imported on use.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ldn_cli.dose import format_number
from ldn_cli.errors import InvalidSpec
from ldn_cli.fields import DURATION, WORD, CliOption, Duration, Text

if TYPE_CHECKING:
    from ldn_cli.compounding import Syringe
    from ldn_cli.models import Capsules, Liquid

#: Warn when a dose's possible measuring error is above this (percent; configurable).
DEFAULT_MAX_ERROR_PCT = Decimal(10)


class FormulationRequest(BaseModel):
    """How a plan is made up: a liquid or capsules, the syringes stocked, the beyond-use date,
    the overage and the measuring error accepted. ``None`` means "not given"."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    #: Options of which at most one may be given (a setting for one is dropped when the
    #: command line gives the other).
    exclusive: ClassVar[tuple[tuple[str, ...], ...]] = (("liquid", "capsules"),)

    liquid: Annotated[
        Text | None,
        WORD,
        Field(description="Oral liquid concentration, e.g. 1mg/mL."),
        CliOption("CONC", "Formulation", setting="pharmacy.liquid"),
    ] = None
    liquid_base: Annotated[
        Text | None,
        WORD,
        Field(
            description="Liquid vehicle, which sets the default beyond-use date (USP <795>): "
            "aqueous (default), preserved, non-aqueous."
        ),
        CliOption(
            "BASE", "Formulation", setting="pharmacy.liquid_base", setting_default='"aqueous"'
        ),
    ] = None
    capsules: Annotated[
        Text | None,
        WORD,
        Field(description="Capsule strengths available, e.g. 0.5,1.5,3."),
        CliOption("MG,...", "Formulation", setting="pharmacy.capsules"),
    ] = None
    syringes: Annotated[
        Text | None,
        WORD,
        Field(
            description="Oral syringes stocked, CAPACITY:GRADUATION in mL (default "
            "1:0.01,3:0.1,5:0.1,5:0.2,10:0.2)."
        ),
        CliOption("ML:ML,...", "Formulation", setting="pharmacy.syringes"),
    ] = None
    bud: Annotated[
        Duration | None,
        DURATION,
        Field(
            description="The pharmacy's beyond-use date: 60d, 8w or days (1–365; default: "
            "USP <795> for the form)."
        ),
        CliOption("DAYS", "Formulation", setting="pharmacy.bud"),
    ] = None
    overage: Annotated[
        Text | None,
        WORD,
        Field(description="Liquid overage per fill for dead volume, % (default 0)."),
        CliOption("PCT", "Formulation", setting="pharmacy.overage", setting_default='"0"'),
    ] = None
    max_error: Annotated[
        Text | None,
        WORD,
        Field(
            description="Largest possible measuring error accepted, %: above it is a failing "
            "finding (default 10)."
        ),
        CliOption(
            "PCT",
            "Formulation",
            setting="pharmacy.max_error",
            setting_default=f'"{format_number(DEFAULT_MAX_ERROR_PCT)}"',
        ),
    ] = None

    def names_formulation(self) -> bool:
        """True when a liquid or capsules is asked for (the other options only describe one)."""
        return self.liquid is not None or self.capsules is not None

    def formulation(self) -> "Liquid | Capsules | None":
        """The formulation asked for, if any: a liquid or capsules, not both."""
        from ldn_cli.compounding import parse_concentration, parse_liquid_base, parse_strengths

        if self.liquid is not None and self.capsules is not None:
            raise InvalidSpec("give --liquid or --capsules, not both")
        if self.liquid is not None:
            base = parse_liquid_base(self.liquid_base) if self.liquid_base else "aqueous"
            return parse_concentration(self.liquid).model_copy(update={"base": base})
        return parse_strengths(self.capsules) if self.capsules is not None else None

    def stocked(self) -> "tuple[Syringe, ...] | None":
        """The syringes given, or ``None`` for the shipped list."""
        from ldn_cli.compounding import parse_syringes

        return parse_syringes(self.syringes) if self.syringes is not None else None

    def bud_days(self) -> int | None:
        """The pharmacy's beyond-use days, or ``None`` for the USP default of the form."""
        from ldn_cli.compounding import parse_bud
        from ldn_cli.spec import as_duration

        return parse_bud(as_duration(self.bud) or "") if self.bud is not None else None

    def max_error_pct(self) -> Decimal:
        """The largest possible measuring error accepted, in percent."""
        from ldn_cli.compounding import parse_percent

        if self.max_error is None:
            return DEFAULT_MAX_ERROR_PCT
        return parse_percent(self.max_error, what="max error")

    def overage_pct(self) -> Decimal:
        """The liquid overage per fill, in percent (0 unless given)."""
        from ldn_cli.compounding import parse_percent

        return Decimal(0) if self.overage is None else parse_percent(self.overage, what="overage")

    def check_field(self, name: str) -> None:
        """Check one field as its use would (settings files)."""
        from ldn_cli.compounding import (
            parse_concentration,
            parse_liquid_base,
            parse_strengths,
        )

        checks = {
            "liquid": lambda: parse_concentration(self.liquid or ""),
            "liquid_base": lambda: parse_liquid_base(self.liquid_base or ""),
            "capsules": lambda: parse_strengths(self.capsules or ""),
            "syringes": self.stocked,
            "bud": self.bud_days,
            "overage": self.overage_pct,
            "max_error": self.max_error_pct,
        }
        checks[name]()
