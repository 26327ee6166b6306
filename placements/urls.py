"""URLs of the placement workflow, under /klussen/ beside the assignments' own (namespace ``placements``)."""

from __future__ import annotations

from django.urls import path

from placements.views import workflow as views

app_name = "placements"

urlpatterns = [
    # /klussen/mijn-reacties/
    path("mijn-reacties/", views.my_dashboard, name="my-interests"),
    # /klussen/<code>/reageren/ and /klussen/<code>/reacties/
    path("<uuid:code>/reageren/", views.react, name="react"),
    path("<uuid:code>/reacties/", views.interest_list, name="interests"),
    path("<uuid:code>/reacties/<uuid:interest>/", views.interest_detail, name="interest-detail"),
    path("<uuid:code>/reacties/<uuid:interest>/intrekken/", views.interest_withdraw, name="interest-withdraw"),
    path("<uuid:code>/reacties/<uuid:interest>/shortlist/", views.interest_shortlist, name="interest-shortlist"),
    path("<uuid:code>/reacties/<uuid:interest>/afwijzen/", views.interest_decline, name="interest-decline"),
    path("<uuid:code>/reacties/<uuid:interest>/kennismaking/", views.introduction_plan, name="introduction-plan"),
    path("<uuid:code>/reacties/<uuid:interest>/selecteren/", views.interest_select, name="interest-select"),
    # /klussen/plaatsingen/<code>/
    path("plaatsingen/<uuid:code>/", views.placement_detail, name="placement-detail"),
    path("plaatsingen/<uuid:code>/leidinggevende/", views.placement_manager, name="placement-manager"),
    path("plaatsingen/<uuid:code>/nevenwerkzaamheden/", views.placement_side_activity, name="placement-side-activity"),
    path("plaatsingen/<uuid:code>/voorwaarden/", views.placement_terms, name="placement-terms"),
    path("plaatsingen/<uuid:code>/voorwaarden/bevestigen/", views.placement_confirm, name="placement-confirm"),
    path("plaatsingen/<uuid:code>/afronden/", views.placement_complete, name="placement-complete"),
    path("plaatsingen/<uuid:code>/annuleren/", views.placement_cancel, name="placement-cancel"),
    path("plaatsingen/<uuid:code>/referentie/", views.placement_reference, name="placement-reference"),
    # /klussen/referenties/<code>/ (public verification page)
    path("referenties/<uuid:code>/", views.reference_detail, name="reference"),
    path("referenties/<uuid:code>/accepteren/", views.reference_accept, name="reference-accept"),
    # /klussen/toestemming/ (the leidinggevende, without an account)
    path("toestemming/", views.consent, name="consent"),
    path("toestemming/<str:token>/", views.consent_link, name="consent-link"),
]
