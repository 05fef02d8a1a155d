from django.contrib import admin

from engineroom.finance import models


class PlanLineInline(admin.TabularInline):
    model = models.PlanLine
    extra = 0


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("organisation", "system", "year", "control_total_pence")
    list_filter = ("system", "year")
    search_fields = ("organisation__name", "organisation__ods_code")
    inlines = [PlanLineInline]


@admin.register(models.TransferRound)
class TransferRoundAdmin(admin.ModelAdmin):
    list_display = ("pk", "system", "year", "as_at_month", "created_by", "created_at")
    list_filter = ("system", "year")


class PoolLineInline(admin.TabularInline):
    model = models.PoolLine
    extra = 0


@admin.register(models.Pool)
class PoolAdmin(admin.ModelAdmin):
    list_display = ("name", "system", "year", "kind", "rule")
    inlines = [PoolLineInline]


class AllocationInline(admin.TabularInline):
    model = models.IncentiveAllocation
    extra = 0


@admin.register(models.IncentiveScheme)
class IncentiveSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "system", "year", "linked_share")
    inlines = [AllocationInline]
