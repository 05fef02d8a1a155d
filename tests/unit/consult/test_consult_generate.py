"""The generated consultation: deterministic by seed, shaped as the design says, and its
planted personal data is exactly what redaction finds."""

import csv
from collections import Counter

import pytest
from openpyxl import load_workbook

from engineroom.population.consult.categories import REDACTION_KINDS
from engineroom.population.consult.generate import consultation, write_csv, write_xlsx
from engineroom.population.consult.redact import redact


@pytest.fixture(scope="module")
def generated():
    return consultation(3_000, seed=5)


def _free_texts(generated):
    free = [q["text"] for q in generated.questions if q["kind"] == "free_text"]
    return [row[text] for row in generated.rows for text in free]


def test_same_seed_same_consultation_other_seed_differs(generated):
    again = consultation(3_000, seed=5)
    assert again.rows == generated.rows and again.pii == generated.pii
    assert consultation(3_000, seed=6).rows != generated.rows


def test_planted_personal_data_is_what_redaction_finds(generated):
    found = Counter()
    for text in _free_texts(generated):
        found.update(redact(text).counts)
    assert set(generated.pii) == set(REDACTION_KINDS)
    assert dict(found) == generated.pii


def test_questions_themes_and_planted_labels(generated):
    kinds = Counter(q["kind"] for q in generated.questions)
    assert kinds == {"free_text": 3, "closed": 3, "demographic": 5}
    for key, labels in generated.planted.items():
        assert len(labels) == 3_000
        assert 6 <= len(generated.themes[key]) <= 7
        assert set(labels) - {""} == set(generated.themes[key])
        text = next(q["text"] for q in generated.questions if q["key"] == key)
        blank = [row[text] == "" for row in generated.rows]
        assert blank == [label == "" for label in labels]


def test_respondents_skew_older_and_female(generated):
    ages = Counter(row["What is your age?"] for row in generated.rows)
    sexes = Counter(row["What is your sex?"] for row in generated.rows)
    older = sum(ages[band] for band in ("65-74", "75-84", "85+"))
    assert older > 3 * ages["16-24"] + 3 * ages["25-34"]
    assert sexes["Female"] > 1.5 * sexes["Male"]


def test_write_both_styles_csv_and_xlsx(generated, tmp_path):
    small = consultation(20, seed=1)
    path = write_csv(small, tmp_path / "cs.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["Response ID", "Submitted"] and len(rows) == 21
    smart = write_xlsx(small, tmp_path / "ss.xlsx", style="smartsurvey")
    sheet = load_workbook(smart, read_only=True).active
    values = list(sheet.values)
    assert values[0][:2] == ("Response ID", "Ended") and "Gender" in values[0]
    assert values[0][2].startswith("Q1. ") and len(values) == 21
    assert {"Woman", "Man"} & {cell for row in values[1:] for cell in row}
    with pytest.raises(ValueError, match="unknown export style"):
        write_csv(small, tmp_path / "x.csv", style="typeform")
