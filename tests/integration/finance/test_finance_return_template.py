"""The monthly return template: downloaded, filled in and imported back with nothing lost, with
the import's own columns, drop-down lists, number checks and an instructions sheet."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.finance import imports
from engineroom.finance.models import Category, ImportBatch, ReturnLine
from engineroom.web import periods
from engineroom.web.downloads import XLSX_TYPE
from factories.finance import YEAR


@pytest.fixture
def own_client(signed_in, world, finance_of):
    return signed_in(finance_of(world.surplus))


def template_url(world) -> str:
    return reverse(
        "finance:return-template", args=[world.system.code, YEAR, world.surplus.ods_code]
    )


def download(client, world):
    response = client.get(template_url(world))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="return-')
    return load_workbook(io.BytesIO(response.content))


def test_the_template_has_the_imports_columns_lists_checks_and_instructions(own_client, world):
    book = download(own_client, world)
    assert book.sheetnames == ["Return", "Instructions"] and book.active.title == "Return"
    sheet = book["Return"]
    header = [cell.value for cell in sheet[1]]
    assert [imports._key(h) for h in header] == ["month", "category", *imports.AMOUNTS]
    assert set(imports.REQUIRED) <= {imports._key(h) for h in header}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [("July", "Acute care", None, None, None, None, None)], "due month, plan's lines"
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    month, category = rules["A2:A201"], rules["B2:B201"]
    assert month.type == "list" and month.formula1 == '"' + ",".join(periods.MONTHS) + '"'
    assert category.type == "list" and "Mental health" in category.formula1
    assert all(c.label in category.formula1 for c in Category)
    for letter in "CDEFG":
        amount = rules[f"{letter}2:{letter}201"]
        assert amount.type == "decimal" and amount.operator == "greaterThanOrEqual"
        assert (
            amount.formula1 == "0" and amount.showErrorMessage and "no minus sign" in amount.error
        )
    notes = " ".join(str(r[0]) for r in book["Instructions"].iter_rows(values_only=True))
    assert world.surplus.name in notes and "July 2025" in notes and "1 = April" in notes


def test_a_downloaded_template_filled_in_imports_round_trip(own_client, world):
    book = download(own_client, world)
    sheet = book["Return"]
    sheet["C2"], sheet["D2"], sheet["E2"], sheet["F2"] = 1_250_000.5, 1_100_000, 15e6, 14e6
    sheet.append(["July", "Community services", 20_000, 19_500, 240_000, 235_000, 1_000])
    sheet.append(["July", Category.CORPORATE.label, 0, 500, 0, 6_000, None])
    out = io.BytesIO()
    book.save(out)
    url = reverse("finance:import", args=[world.system.code, YEAR, world.surplus.ods_code])
    response = own_client.post(url, {"file": SimpleUploadedFile("filled.xlsx", out.getvalue())})
    assert response.status_code == 302, response.context and response.context.get("problems")
    own_client.post(response.url, {"action": "import"})
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED
    saved = {
        line.category: (
            line.income_pence,
            line.expenditure_pence,
            line.forecast_income_pence,
            line.forecast_expenditure_pence,
            line.risk_pence,
        )
        for line in ReturnLine.objects.filter(plan=world.plan(world.surplus), month=4)
    }
    assert saved == {
        Category.ACUTE: (125_000_050, 110_000_000, 1_500_000_000, 1_400_000_000, 0),
        Category.COMMUNITY: (2_000_000, 1_950_000, 24_000_000, 23_500_000, 100_000),
        Category.CORPORATE: (0, 50_000, 0, 600_000, 0),
    }


def test_an_unfilled_template_is_refused_naming_each_amount(own_client, world):
    book = download(own_client, world)
    out = io.BytesIO()
    book.save(out)
    url = reverse("finance:import", args=[world.system.code, YEAR, world.surplus.ods_code])
    page = own_client.post(url, {"file": SimpleUploadedFile("blank.xlsx", out.getvalue())})
    fields = {(p.row, p.field) for p in page.context["problems"]}
    assert fields == {(2, name) for name in imports.REQUIRED[2:]}, "risk may be blank"
    assert not ImportBatch.objects.exists()


def test_the_template_link_is_on_the_import_page_and_only_the_partners_team_sees_it(
    own_client, world, signed_in, member
):
    page = own_client.get(
        reverse("finance:import", args=[world.system.code, YEAR, world.surplus.ods_code])
    )
    assert template_url(world).encode() in page.content
    partner = reverse("finance:partner", args=[world.system.code, YEAR, world.surplus.ods_code])
    assert template_url(world).encode() in own_client.get(partner).content
    assert template_url(world).encode() not in signed_in(member("analyst")).get(partner).content
