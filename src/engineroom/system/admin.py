from django.contrib import admin

from engineroom.system import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind", "statutory", "foundation_trust", "cqc_rating"]
    list_filter = ["kind", "statutory", "foundation_trust"]
    search_fields = ["name", "ods_code"]


for model in (
    models.Region,
    models.System,
    models.Place,
    models.Neighbourhood,
    models.Footprint,
    models.Partnership,
    models.PartnershipMember,
    models.Person,
    models.RoleAssignment,
):
    admin.site.register(model)
