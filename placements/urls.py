"""URLs of the placement workflow, under /klussen/ beside the assignments' own (namespace ``placements``)."""

from __future__ import annotations

from django.urls import path

from placements.views import agreement, consent, homecoming, interests, placements, signals

app_name = "placements"

urlpatterns = [
    # /klussen/mijn-reacties/
    path("mijn-reacties/", interests.my_dashboard, name="my-interests"),
    # /klussen/<code>/reageren/ and /klussen/<code>/reacties/
    path("<uuid:code>/reageren/", interests.react, name="react"),
    path("<uuid:code>/reacties/", interests.interest_list, name="interests"),
    path("<uuid:code>/reacties/<uuid:interest>/", interests.interest_detail, name="interest-detail"),
    path("<uuid:code>/reacties/<uuid:interest>/intrekken/", interests.interest_withdraw, name="interest-withdraw"),
    path("<uuid:code>/reacties/<uuid:interest>/shortlist/", interests.interest_shortlist, name="interest-shortlist"),
    path("<uuid:code>/reacties/<uuid:interest>/afwijzen/", interests.interest_decline, name="interest-decline"),
    path("<uuid:code>/reacties/<uuid:interest>/kennismaking/", interests.introduction_plan, name="introduction-plan"),
    path("<uuid:code>/reacties/<uuid:interest>/selecteren/", interests.interest_select, name="interest-select"),
    # /klussen/plaatsingen/<code>/
    path("plaatsingen/<uuid:code>/", placements.placement_detail, name="placement-detail"),
    path("plaatsingen/<uuid:code>/leidinggevende/", placements.placement_manager, name="placement-manager"),
    path(
        "plaatsingen/<uuid:code>/nevenwerkzaamheden/",
        placements.placement_side_activity,
        name="placement-side-activity",
    ),
    path("plaatsingen/<uuid:code>/voorwaarden/", placements.placement_terms, name="placement-terms"),
    path("plaatsingen/<uuid:code>/voorwaarden/bevestigen/", placements.placement_confirm, name="placement-confirm"),
    path("plaatsingen/<uuid:code>/afronden/", placements.placement_complete, name="placement-complete"),
    path("plaatsingen/<uuid:code>/annuleren/", placements.placement_cancel, name="placement-cancel"),
    path("plaatsingen/<uuid:code>/referentie/", placements.placement_reference, name="placement-reference"),
    # the checklist's signals: the employer's rules read, "past" and "klik"
    path("plaatsingen/<uuid:code>/regels-gelezen/", signals.placement_rules_read, name="placement-rules-read"),
    path("plaatsingen/<uuid:code>/past/", signals.placement_fits, name="placement-fits"),
    path("plaatsingen/<uuid:code>/klik/", signals.placement_klik, name="placement-klik"),
    # the draft agreement (PDF), for the parties and staff only
    path("plaatsingen/<uuid:code>/overeenkomst/", agreement.placement_agreement, name="placement-agreement"),
    path("plaatsingen/<uuid:code>/opbrengst/", homecoming.placement_learning, name="placement-learning"),
    path(
        "plaatsingen/<uuid:code>/opbrengst/leidinggevende/",
        homecoming.placement_home_manager,
        name="placement-home-manager",
    ),
    # /klussen/thuisbasis/ (the home leidinggevende after completion, without an account)
    path("thuisbasis/", homecoming.home_feedback, name="home-feedback"),
    path("thuisbasis/<str:token>/", homecoming.home_feedback_link, name="home-feedback-link"),
    # /klussen/opbrengst/... (anonymised summaries for HR contacts and coordinators)
    path("opbrengst/organisaties/<slug:slug>/", homecoming.organisation_homecoming, name="organisation-homecoming"),
    path("opbrengst/netwerken/<slug:slug>/", homecoming.network_homecoming, name="network-homecoming"),
    # /klussen/referenties/<code>/ (public verification page)
    path("referenties/<uuid:code>/", placements.reference_detail, name="reference"),
    path("referenties/publieke-sleutel/", placements.reference_public_key, name="reference-public-key"),
    path("referenties/portfolio/<uuid:code>/", placements.reference_of_portfolio, name="reference-of-portfolio"),
    path("referenties/<uuid:code>/accepteren/", placements.reference_accept, name="reference-accept"),
    # /klussen/toestemming/ (the leidinggevende, without an account)
    path("toestemming/", consent.consent, name="consent"),
    path("toestemming/<str:token>/", consent.consent_link, name="consent-link"),
]
