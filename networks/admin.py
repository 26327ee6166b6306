from __future__ import annotations

from django.contrib import admin

from networks.models import (
    Employment,
    Invitation,
    Membership,
    Network,
    Organisation,
    OrganisationDomain,
    Participation,
    Partnership,
    Region,
)


class OrganisationDomainInline(admin.TabularInline):
    model = OrganisationDomain
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "website"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationDomainInline]
    # Staff grant the HR role: HR contacts keep the organisation's page of what is possible.
    filter_horizontal = ["hr_contacts"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "join_policy", "employees_are_members", "moderates_assignments"]
    list_filter = ["kind", "join_policy"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "status", "decided_at"]
    list_filter = ["network", "role", "status"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user", "decided_by"]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "email"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]


admin.site.register(Region)
admin.site.register(Partnership)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent from the coordinator's workspace (the token is never stored)."""

    list_display = ["email", "network", "invited_by", "created_at", "expires_at", "used_at"]
    list_filter = ["network"]
    search_fields = ["email"]
    readonly_fields = ["code", "network", "email", "message", "invited_by", "expires_at", "used_at", "used_by"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: object) -> bool:
        return False
