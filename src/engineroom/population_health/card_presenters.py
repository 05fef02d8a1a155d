"""The risk model card in words: headline metrics, PPV at the top and at 50% beside PARR++,
calibration, subgroups to three decimals, and each feature's mean in every window."""

from __future__ import annotations

from engineroom.population.phm import published
from engineroom.population_health.presenters import value
from engineroom.web import charts, formatting


def calibration(deciles: list[dict]) -> charts.Chart:
    """Observed against predicted risk by tenth of predicted risk, with the y = x line. A tenth
    whose observed rate rests on 1-7 people (``*``) has no point; the table beside shows ``*``."""
    return charts.scatter_chart(
        "Observed against predicted risk by tenth of predicted risk, with the line of "
        "perfect calibration",
        [
            (d["predicted"], d["observed"], f"predicted {d['predicted']}, observed {d['observed']}")
            for d in deciles
            if value(d["observed"]) is not None
        ],
        x_label="Predicted risk",
        y_label="Observed",
        table_header=("Predicted", "Observed"),
    )


def model_metrics(metrics: dict) -> dict:
    """The model card's numbers with the same disclosure control as every aggregate, through
    :func:`engineroom.population.phm.published.metrics` (already applied when the card was published: doing
    it again changes nothing): people counts suppressed, PPV and sensitivity built on suppressed
    counts, subgroup AUROC withheld for groups of 1-7 people."""
    out = published.metrics(metrics)
    for top in out["top"]:
        top["label"] = f"top {top['fraction'] * 100:g}%"
        for key in ("ppv", "sensitivity"):
            if isinstance(top[key], float):
                top[f"{key}_percent"] = round(100 * top[key], 1)
    return out


def _rate(top: dict, key: str) -> str:
    """A PPV or sensitivity as ``45.5%``, or ``*`` when suppressed."""
    percent = top.get(f"{key}_percent")
    return f"{percent}%" if percent is not None else formatting.published(top[key])


def top_rows(gbm: dict, logistic: dict) -> list[dict]:
    """PPV and sensitivity at the top of the risk list, with the baseline's PPV beside each."""
    baseline = {t["fraction"]: _rate(t, "ppv") for t in logistic["top"]}
    return [
        {
            "label": t["label"],
            "people": formatting.published(t["people"]),
            "ppv": _rate(t, "ppv"),
            "sensitivity": _rate(t, "sensitivity"),
            "logistic_ppv": baseline.get(t["fraction"], ""),
        }
        for t in gbm["top"]
    ]


def model_card(card: dict) -> dict:
    """What the model card page shows of a trained model's card."""
    metrics = card["metrics"]
    gbm, logistic = model_metrics(metrics["gbm"]), model_metrics(metrics["logistic"])
    return {
        "gbm": gbm,
        "logistic": logistic,
        "top": top_rows(gbm, logistic),
        "threshold": threshold_row(gbm.get("at_threshold")),
        "oracle_auroc": metrics["oracle_auroc"],
        "scoring": scoring(metrics.get("scoring")),
        "calibration_chart": calibration(gbm["calibration"]["deciles"]),
        "subgroups": [
            subgroup_table(name, sub, (metrics.get("oracle_subgroups") or {}).get(name))
            for name, sub in gbm["subgroups"].items()
        ],
        "feature_means": feature_means(published.feature_windows(card)),
    }


SUBGROUP_TITLES = {
    "deprivation_quintile": "deprivation quintile",
    "sex": "sex",
    "ethnicity": "ethnic group",
    "age_band": "age band",
}
GROUP_WORDS = {
    "deprivation_quintile": {
        "1": "Most deprived fifth (quintile 1)",
        "2": "Quintile 2",
        "3": "Quintile 3",
        "4": "Quintile 4",
        "5": "Least deprived fifth (quintile 5)",
    },
    "sex": {"F": "Female", "M": "Male", "U": "Not known"},
    "ethnicity": {"U": "Not stated"},
}


def _auroc(value) -> str:
    """An AUROC to three decimals (``0.781``), or ``*`` when withheld."""
    return formatting.number(value, 3) if isinstance(value, float) else formatting.published(value)


def subgroup_table(name: str, sub: dict, oracle: dict | None = None) -> dict:
    """AUROC within each group, to three decimals, groups named in words, the gap in words;
    with the oracle's own AUROC beside each group where there is one (synthetic data)."""
    words = GROUP_WORDS.get(name, {})
    truth = {g["group"]: g["auroc"] for g in (oracle or {}).get("groups", [])}
    title = SUBGROUP_TITLES.get(name, name.replace("_", " "))
    return {
        "id": name,
        "title": f"AUROC by {title}",
        "gap": _gap_words(sub.get("largest_gap"), (oracle or {}).get("largest_gap")),
        "oracle": bool(oracle),
        "rows": [
            {
                "label": words.get(g["group"], g["group"]),
                "people": formatting.published(g["people"]),
                "auroc": _auroc(g["auroc"]),
                "oracle": _auroc(truth.get(g["group"])),
            }
            for g in sub["groups"]
        ],
    }


def _gap_words(gap, oracle_gap) -> str:
    if not isinstance(gap, float):
        return "Too few people to compare groups."
    said = f"The largest gap between any two groups is {formatting.number(gap, 3)}"
    if isinstance(oracle_gap, float):
        said += f" (the true risks' own gap: {formatting.number(oracle_gap, 3)})"
    return said + "."


def threshold_row(found: dict | None) -> dict | None:
    """PPV and sensitivity at predicted risk of 50% or more, beside PARR++ at a score of 50."""
    if not found:
        return None
    reference = found["reference"]
    share = lambda v: formatting.percent(v, 1) if isinstance(v, float) else formatting.published(v)  # noqa: E731
    return {
        "people": formatting.published(found["people"]),
        "ppv": share(found["ppv"]),
        "sensitivity": share(found["sensitivity"]),
        "parr_ppv": formatting.percent(reference["ppv"], 1),
        "parr_sensitivity": formatting.percent(reference["sensitivity"], 1),
        "source": reference["source"],
    }


def scoring(found: dict | None) -> dict | None:
    """At scoring time: the mean predicted risk beside the true mean (synthetic data only)."""
    if not found or "mean_predicted" not in found:
        return None
    oracle = found.get("oracle_mean")
    return {
        "predicted": formatting.percent(found["mean_predicted"], 2),
        "oracle": formatting.percent(oracle, 2) if oracle is not None else None,
        "ratio": formatting.number(found.get("predicted_over_oracle"), 3) if oracle else None,
    }


def feature_means(windows: dict[str, dict]) -> list[dict]:
    """Each feature's mean in the training, validation and scoring windows."""
    shown = lambda v: formatting.number(v, 3) if v is not None else formatting.MISSING  # noqa: E731
    return [
        {"feature": name.replace("_", " "), **{w: shown(v) for w, v in means.items()}}
        for name, means in windows.items()
    ]
