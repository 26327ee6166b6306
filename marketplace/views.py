from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.forms import NotificationPreferenceForm
from marketplace.lib.unsubscribe import read_unsubscribe_token
from marketplace.models import NotificationPreference, User
from marketplace.services import notification_mark_read, notification_preference_for, notification_preference_set


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Public: what Klusmarkt is and for whom."""
    return render(request, "marketplace/home.html", {})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """Public: the accessibility statement (toegankelijkheidsverklaring): what was tested and how."""
    contact = getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "toegankelijkheid@klusmarkt.example")
    return render(request, "marketplace/accessibility.html", {"contact_email": contact})


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """Login: the person's own notifications, newest first."""
    page = Paginator(request.user.notifications.all(), 25).get_page(request.GET.get("page"))
    return render(request, "marketplace/notifications.html", {"page": page})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Login: mark one (``code``) or all of the person's own notifications as read."""
    code = request.POST.get("code")
    target = None
    if code:
        target = get_object_or_404(request.user.notifications.all(), code=code)
    notification_mark_read(recipient=request.user, notification=target)
    # Only local targets: "//host" and "/\\host" also start with a slash but leave the site.
    if target is not None and url_has_allowed_host_and_scheme(target.url, allowed_hosts=None):
        return redirect(target.url)
    return redirect("notifications")


def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Login: the person's own alert preferences (matches and saved searches)."""
    preference = notification_preference_for(request.user)
    initial = {topic: getattr(preference, topic) for topic in NotificationPreference.TOPICS}
    form = NotificationPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preference_set(user=request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification preferences have been saved."))
        return redirect("notification-preferences")
    return render(request, "marketplace/notification_preferences.html", {"form": form})


# Mail clients send the RFC 8058 one-click POST without a CSRF token; the signed token in the
# URL is the proof, and the only thing it can do is switch alerts off.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Public with a signed token: GET asks to confirm; POST switches the token's alerts off."""
    unsubscribe_request = read_unsubscribe_token(token)
    if unsubscribe_request is None:
        raise Http404("Invalid unsubscribe link")
    user = get_object_or_404(User, pk=unsubscribe_request.user_id)
    topic = unsubscribe_request.topic
    if request.method == "POST":
        topics = NotificationPreference.TOPICS if topic == "all" else (topic,)
        notification_preference_set(user=user, actor=None, **dict.fromkeys(topics, NotificationPreference.Pace.OFF))
        return render(request, "marketplace/unsubscribe.html", {"done": True, "topic": topic})
    return render(request, "marketplace/unsubscribe.html", {"done": False, "topic": topic})
