from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from profiles.models import CoreQuality, Expertise, FieldOfWork, Profile, ShareLink


@admin.register(FieldOfWork)
class FieldOfWorkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.action(description=_("Approve the selected core qualities"))
def approve(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    queryset.update(is_approved=True)


@admin.register(CoreQuality)
class CoreQualityAdmin(admin.ModelAdmin):
    list_display = ["name", "is_approved", "pitfall", "challenge", "allergy"]
    list_filter = ["is_approved"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    actions = [approve]


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Support staff may hide a profile; they do not edit what the owner wrote."""

    list_display = ["display_name", "visibility", "contact_visibility", "is_hidden", "last_active_at"]
    list_filter = ["visibility", "is_hidden"]
    search_fields = ["display_name", "user__email"]
    fields = ["display_name", "user", "visibility", "contact_visibility", "discreet", "is_hidden"]
    readonly_fields = ["display_name", "user", "visibility", "contact_visibility", "discreet"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "profile", "expires_at", "revoked_at"]
    fields = ["label", "profile", "expires_at", "include_contact", "revoked_at"]
    readonly_fields = ["label", "profile", "expires_at", "include_contact"]
