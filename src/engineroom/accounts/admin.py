from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from engineroom.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class EngineRoomUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*UserAdmin.fieldsets, ("Engine Room", {"fields": ("full_name",)}))
