"""The demo's oversight generator through the real import and trigger actions: every row
accepted, the region's three triggers written once, and the A&E trigger firing for Coast and
Forest in the last month."""

import datetime as dt

import pytest

from engineroom.demo import oversight
from engineroom.oversight.models import Observation, StatisticsImport, Trigger, TriggerFiring
from engineroom.web import periods
from factories.system import RegionFactory, SystemFactory

pytestmark = pytest.mark.django_db

SIZES = {"vale-downs": 1_206_000, "coast-forest": 724_000, "northern-moors": 549_000}


@pytest.fixture
def region():
    region = RegionFactory(code="demo-region")
    for code, people in SIZES.items():
        SystemFactory(code=code, population=people, region=region)
    SystemFactory(code="elsewhere")  # another region's system gets nothing
    return region


def test_generate_imports_every_row_and_writes_the_triggers_once(region):
    counts = oversight.generate(seed=20181)
    assert counts == {
        "oversight observations": 3 * 26 * 60,
        "oversight triggers": 3,
        "oversight finance months": 0,  # these factory systems have no finance returns
    }
    done = StatisticsImport.objects.get()
    assert (done.rows_in, done.accepted, done.quarantined) == (4680, 4680, 0)
    assert Observation.objects.count() == 4680
    assert not Observation.objects.filter(system__code="elsewhere").exists()
    triggers = Trigger.objects.filter(region=region)
    assert sorted(triggers.values_list("measure", "months", "intensive")) == [
        ("ae_4h", 2, False),
        ("cancer_62d", 3, False),
        ("finance_variance", 6, True),
    ]
    again = oversight.generate(seed=20181)
    assert again["oversight observations"] == again["oversight triggers"] == 0
    assert StatisticsImport.objects.count() == 1 and triggers.count() == 3


def test_the_ae_trigger_fires_for_coast_forest_in_the_last_month(region):
    oversight.generate(seed=20181)
    last = periods.add_months(periods.first_of_month(dt.date.today()), -1)
    fired = TriggerFiring.objects.filter(
        trigger__measure="ae_4h", system__code="coast-forest", month=last
    )
    assert fired.exists()
    assert all(e["value"] < 78 for e in fired.get().evidence)
