"""How like England the generated population is: each measure beside its public anchor.

Measured on the generator's truth (everyone alive at the extract unless said), written to
``<out>/realism.json`` by :func:`engineroom.population.synth.generate` and shown in
``docs/population.md``. Not a feed: no identifiers, only rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.anchors import BLMK_UNDIAGNOSED_PER_MILLION as BLMK
from engineroom.population.synth import params as P
from engineroom.population.synth.activity import DAYS, NEVER, YEARS, Activity
from engineroom.population.synth.health import coded, mothers

EFI_BANDS = ("fit", "mild", "moderate", "severe")  # the bands of params.EFI_CUTS


def measure(frame: pd.DataFrame, act: Activity, palliative_day: np.ndarray) -> dict[str, dict]:
    """{measure: {"measured", "anchor", "source"}} (rates as fractions, rounded to 4 places)."""
    alive = act.death_day == NEVER
    live = frame[alive]
    age = live["age"].to_numpy()
    out = {
        "share_85_plus": _row((age >= 85).mean(), 0.026, "AGEING_IN"),
        "share_90_plus": _row((age >= 90).mean(), 0.009, "AGEING_IN"),
        **_frailty(live),
        "bed_days_top_5pc_admitted": _row(_bed_day_share(act), 0.49, "BED_DAYS"),
        "emergency_admissions_per_person_year": _row(
            len(act.events["emergency"]) / _person_years(frame, act),
            P.EMERGENCY_TARGET_RATE,
            "EMERGENCY_RATE",
        ),
        **_undiagnosed(live),
        "palliative_register": _row((palliative_day[alive] != NEVER).mean(), 0.005, "PALLIATIVE"),
        "maternity_spells_per_woman_15_44_year": _row(
            _maternity_rate(frame, act), P.MATERNITY_RATE, "MATERNITY"
        ),
        "care_home_residents": _row(frame["care_home"].mean(), 0.007, "CARE_HOMES"),
    }
    return out


def _row(measured: float, anchor: float, source: str) -> dict:
    return {"measured": round(float(measured), 4), "anchor": anchor, "source": source}


def _frailty(live: pd.DataFrame) -> dict[str, dict]:
    """eFI bands among people 65+ against Clegg's, and the mean eFI rising by age band."""
    old = live[live["age"] >= 65]
    shares = np.bincount(old["efi_band"].to_numpy(), minlength=4) / max(len(old), 1)
    out = {
        f"efi_65_plus_{name}": _row(share, anchor, "EFI_BY_AGE")
        for name, share, anchor in zip(EFI_BANDS, shares, (0.50, 0.35, 0.12, 0.03), strict=True)
    }
    for low, high in ((65, 75), (75, 85), (85, 200)):
        band = old[(old["age"] >= low) & (old["age"] < high)]
        label = f"{low}_{high - 1}" if high < 200 else f"{low}_plus"
        out[f"mean_efi_{label}"] = _row(band["efi"].mean(), None, "EFI_BY_AGE")
    return out


def _bed_day_share(act: Activity) -> float:
    """Share of the last year's bed days used by the 5% of admitted patients who used most."""
    kinds = [act.events[k] for k in ("emergency", "elective", "maternity") if k in act.events]
    spells = pd.concat(kinds, ignore_index=True)
    spells = spells[spells["day"] >= (YEARS - 1) * DAYS]
    per_person = np.sort(spells.groupby("person")["los"].sum().to_numpy())[::-1]
    top = max(1, int(np.ceil(0.05 * len(per_person))))
    return per_person[:top].sum() / max(per_person.sum(), 1)


def _person_years(frame: pd.DataFrame, act: Activity) -> float:
    born = np.maximum(YEARS * DAYS - 1 - frame["age_days"].to_numpy(), 0)
    end = np.minimum(act.death_day, YEARS * DAYS)
    return np.maximum(end - born, 0).sum() / DAYS


def _undiagnosed(live: pd.DataFrame) -> dict[str, dict]:
    """Undiagnosed AF and hypertension per person, diabetes as a share of cases, CKD in adults."""
    adults = live[live["age"] >= 18]
    known = {c: coded(live, c) for c in ("af", "diabetes", "hypertension")}
    return {
        "af_undiagnosed": _row((live["af"] & ~known["af"]).mean(), BLMK["af"] / 1e6, "UNDIAGNOSED"),
        "af_recorded": _row(known["af"].mean(), 0.021, "UNDIAGNOSED"),
        "hypertension_undiagnosed": _row(
            (live["hypertension"] & ~known["hypertension"]).mean(),
            BLMK["hypertension"] / 1e6,
            "CONDITIONS",
        ),
        "hypertension_recorded": _row(
            known["hypertension"].mean(), 0.145, "HYPERTENSION_DIAGNOSED"
        ),
        "diabetes_undiagnosed_share_of_cases": _row(
            1 - known["diabetes"].sum() / max(live["diabetes"].sum(), 1), 0.2, "UNDIAGNOSED"
        ),
        "ckd_adults_modelled": _row(adults["ckd"].mean(), 0.065, "UNDIAGNOSED"),
        "ckd_adults_recorded": _row(coded(adults, "ckd").mean(), 0.04, "UNDIAGNOSED"),
    }


def _maternity_rate(frame: pd.DataFrame, act: Activity) -> float:
    women = mothers(frame).sum()
    return len(act.events.get("maternity", [])) / max(women * YEARS, 1)
