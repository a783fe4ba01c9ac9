# An EHR-ready FHIR R4 MedicationRequest with one sequenced Dosage per step.
# exit: 0
ldn plan --start 2026-12-01 --format fhir --fhir-subject Patient/example
