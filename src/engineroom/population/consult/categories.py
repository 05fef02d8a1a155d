"""The categories respondents are described by: the register's own, so that who answered can be
set beside who is registered (``register.profile``).

Age bands are those surveys use (people under 16 are not asked, so the register's children are
left out of the comparison); sex and ethnic group are the register's (``person.sex`` F/M,
``person.ethnicity_group`` at the Census 2021 high level); the deprivation quintile is the IMD
quintile (1 = most deprived) of the respondent's area.
"""

from __future__ import annotations

AGE_BANDS: tuple[tuple[str, int], ...] = (  # (band, lowest age), youngest first
    ("16-24", 16),
    ("25-34", 25),
    ("35-44", 35),
    ("45-54", 45),
    ("55-64", 55),
    ("65-74", 65),
    ("75-84", 75),
    ("85+", 85),
)
SEXES = {"F": "Female", "M": "Male"}
ETHNIC_GROUPS = {
    "White": "White",
    "Asian": "Asian or Asian British",
    "Black": "Black, Black British, Caribbean or African",
    "Mixed": "Mixed or multiple ethnic groups",
    "Other": "Other ethnic group",
}
QUINTILES = {1: "1 (most deprived)", 2: "2", 3: "3", 4: "4", 5: "5 (least deprived)"}
DIMENSIONS = ("age_band", "sex", "ethnicity", "quintile", "place")
DIMENSION_NAMES = {
    "age_band": "Age band",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "quintile": "Deprivation quintile",
    "place": "Place",
}
REDACTION_KINDS = {  # kind -> the words put in place of what was taken out
    "name": "[name]",
    "email": "[email address]",
    "phone": "[phone number]",
    "nhs_number": "[NHS number]",
    "postcode": "[postcode]",
}


def age_band(age: int) -> str | None:
    """The survey band of an age in whole years, or None under 16."""
    found = None
    for band, lowest in AGE_BANDS:
        if age >= lowest:
            found = band
    return found
