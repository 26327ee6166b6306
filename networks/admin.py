from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from networks.models import (
    Employment,
    IdentityProvider,
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
    fields = ["domain", "identity_provider"]


class IdentityProviderInline(admin.StackedInline):
    """The organisation's own OpenID provider(s); link its email domains to it above."""

    model = IdentityProvider
    extra = 0
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_active", "issuer", "client_id"]}),
        (_("Client authentication"), {"fields": ["token_auth_method", "secret_name", "private_key_name", "key_id"]}),
        (_("Claims"), {"fields": ["uid_claim", "fetch_userinfo", "email_is_verified", "mfa_amr", "mfa_acr"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "website"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationDomainInline, IdentityProviderInline]
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


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "issuer", "token_auth_method", "is_active"]
    list_filter = ["is_active", "token_auth_method"]
    search_fields = ["name", "slug", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "name", "slug", "is_active", "issuer", "client_id"]}),
        *IdentityProviderInline.fieldsets[1:],
    ]

    def get_readonly_fields(self, request: object, obj: IdentityProvider | None = None) -> list[str]:
        # The slug is the provider id of every linked account: changing it would orphan them.
        return ["slug"] if obj is not None else []
