"""An organisation's page of what is possible beside one's job, and its HR contacts' edit form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.lib.requests import AuthenticatedHttpRequest
from networks.forms import OrganisationRulesForm
from networks.models import Organisation
from networks.organisation_rules import (
    get_editable_organisation,
    get_organisation,
    is_hr_contact,
    organisation_rules_save,
    rules_of,
)
from networks.selectors import viewer_for


@login_not_required
@require_GET
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: what is possible at this organisation (404 for an unknown organisation)."""
    organisation = get_organisation(slug)
    ctx = {
        "organisation": organisation,
        "rules": rules_of(organisation),
        "can_edit": is_hr_contact(request.user, organisation),
        "is_employer": viewer_for(request.user).organisation_id == organisation.pk,
    }
    return render(request, "networks/organisation_rules.html", ctx)


@require_GET
def my_employer_rules(request: HttpRequest) -> HttpResponse:
    """Login: the rules page of the person's own employer (404 without a verified employer)."""
    organisation_id = viewer_for(request.user).organisation_id
    if organisation_id is None:
        raise Http404
    slug = Organisation.objects.values_list("slug", flat=True).get(pk=organisation_id)
    return redirect("networks:organisation-rules", slug=slug)


@require_http_methods(["GET", "POST"])
def rules_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """HR contacts of this organisation only (403 for others; 404 for an unknown organisation)."""
    organisation = get_editable_organisation(request.user, slug)
    form = OrganisationRulesForm(request.POST or None, instance=rules_of(organisation))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            organisation_rules_save(organisation=organisation, actor=request.user, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The page has been saved."))
            return redirect(reverse("networks:organisation-rules", kwargs={"slug": organisation.slug}))
    return render(request, "networks/organisation_rules_edit.html", {"organisation": organisation, "form": form})
