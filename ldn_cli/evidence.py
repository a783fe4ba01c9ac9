"""The source catalogue: every clinical statement the tool prints cites one of these keys.

Keys and texts come from ``shared/reference/clinical-facts.md`` and ``seed.md``. A source
marked ``confirmed=False`` backs only a labelled, configurable default, never a hard rule.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """One citable source: what it is and what the tool uses it for."""

    key: str
    citation: str
    supports: str
    confirmed: bool = True


_SEED = "Seed summary 'Low Dose Naltrexone for Chronic Pain Management' (2025-09-14)"

SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source(
            "seed-standard",
            f"{_SEED}, Dosing and Administration (its ref. 1, guideline overview 2025)",
            "Start 1.5 mg at bedtime, +1.5 mg every two weeks, 4.5 mg daily maximum",
        ),
        Source(
            "seed-individualized",
            f"{_SEED}, Dosing and Administration (its ref. 5)",
            "Individualized effective doses range 0.1–4.5 mg",
        ),
        Source(
            "seed-follow-up",
            f"{_SEED}, Clinical Pearls (its ref. 4)",
            "Follow up within 2–4 weeks to evaluate efficacy and side effects",
        ),
        Source(
            "seed-goal",
            f"{_SEED}, Clinical Pearls (its ref. 4)",
            "Complete relief is often not achievable; aim for 30–50% pain reduction",
        ),
        Source(
            "seed-side-effects",
            f"{_SEED}, Common Side Effects (its ref. 1)",
            "Common side effects: headache, tachycardia, vivid dreams",
        ),
        Source(
            "seed-precautions",
            f"{_SEED}, Important Precautions (its ref. 7)",
            "Blocks opioids; opioid sensitivity may rise after stopping; carry identification",
        ),
        Source(
            "seed-position",
            f"{_SEED}, Current Position in Pain Management Algorithm (its ref. 1)",
            "Not first line: consider after inadequate response to first-line treatments",
        ),
        Source(
            "ldnrt-weekly",
            "LDN Research Trust, pharmacist Q&A 'Can you talk through starting dose and "
            "titration' (ldnresearchtrust.org)",
            "Start 1 mg, +1 mg every 7 days to 4.5 mg (pain, autoimmune)",
        ),
        Source(
            "ldnrt-sensitive",
            "LDN Research Trust, pharmacist Q&A 'Can you talk through starting dose and "
            "titration' (ldnresearchtrust.org)",
            "Start 0.5 mg, +0.5 mg every 2 weeks for sensitive patients (ME/CFS, long COVID)",
        ),
        Source(
            "norland-weekly",
            "Norland Pharmacy LDN fax sheet",
            "Start 0.5 mg, +0.5 mg every 7 days; do not exceed 4.5 mg",
        ),
        Source(
            "ldnrt-guide-2020",
            "LDN Research Trust dosing guide (2020/2021)",
            "0.5–1 mg for 14 days, then +0.5–1 mg every 2 weeks to 4.5 mg or highest tolerated",
        ),
        Source(
            "ldnrt-side-effects",
            "LDN Research Trust pharmacists (clinical-facts.md section 1)",
            "Side effects that do not settle: halve or drop back to the last tolerated dose, "
            "then re-titrate more slowly",
        ),
        Source(
            "morning-dosing",
            "Norwegian LDN site and lay sources (clinical-facts.md section 1); no trial",
            "Morning dosing when sleep is disturbed (vivid dreams, insomnia)",
            confirmed=False,
        ),
        Source(
            "naltrexone-label",
            "Naltrexone labels (REVIA, Vivitrol) and consumer leaflet",
            "Contraindicated with opioids; opioid-free 7–10 days before starting "
            "(14 days after methadone or buprenorphine)",
        ),
        Source(
            "who-atc",
            "WHO Collaborating Centre for Drug Statistics Methodology, ATC index "
            "(clinical-facts.md section 3)",
            "Opioid ATC groups N02A, N01AH, N07BC, R05DA, A07DA; noscapine, dextromethorphan and "
            "lofexidine are in them but are not opioid agonists",
        ),
        Source(
            "product-labels",
            "National product information: US DailyMed, UK eMC, Health Canada Drug Product "
            "Database, Australian Register of Therapeutic Goods",
            "Brand and combination product names and the ingredients they contain",
        ),
        Source(
            "opioid-antagonists",
            "clinical-facts.md section 3 (WHO ATC N07BB04, N07BB05, V03AB15; "
            "olanzapine/samidorphan)",
            "Other opioid antagonists are duplicate therapy with LDN, not a block",
        ),
        Source(
            "kratom-opioid",
            "US FDA Commissioner statement on kratom compounds' opioid properties (6 Feb 2018); "
            "Hill et al. 2022, Br J Pharmacol (PMC9314834): mitragynine is a mu-opioid partial "
            "agonist (clinical-facts.md section 3)",
            "Kratom (mitragynine, 7-hydroxymitragynine) is a centrally acting mu-opioid partial "
            "agonist and daily users can be dependent: contraindicated, with the usual "
            "opioid-free wait",
        ),
        Source(
            "long-acting-opioids",
            "Sublocade (buprenorphine extended-release injection) prescribing information: "
            "terminal half-life 43–60 days, detectable plasma levels for twelve months or longer "
            "after steady state; Brixadi/Buvidal weekly and monthly depots and the six-month "
            "Probuphine/Sixmo implant release drug for their whole interval "
            "(clinical-facts.md section 3)",
            "Depots and implants: no opioid-free wait is computed from their date; the 7–10 and "
            "14-day waits are for oral, sublingual and transdermal use, and for a patch the last "
            "dose is the day it is removed",
        ),
        Source(
            "pamora-opioid-use",
            "clinical-facts.md section 3; Relistor (methylnaltrexone) US label, Moventig "
            "(naloxegol) SmPC and Rizmoic (naldemedine) EPAR, EMA: treatment of opioid-induced "
            "constipation in patients taking opioids; WHO ATC A06AH",
            "PAMORAs (methylnaltrexone, naloxegol, naldemedine, alvimopan) do not conflict with "
            "LDN themselves but signal opioid use: ask about it",
        ),
        Source(
            "naloxone-opioid-use",
            "clinical-facts.md section 3 (naloxone V03AB15)",
            "A naloxone rescue kit signals opioid use or risk: ask about opioid use",
        ),
        Source(
            "seed-ldn-dose",
            f"{_SEED}, Dosing and Mechanism sections (LDN 1.5–4.5 mg, individualized 0.1–4.5 "
            "mg; standard naltrexone 50–100 mg)",
            "A naltrexone line whose every strength is 0.1–4.5 mg is the LDN being planned; "
            "without a strength or above 4.5 mg it is full-dose naltrexone",
        ),
        Source(
            "labels-us",
            "US product labels: DailyMed and openFDA NDC directory (Guaiatussin AC and other "
            "guaifenesin/codeine 100 mg/10 mg per 5 mL liquids; Apadaz benzhydrocodone 6.12 mg/"
            "acetaminophen 325 mg; Relistor; Embeda morphine/naltrexone; Tussigon hydrocodone 5 mg/"
            "homatropine 1.5 mg; RoxyBond oxycodone); Hycotuss label text (hydrocodone 5 mg/"
            "guaifenesin 100 mg per 5 mL, RxList); CDC Opioid CDS value sets of RxNorm products "
            "(HL7 cdc-opioid-cpg, 2025: Suboxone, Zubsolv, Bunavail, Butrans, Sublocade, Brixadi, "
            "Probuphine, Ultracet, Seglentis); US DEA drug scheduling (Robitussin AC: Schedule V "
            "codeine cough preparation)",
            "Compositions of the US brands and combinations the table lists with this key",
        ),
        Source(
            "labels-uk-ie",
            "UK and Irish SmPCs and leaflets (eMC, medicines.ie): Solpadeine Max, Solpadeine "
            "Plus, Solpadeine Headache, Codasolve, Nurofen Plus, Anadin Ultra, Anadin Extra, "
            "Feminax Ultra, Feminax Express, Feminax Period Pain Capsules, Panadol Extra, "
            "Diconal, Tramacet (tramadol 37.5 mg/paracetamol 325 mg), Marol and Tradorec XL "
            "(tramadol), Transtec, Hapoctasin, Reletrans, Butec and Relevtec (buprenorphine "
            "patches), Gee's Linctus (opium tincture, squill oxymel; PL 12965/0034); Medscape UK "
            "drug lists (paracetamol with codeine and caffeine)",
            "Compositions of the UK/Irish brands the table lists with this key, including the "
            "members of brand families with and without codeine",
        ),
        Source(
            "labels-eu",
            "EU product information: Zaldiar leaflets (Spain, Poland), Dafalgan Codeine (Vidal, "
            "France), Efferalgan Codeine (Poland), Co-Dafalgan (Switzerland), Buvidal SmPC (eMC), "
            "Sixmo implant (EU name of Probuphine), Moventig and Rizmoic EPARs (EMA); ANSM "
            "summaries of product characteristics (France: Codoliprane paracetamol 500 mg/codeine "
            "30 mg, Prontalgine paracetamol 400 mg/caffeine 50 mg/codeine 20 mg, Lamaline "
            "paracetamol 300 mg/opium powder 10 mg/caffeine 30 mg); BfArM (Germany: Paracodin "
            "dihydrocodeine; Oxygesic oxycodone); Swiss Fachinformation (Codipront codeine 30 mg/"
            "phenyltoloxamine 10 mg)",
            "Compositions of the EU brands the table lists with this key",
        ),
        Source(
            "labels-nordic",
            "Nordic product information: FASS.se (Panocod, ATC N02AJ06; Dolcontin depottablett, "
            "morphine N02AA01; Nobligan retard and Tradolan Retard, tramadol; Lepheton, "
            "ethylmorphine/ephedrine R05DA20; Kodein Meda; Oxikodon Depot Actavis; Buprenorfin "
            "Actavis; Norspan depotplåster), 1177.se (Citodon, Citodon forte, Altermol, "
            "Cocillana-Etyfin), Pharmaca Fennica (Panacod, Depolan, Codesan comp, kodeiini, "
            "morfiini), Felleskatalogen (Paralgin forte/major, Pinex Forte/Major, Dolcontin, "
            "Nobligan, Reltebon Depot, Cosylan, Kodein, Norspan; Pinex is paracetamol only), "
            "pro.medicin.dk (Kodimagnyl N02AJ07, Pinex comp N02AJ06), indlaegssedler.dk "
            "(Contalgin, Doltard, Depolan, Kodein DAK), Giftinformationscentralen (etylmorfin)",
            "Compositions of the Nordic brands the table lists with this key",
        ),
        Source(
            "labels-au-nz",
            "Australian and New Zealand product information: NPS MedicineWise CMIs (Mersyndol, "
            "Mersyndol Forte, Mersyndol DayStrength, Mevadol Forte, Panamax Co, Nurofen Plus, "
            "Codapane Forte, Codalgin Forte, Maxydol, Dolased, Dolased Forte, Aspalgin, Ordine, "
            "Durotram XR, Norspan), CMIs of Codis and Disprin Forte (aspirin with codeine), New "
            "Zealand data sheets (Panadeine, Panadeine Forte, Panadeine Extra, Codapane Xtra, "
            "Prodeine, Paracod), Medsafe (Norspan, Durotram XR), Zaldiar CMI; Ireland, HPRA "
            "(Codis)",
            "Compositions of the Australian/New Zealand brands the table lists with this key",
        ),
        Source(
            "labels-ca",
            "Janssen Inc. (Canada): TYLENOL with Codeine No. 2 and No. 3 product monograph "
            "(acetaminophen 300 mg, caffeine 15 mg, codeine phosphate 15 or 30 mg) and "
            "prescribing information for No. 1 (codeine 8 mg, with caffeine) and No. 4 "
            "(acetaminophen 300 mg, codeine phosphate 60 mg, no caffeine)",
            "Compositions of the Tylenol with Codeine family the table lists with this key",
        ),
        Source(
            "opioid-table",
            "ldn-cli curated opioid table, ldn_cli/data/opioids.json",
            "The medication names the tool recognises; anything else is reported as unchecked; "
            "a close misspelling only ever flags, never clears",
        ),
        Source(
            "iso-7886-1",
            "ISO 7886-1 syringe accuracy as summarised by SMTL (clinical-facts.md section 4)",
            "Below half the nominal volume: ±(1.5% of nominal + 2% of the expelled volume); "
            "at or above half: ±5%; measure with the smallest syringe that holds the dose",
        ),
        Source(
            "syringe-gradations",
            "Royal Melbourne Institute of Technology syringe-reading guidance, as summarised by "
            "public syringe-reading guides (1 mL in 0.01 mL, 3 mL in 0.1 mL, 5 and 10 mL in "
            "0.2 mL; some 5 mL oral syringes in 0.1 mL)",
            "Common oral syringe capacities and graduations (a configurable default)",
            confirmed=False,
        ),
        Source(
            "usp-795-bud",
            "USP <795> (2023) default beyond-use dates, via secondary sources "
            "(clinical-facts.md section 4)",
            "Aqueous non-preserved 14 days refrigerated; aqueous preserved 35 days; non-aqueous "
            "oral liquids 90 days; other non-aqueous (capsules) 180 days",
            confirmed=False,
        ),
        Source(
            "pharmacy-bud",
            "The dispensing pharmacy's own beyond-use date (given with --bud), from the "
            "stability data it relies on; not a USP <795> default",
            "A beyond-use date the pharmacy sets; checked against fawcett-1997 and cote-2018",
            confirmed=False,
        ),
        Source(
            "fawcett-1997",
            "Fawcett JM et al. 1997, Ann Pharmacother 31:1291",
            "Naltrexone 1 mg/mL in the dark: stable 60 days at 4 °C, 30 days at 25 °C",
        ),
        Source(
            "cote-2018",
            "Cote B et al. 2018, IJPC 22:252",
            "LDN capsules in Avicel: stable 360 days at room temperature, protected from light",
        ),
        Source(
            "ldnrt-types",
            "LDN Research Trust, 'types of LDN' (clinical-facts.md section 4)",
            "Liquid 1 mg/mL is the most used; 5 mg/mL is also used; aqueous liquid kept in the "
            "refrigerator, protected from light; capsules from 0.5 mg, without calcium "
            "carbonate filler (reduced absorption); splitting capsules is a precision risk",
        ),
        Source(
            "ismp-notation",
            "ISMP list of error-prone abbreviations; Joint Commission 'Do Not Use' list "
            "(clinical-facts.md section 5)",
            "Leading zero always, no trailing zero, space before the unit; never qhs, HS, QD, "
            "µg, cc; liquids in mL",
        ),
        Source(
            "surgery-hold",
            "LDN Research Trust pharmacists (at least 2 days / 3 days); ldndirect (48 h); "
            "Australasian Anaesthesia 2023, for standard-dose naltrexone (3 days) "
            "(clinical-facts.md section 3)",
            "Hold LDN before planned surgery or opioid use: 48 h to 3 days; default 72 h, "
            "configurable 24–72 h",
        ),
        Source(
            "ldnrt-restart",
            "LDN Research Trust; Dickson (clinical-facts.md section 3)",
            "Restart once fully off opioids: at the previous dose if the gap was about 2 weeks "
            "or less, else re-titrate from the start",
        ),
        Source(
            "counter-evidence",
            "Rassi-Mariani 2024 systematic review (7 RCTs, 406 patients); Vatvani 2024 "
            "fibromyalgia meta-analysis (4 RCTs, 222 patients)",
            "No clear benefit for chronic pain overall; a small effect in fibromyalgia",
        ),
        Source(
            "immpact-2008",
            "Dworkin RH et al. Interpreting the clinical importance of treatment outcomes in "
            "chronic pain clinical trials: IMMPACT recommendations. J Pain 2008;9(2):105–121, "
            "doi:10.1016/j.jpain.2007.09.005",
            "Pain on a 0–10 scale: a 10–20% decrease is minimally important, at least 30% "
            "moderately important, at least 50% substantial; judge improvement two or more ways",
        ),
        Source(
            "final-trial",
            "Bruun KD et al. Low-dose naltrexone for the treatment of fibromyalgia: protocol for "
            "a double-blind, randomized, placebo-controlled trial (FINAL). Trials 2021, "
            "doi:10.1186/s13063-021-05776-7 (ClinicalTrials.gov NCT04270877)",
            "Primary outcome: change in average pain over the last 7 days from baseline to 12 "
            "weeks (including a 4-week titration); responders at >15%, 30% and 50%",
        ),
        Source(
            "diary-min-days",
            "ldn-cli's own rule (issue 15): no clinical source sets how many days of a week's "
            "diary make its mean; --min-days changes it",
            "A 7-day mean pain needs at least 4 recorded days (a configurable default)",
            confirmed=False,
        ),
    )
}


def cite(key: str) -> Source:
    """Return the source for ``key``; an unknown key is a programming error."""
    return SOURCES[key]
