from __future__ import annotations

from django.urls import path

from networks.views import agreement, coordinate, independents, organisations, public

app_name = "networks"

urlpatterns = [
    # /netwerken/
    path("", public.index, name="list"),
    path("uitnodiging/<str:token>/", public.invitation, name="invitation"),
    path("uitnodiging/<str:token>/accepteren/", public.invitation_use, name="invitation-accept"),
    # /netwerken/organisaties/<slug>/regels/ (what is possible at an organisation)
    path("organisaties/mijn-werkgever/", organisations.my_employer_rules, name="my-employer-rules"),
    path("organisaties/<slug:slug>/regels/", organisations.rules, name="organisation-rules"),
    path("organisaties/<slug:slug>/regels/bewerken/", organisations.rules_edit, name="organisation-rules-edit"),
    # /netwerken/<slug>/
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/aanmelden/", public.join, name="join"),
    path("<slug:slug>/verlaten/", public.leave, name="leave"),
    # /netwerken/<slug>/beheer/ (coordinators with MFA)
    path("<slug:slug>/beheer/", coordinate.dashboard, name="dashboard"),
    path("<slug:slug>/beheer/aanvragen/", coordinate.queue, name="queue"),
    path("<slug:slug>/beheer/leden/", coordinate.members, name="members"),
    path("<slug:slug>/beheer/leden/export.csv", coordinate.members_export, name="members-export"),
    path("<slug:slug>/beheer/leden/<uuid:code>/", coordinate.member, name="member"),
    path("<slug:slug>/beheer/leden/<uuid:code>/toelaten/", coordinate.member_admit, name="member-admit"),
    path("<slug:slug>/beheer/leden/<uuid:code>/afwijzen/", coordinate.member_reject, name="member-reject"),
    path("<slug:slug>/beheer/leden/<uuid:code>/schorsen/", coordinate.member_suspend, name="member-suspend"),
    path("<slug:slug>/beheer/leden/<uuid:code>/herstellen/", coordinate.member_reinstate, name="member-reinstate"),
    path("<slug:slug>/beheer/leden/<uuid:code>/coordinator/", coordinate.member_promote, name="member-promote"),
    path("<slug:slug>/beheer/uitnodigen/", coordinate.invite, name="invite"),
    path("<slug:slug>/beheer/zelfstandigen/", independents.independents, name="independents"),
    path(
        "<slug:slug>/beheer/zelfstandigen/<uuid:code>/intrekken/",
        independents.independent_revoke_view,
        name="independent-revoke",
    ),
    path("<slug:slug>/beheer/geschiedenis/", coordinate.history, name="history"),
    path("<slug:slug>/beheer/tarief/", agreement.rates, name="rates"),
    path("<slug:slug>/beheer/tarief/<uuid:code>/verwijderen/", agreement.rate_remove, name="rate-remove"),
    path("<slug:slug>/beheer/herinneren/<slug:organisation>/", agreement.ledger_reminder, name="ledger-reminder"),
    path("<slug:slug>/beheer/partners/", coordinate.partnerships, name="partnerships"),
    path(
        "<slug:slug>/beheer/partners/<uuid:code>/accepteren/", coordinate.partnership_accept, name="partnership-accept"
    ),
    path(
        "<slug:slug>/beheer/partners/<uuid:code>/afwijzen/", coordinate.partnership_decline, name="partnership-decline"
    ),
]
