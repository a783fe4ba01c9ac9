"""Using ldn-cli from Python: plan, check a medication list, compound, adjust and lint.

Run it with ``python examples/api_example.py``; a test runs it and checks what it prints.
"""

from datetime import date

import ldn_cli

plan = ldn_cli.plan(start="2026-12-01", meds=["gabapentin 300 mg"])
print("doses:", ", ".join(ldn_cli.format_mg(step.dose_mg) for step in plan.steps))
print("visits:", ", ".join(c.suggested.isoformat() for c in plan.checkpoints))

for check in ldn_cli.check_meds(["Percocet 5/325", "ibuprofen 400 mg"]):
    print("meds:", check.input, "->", check.verdict)

liquid = ldn_cli.compound_plan(plan, liquid="1mg/mL")
assert liquid.preparation is not None
print("volumes:", ", ".join(f"{step.volume_ml} mL" for step in liquid.preparation.steps))

adjusted = ldn_cli.adjust_plan(plan, ldn_cli.SideEffects("step-back"), on=date(2026, 12, 20))
print("after step-back:", adjusted.adjustments[-1].reason)

report = ldn_cli.check_plan(adjusted.model_dump_json())
print("check:", "failing" if report.failing else "clean", dict(report.counts))

try:
    ldn_cli.plan(start="2026-12-01", target="5")
except ldn_cli.LdnError as error:
    print("refused:", error)
