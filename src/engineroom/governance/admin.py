from django.contrib import admin

from engineroom.governance import models


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "system", "kind", "level", "reports_to")
    list_filter = ("system", "kind", "level")
    search_fields = ("name", "code")


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "body", "status", "proposed_on", "effective_on")
    list_filter = ("status", "body__system")
    search_fields = ("reference", "title")
    readonly_fields = ("status", "agreed_on", "effective_on", "closed_on")


@admin.register(models.Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "counterparty", "start_date", "declared_on", "publish")
    list_filter = ("kind", "system", "publish")
