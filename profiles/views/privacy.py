from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.lib.requests import AuthenticatedHttpRequest
from profiles.privacy import account_delete as delete_account
from profiles.privacy import account_export


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The logged-in person, after re-authenticating: a ZIP of everything stored about them."""
    if request.method == "GET":
        return render(request, "profiles/export.html")
    response = HttpResponse(account_export(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="klusmarkt-mijn-gegevens.zip"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The logged-in person, after re-authenticating: erase their account for good."""
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return render(request, "profiles/delete.html", status=200 if request.method == "GET" else 400)
    user = request.user
    logout(request)
    delete_account(user=user)
    messages.success(request, _("Your account and everything stored about you have been deleted."))
    return redirect("home")
