"""Parameters of the synthetic population, each with the public source it approximates.

Figures are rounded approximations read from the named publications, good enough that the
synthetic region *behaves* like an English one (age structure, prevalence gradients, admission
rates); they are not estimates to quote. ``docs/population.md`` renders :data:`SOURCES`.

SNOMED CT concept ids below pass the Verhoeff check and are the usual concepts for the condition;
the labels are ours. Before clinical use, map to the published QOF and eFI code clusters.
Medicine codes are *fictional* dm+d-shaped ids in a made-up namespace (see :func:`fictional_dmd`).
"""

from __future__ import annotations

import numpy as np

SOURCES: dict[str, str] = {
    "AGE_BANDS": "ONS mid-2022 population estimates for England, 5-year bands (rounded shares)",
    "FEMALE_SHARE": "ONS mid-2022 estimates: females by age band (women outnumber men from ~60)",
    "ETHNICITY": "Census 2021 England: White 81.0%, Asian 9.6%, Black 4.2%, Mixed 3.0%, Other 2.2%",
    "CONDITIONS": "QOF 2022/23 recorded prevalence (NHS Digital); Health Survey for England 2019 "
    "(hypertension ~30% of adults, ~29% of them undiagnosed, 66% in men 16-24); "
    "AF ~2.5% (NHS England/PHE estimates); deprivation gradients from PHE Fingertips",
    "HYPERTENSION_DIAGNOSED": "QOF 2022/23 recorded hypertension 14.5% of registered patients",
    "EFI": "Clegg et al. 2016, Age Ageing 45:353 (36 deficits, cut-offs 0.12/0.24/0.36, "
    "hospitalisation HR 1.93/3.04/4.73, mortality HR 1.92/3.10/4.52)",
    "EMERGENCY_RATE": "HES 2022/23: ~6.3 M emergency admissions / 57 M people = ~0.11 per person-year; "
    "age pattern from HES admissions by age",
    "AE_RATE": "ECDS 2022/23: ~25 M type 1-4 attendances / 57 M people = ~0.44 per person-year",
    "OUTPATIENT_RATE": "HES outpatients 2022/23: ~120 M appointments, ~2 per person-year",
    "MORTALITY": "ONS national life tables 2020-22 (annual death probability by age, rounded)",
    "CARE_HOMES": "ONS 2021 Census care home residents: ~0.7% overall, ~14% of people 85+",
    "OPT_OUT": "NHS Digital national data opt-out: ~5% of England (4.97% June 2021), "
    "~8% in women 30-39; GP type 1 objections ~2-3% (NHS Digital, 2018)",
    "SOCIAL_CARE": "NHS Digital Adult Social Care Activity and Finance 2022/23: ~840k people in "
    "long-term support (~1.5% of population, concentrated at 85+)",
    "DQ": "SUS data quality dashboards: NHS number valid in ~99% of APC, ~97% of A&E records",
    "AGEING_IN": "Census 2021 England and Wales: ~2.6% of people aged 85+, ~0.9% aged 90+ among "
    "the living at the census date; ages are drawn so that the survivors at the extract date "
    "match, as a pilot of the same mortality shows",
    "EFI_BY_AGE": "Clegg et al. 2016: among people 65+ ~50% fit, 35% mild, 12% moderate, 3% "
    "severe frailty, rising with age (deficit rates by 5-year band tuned to match)",
    "BED_DAYS": "NHS England (Combined Predictive Model / King's Fund): 5% of patients account "
    "for 49% of acute bed days; HES 2022/23 mean emergency length of stay ~8 days at 75+",
    "UNDIAGNOSED": "AF: ~2.5% estimated prevalence, ~0.7% of people undiagnosed (BLMK 7,200 of "
    "about a million; QOF AF 2.1%); diabetes: ~1 in 5 cases undiagnosed (Diabetes UK, ~1.2 M "
    "in the UK); CKD 3-5: ~6-7% of adults modelled vs ~4% on QOF registers (NHS England / "
    "Kidney Research UK)",
    "READINGS": "QOF 2022/23 indicators and NICE NG28/NG203/NG136: HbA1c and eGFR/ACR at least "
    "yearly for people with diabetes or CKD, BP yearly for hypertension; NHS Health Check "
    "(40-74, every 5 years) and opportunistic pulse checks from 65 (NICE NG196)",
    "PALLIATIVE": "QOF palliative care register ~0.5% of registered patients (2022/23); ~40% of "
    "people who die are on it in their last year (Marie Curie / QOF)",
    "MATERNITY": "ONS births 2022: ~580k live births in England; ~54 per 1,000 women aged 15-44 "
    "(general fertility rate), delivery spells 1-2 days (HES maternity 2022-23)",
    "CARE_HOME_SUPPORT": "IAU Rushcliffe (Principia) evaluation 2017: A&E attendances -29%, "
    "emergency admissions -23%, no change in length of stay, 23 care homes; care home "
    "residents 65+ ~0.98 A&E attendances and 0.70 emergency admissions a year",
}

# Age bands of 5 years, 0-4 ... 85-89, 90+ (19 bands). Shares of the England population.
AGE_BANDS = np.array(
    [5.4, 5.9, 6.1, 5.8, 5.7, 6.5, 6.9, 6.9, 6.6, 6.3, 6.8, 6.8, 6.1, 5.3, 5.2, 3.8, 2.6, 1.6, 0.9]
)
FEMALE_SHARE = np.array(
    [
        0.488,
        0.488,
        0.488,
        0.487,
        0.49,
        0.497,
        0.503,
        0.507,
        0.506,
        0.505,
        0.508,
        0.509,
        0.509,
        0.515,
        0.525,
        0.54,
        0.565,
        0.605,
        0.68,
    ]
)
ETHNICITY = {"White": 0.810, "Asian": 0.096, "Black": 0.042, "Mixed": 0.030, "Other": 0.022}

# Condition prevalence by broad age band 0-17, 18-39, 40-59, 60-74, 75+; female rate ratio;
# ratio of prevalence in the most to the least deprived decile.
PREV_BANDS = np.array([0, 18, 40, 60, 75])
CONDITIONS: dict[str, dict] = {
    "hypertension": dict(p=[0.002, 0.08, 0.29, 0.56, 0.72], female=0.9, dep=1.3, snomed="38341003"),
    "af": dict(p=[0.0, 0.0008, 0.012, 0.072, 0.2], female=0.8, dep=1.0, snomed="49436004"),
    "diabetes": dict(p=[0.002, 0.02, 0.085, 0.17, 0.19], female=0.8, dep=1.6, snomed="44054006"),
    "copd": dict(p=[0.0, 0.001, 0.015, 0.05, 0.075], female=0.9, dep=2.5, snomed="13645005"),
    "asthma": dict(p=[0.06, 0.07, 0.065, 0.07, 0.07], female=1.1, dep=1.3, snomed="195967001"),
    "chd": dict(p=[0.0, 0.001, 0.02, 0.08, 0.15], female=0.6, dep=1.7, snomed="414545008"),
    "heart_failure": dict(
        p=[0.0, 0.0003, 0.004, 0.02, 0.06], female=0.8, dep=1.6, snomed="84114007"
    ),
    "ckd": dict(p=[0.0, 0.004, 0.024, 0.096, 0.29], female=1.2, dep=1.3, snomed="709044004"),
    "dementia": dict(p=[0.0, 0.0, 0.001, 0.012, 0.065], female=1.3, dep=1.2, snomed="52448006"),
    "depression": dict(p=[0.015, 0.11, 0.105, 0.085, 0.07], female=1.7, dep=1.5, snomed="35489007"),
    "smi": dict(p=[0.001, 0.011, 0.013, 0.01, 0.008], female=0.9, dep=2.5, snomed="58214004"),
    "cancer": dict(p=[0.002, 0.007, 0.03, 0.08, 0.13], female=1.0, dep=1.0, snomed="363346000"),
    "learning_disability": dict(p=[0.0055] * 5, female=0.7, dep=1.5, snomed="110359009"),
}
# Fraction of true hypertension that is diagnosed, by the same age bands (men x0.8).
HYPERTENSION_DIAGNOSED = np.array([0.30, 0.40, 0.62, 0.74, 0.82])
# Fraction diagnosed (coded in the GP record) of the other conditions case-finding looks for,
# by the same age bands: AF ~0.7% of people undiagnosed, diabetes ~1 in 5 cases, CKD 3-5 ~4% of
# adults recorded against ~6-7% modelled (UNDIAGNOSED).
DIAGNOSED = {
    "af": np.array([0.5, 0.55, 0.62, 0.73, 0.8]),
    "diabetes": np.array([0.9, 0.72, 0.76, 0.82, 0.86]),
    "ckd": np.array([0.5, 0.45, 0.5, 0.6, 0.66]),
}

# eFI deficits (Clegg 2016): 35 coded + polypharmacy. Condition-backed ones reuse the condition.
EFI_FROM_CONDITIONS = {
    "atrial fibrillation": "af",
    "chronic kidney disease": "ckd",
    "diabetes": "diabetes",
    "heart failure": "heart_failure",
    "hypertension": "hypertension",
    "ischaemic heart disease": "chd",
    "memory and cognitive problems": "dementia",
    "respiratory disease": "copd",
}
EFI_CODED = {
    "activity limitation": "300916003",
    "anaemia and haematinic deficiency": "271737000",
    "arthritis": "3723001",
    "cerebrovascular disease": "62914000",
    "dizziness": "404640003",
    "dyspnoea": "267036007",
    "falls": "161898004",
    "foot problems": "57676002",
    "fragility fracture": "125605004",
    "hearing impairment": "15188001",
    "heart valve disease": "368009",
    "housebound": "160689007",
    "hypotension or syncope": "271594007",
    "urinary incontinence": "165232002",
    "mobility and transfer problems": "82971005",
    "osteoporosis": "64859006",
    "parkinsonism and tremor": "49049000",
    "peptic ulcer": "13200003",
    "peripheral vascular disease": "400047006",
    "requirement for care": "225598002",
    "skin ulcer": "46742003",
    "sleep disturbance": "39898005",
    "social vulnerability": "105529008",
    "thyroid disease": "14304000",
    "urinary system disease": "42399005",
    "visual impairment": "397540003",
    "weight loss and anorexia": "89362005",
}
# Chance of each coded deficit by 10-year band 0-9 ... 80-89, 90+ (EFI_BY_AGE), before the
# person's latent frailty.
EFI_DEFICIT_P = np.array([0.004, 0.005, 0.008, 0.014, 0.024, 0.042, 0.075, 0.12, 0.165, 0.2])
EFI_CUTS = np.array([0.12, 0.24, 0.36])  # fit / mild / moderate / severe
EFI_ADMISSION_HR = np.array([1.0, 1.93, 3.04, 4.73])
EFI_MORTALITY_HR = np.array([1.0, 1.92, 3.10, 4.52])
POLYPHARMACY_MIN = 5

# Emergency admission: crude rate by 10-year band 0-9 ... 80-89, 90+ before other factors.
EMERGENCY_AGE = np.array([0.09, 0.04, 0.06, 0.06, 0.07, 0.08, 0.10, 0.14, 0.24, 0.40])
EMERGENCY_TARGET_RATE = 0.11
# Mutually adjusted hazard ratios (each beside the others and the eFI, so they do not stack up
# as the unadjusted ones would).
EMERGENCY_HR = {
    "heart_failure": 1.5,
    "copd": 1.5,
    "ckd": 1.15,
    "diabetes": 1.15,
    "dementia": 1.3,
    "af": 1.1,
    "chd": 1.15,
    "cancer": 1.4,
    "smi": 1.4,
    "depression": 1.15,
    "learning_disability": 1.4,
    "asthma": 1.15,
    "hypertension": 1.0,
}
EMERGENCY_DEPRIVATION_HR = 1.6  # most vs least deprived decile
EMERGENCY_PRIOR_HR = 1.25  # per emergency admission in the previous year (capped at 4)
EMERGENCY_CARE_HOME_HR = 1.5
LATENT_SIGMA = 0.5  # person-level unobserved frailty (lognormal), shared by all risks

HAZARD_SATURATION = 3.0  # h / (1 + h / H): admissions a year slow as time in hospital grows
VIA_AE_SHARE = 0.7  # emergency admissions arriving through A&E (method 21)
LOS_SIGMA = 0.9  # person-level spread of emergency length of stay (lognormal; BED_DAYS)
MATERNITY_RATE = 0.054  # delivery spells per woman 15-44 a year (MATERNITY)
RESIDENTS_PER_HOME = 27  # ~400k residents in ~15k homes (CQC)
CARE_HOME_SUPPORT = {  # the planted intervention (CARE_HOME_SUPPORT)
    "name": "Enhanced health in care homes",
    "start_day": 548,  # days after the window start: 18 months before, 18 months after
    "share": 0.4,  # of residents, in the places with most (the rest are the comparison pool)
    "effects": {"ae_attendances": 0.71, "emergency_admissions": 0.77, "length_of_stay": 1.0},
}
AE_RATE = 0.33  # A&E attendances not ending in admission, per person-year (before age factor)
ELECTIVE_RATE = 0.08
OUTPATIENT_RATE = 1.8
COMMUNITY_RATE = 0.25
MORTALITY_AGE = np.array([0.0004, 0.0001, 0.0004, 0.0008, 0.0017, 0.004, 0.009, 0.022, 0.06, 0.17])
CARE_HOME_P = np.array([0.0, 0.0, 0.0, 0.0, 0.0002, 0.00045, 0.0015, 0.0075, 0.034, 0.1])
OPT_OUT_P = 0.05
TYPE1_P = 0.025
TYPE1_SNOMED = "827241000000103"  # dissent from secondary use of GP patient identifiable data
BP_SYSTOLIC, BP_DIASTOLIC = "271649006", "271650006"
HBA1C, EGFR, ACR = "999791000000106", "1011481000000105", "1023491000000104"
PULSE_RATE, IRREGULAR_PULSE = "78564009", "361137007"
PALLIATIVE_CARE = "103735009"
UNITS = {
    BP_SYSTOLIC: "mm[Hg]",
    BP_DIASTOLIC: "mm[Hg]",
    HBA1C: "mmol/mol",
    EGFR: "mL/min/{1.73_m2}",
    ACR: "mg/mmol",
    PULSE_RATE: "/min",
}
ICD10_MATERNITY = ["O80.9", "O80.9", "O82.9"]  # spontaneous delivery (twice as common), caesarean

ICD10_BY_CONDITION = {
    "heart_failure": "I50.0",
    "copd": "J44.1",
    "ckd": "N18.4",
    "diabetes": "E11.9",
    "dementia": "F03.X",
    "af": "I48.9",
    "chd": "I21.9",
    "cancer": "C34.9",
    "smi": "F20.9",
    "depression": "F32.9",
    "learning_disability": "F79.9",
    "asthma": "J45.9",
    "hypertension": "I10.X",
}
ICD10_GENERAL = ["J18.9", "N39.0", "R07.4", "R55.X", "S72.0", "K59.0", "L03.1", "R10.4"]
ICD10_ELECTIVE = ["H25.9", "K80.2", "M17.1", "K40.9", "N40.X", "Z51.1"]
CHIEF_COMPLAINTS = ["29857009", "267036007", "1912002", "21522001", "25064002", "404640003"]
TREATMENT_FUNCTIONS = ["100", "101", "110", "120", "130", "300", "320", "340", "400", "502"]
COMMUNITY_SERVICES = [
    "District nursing",
    "Physiotherapy",
    "Podiatry",
    "Community matron",
    "Intermediate care",
    "Speech and language therapy",
]
MH_SERVICES = [
    "Community mental health team",
    "NHS Talking Therapies",
    "Crisis resolution",
    "Memory assessment",
    "Early intervention in psychosis",
]
SOCIAL_CARE_SERVICES = [
    "Home care",
    "Day care",
    "Direct payment",
    "Reablement",
    "Residential care",
    "Nursing care",
]
MEDICINES = [
    "Amlodipine 5mg tablets",
    "Ramipril 5mg capsules",
    "Atorvastatin 20mg tablets",
    "Metformin 500mg tablets",
    "Apixaban 5mg tablets",
    "Bisoprolol 2.5mg tablets",
    "Furosemide 40mg tablets",
    "Salbutamol 100micrograms inhaler",
    "Tiotropium 18micrograms inhalation powder",
    "Sertraline 50mg tablets",
    "Omeprazole 20mg capsules",
    "Paracetamol 500mg tablets",
    "Donepezil 10mg tablets",
    "Olanzapine 10mg tablets",
    "Levothyroxine 50micrograms tablets",
    "Alendronic acid 70mg tablets",
    "Aspirin 75mg dispersible tablets",
    "Lansoprazole 30mg capsules",
    "Gliclazide 80mg tablets",
    "Codeine 30mg tablets",
]
MEDICINES_BY_CONDITION = {
    "hypertension": [0, 1],
    "af": [4, 5],
    "diabetes": [3, 18],
    "copd": [7, 8],
    "asthma": [7],
    "chd": [2, 16, 5],
    "heart_failure": [6, 1, 5],
    "ckd": [1],
    "dementia": [12],
    "depression": [9],
    "smi": [13],
    "cancer": [11, 19],
}
OTHER_MEDICINE_RATE = np.array([0.1, 0.3, 0.6, 1.2, 2.0])  # extra medicines by age band


def verhoeff_check(stem: str) -> int:
    """Verhoeff check digit, as SNOMED CT identifiers use."""
    from engineroom.population.codes import verhoeff_digit

    return verhoeff_digit(stem)


def fictional_dmd(index: int) -> str:
    """A syntactically valid SNOMED CT extension id in a made-up namespace (9999999)."""
    stem = f"{1000 + index}999999910"
    return stem + str(verhoeff_check(stem))
