from engineroom.accounts.permissions import ROLES, Permission

EXPECTED_ROLES = {
    "system_leader",
    "pmo",
    "finance",
    "governance",
    "analyst",
    "data_manager",
    "clinician",
    "caldicott",
    "regulator",
    "public",
}


def test_every_role_in_the_issue_exists_with_a_plain_english_description():
    assert set(ROLES) == EXPECTED_ROLES
    for role in ROLES.values():
        assert role.description.endswith(".") and len(role.description) > 30
        assert role.permissions <= set(Permission)


def test_identifiable_record_access_is_only_for_clinicians():
    holders = {key for key, role in ROLES.items() if Permission.RECORD_VIEW in role.permissions}
    assert holders == {"clinician"}


def test_only_caldicott_guardians_review_break_glass():
    holders = {key for key, role in ROLES.items() if Permission.RECORD_REVIEW in role.permissions}
    assert holders == {"caldicott"}


def test_the_public_cannot_see_internal_finance_or_population_data():
    public = ROLES["public"].permissions
    assert Permission.FINANCE_VIEW not in public
    assert Permission.POPULATION_VIEW not in public
    assert Permission.RECORD_VIEW not in public


def test_only_data_managers_load_extracts():
    holders = {key for key, role in ROLES.items() if Permission.SYSTEM_LOAD in role.permissions}
    assert holders == {"data_manager"}
