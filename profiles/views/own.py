from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.lib.http import attempt, run_service
from networks.models import Employment
from profiles import services
from profiles.access import get_own_profile
from profiles.forms import ExperienceForm, ProfileForm, QuadrantForm, SelfScanForm, ShareLinkForm
from profiles.models import CoreQuality, Profile, Visibility
from profiles.selectors import PREVIEW_KINDS, completeness, preview_viewer, profile_page
from profiles.selfscan import COMPETENCES, STATEMENTS, radar, scores


def _save_profile(request: HttpRequest, form: ProfileForm) -> HttpResponse | None:
    data = form.cleaned_data
    return run_service(
        request,
        lambda: services.profile_save(
            user=request.user,
            data=data,
            expertise=data["expertise_text"],
            cv=data.get("cv_file"),
            photo=data.get("photo_file"),
            remove_cv=data.get("remove_cv", False),
            remove_photo=data.get("remove_photo", False),
            suggested_quality=data.get("suggest_quality", ""),
        ),
        form=form,
        success=_("Your profile has been saved."),
        redirect_to=reverse("profiles:edit"),
    )


@require_GET
def welcome(request: HttpRequest) -> HttpResponse:
    """Logged in (where a confirmed sign-up lands): the employer the address linked, and the next step."""
    employment = Employment.objects.filter(user=request.user).select_related("organisation").first()
    ctx = {"employment": employment, "has_profile": Profile.objects.filter(user=request.user).exists()}
    return render(request, "profiles/welcome.html", ctx)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    """Logged in: create or edit one's own profile (one per account)."""
    profile = Profile.objects.filter(user=request.user).first()
    if profile is None:
        initial = {
            "display_name": request.user.full_name,
            "visibility": Visibility.NETWORK,
            "contact_visibility": Visibility.PRIVATE,
        }
        form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    else:
        form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid() and (response := _save_profile(request, form)):
        return response
    ctx = {
        "form": form,
        "profile": profile,
        "employment": getattr(request.user, "employment", None),
        "experience_form": ExperienceForm(),
        "completeness": completeness(profile) if profile else None,
    }
    return render(request, "profiles/edit.html", ctx, status=400 if form.errors else 200)


@require_POST
def experience_add(request: HttpRequest) -> HttpResponse:
    """Owner only: add a line of experience, education or a certificate."""
    profile = get_own_profile(request.user)
    form = ExperienceForm(request.POST)
    if form.is_valid():
        services.experience_add(profile=profile, data=form.cleaned_data)
        messages.success(request, _("Added."))
        return redirect("profiles:edit")
    ctx = {"form": ProfileForm(instance=profile), "profile": profile, "experience_form": form}
    ctx.update(employment=getattr(request.user, "employment", None), completeness=completeness(profile))
    return render(request, "profiles/edit.html", ctx, status=400)


@require_POST
def experience_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Owner only: remove one of their own experience lines."""
    profile = get_own_profile(request.user)
    get_object_or_404(profile.experience, pk=entry_id)
    services.experience_remove(profile=profile, entry_id=entry_id)
    messages.success(request, _("Removed."))
    return redirect("profiles:edit")


@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """Owner only: their profile as a chosen kind of viewer would see it, by the one rule."""
    profile = get_own_profile(request.user)
    kind = request.GET.get("als", "anoniem")
    viewer = preview_viewer(kind, profile)
    if viewer is None:
        raise Http404
    visible = Profile.objects.visible_to(viewer).filter(pk=profile.pk).exists()
    can_contact = Profile.objects.contact_visible_to(viewer).filter(pk=profile.pk).exists()
    ctx = profile_page(profile, can_contact=can_contact) if visible else {"profile": profile}
    ctx.update(preview_kind=kind, preview_kinds=PREVIEW_KINDS, preview_label=PREVIEW_KINDS[kind], visible=visible)
    return render(request, "profiles/preview.html", ctx)


@require_GET
def share_links(request: HttpRequest) -> HttpResponse:
    """Owner only: their share links, with a form for a new one."""
    profile = get_own_profile(request.user)
    ctx = {"profile": profile, "links": profile.share_links.all(), "form": ShareLinkForm()}
    return render(request, "profiles/share_links.html", ctx)


@require_POST
def share_link_create(request: HttpRequest) -> HttpResponse:
    """Owner only: create a share link for one opdrachtgever."""
    profile = get_own_profile(request.user)
    form = ShareLinkForm(request.POST)
    if form.is_valid():
        created, result = attempt(
            request, lambda: services.share_link_create(profile=profile, **form.cleaned_data), form=form
        )
        if created:
            # Shown once, in this answer: only its hash is stored, so it cannot be shown again.
            link, token = result
            ctx = {"profile": profile, "links": profile.share_links.all(), "form": ShareLinkForm()}
            ctx |= {"new_link": link, "new_link_token": token}
            return render(request, "profiles/share_links.html", ctx)
    ctx = {"profile": profile, "links": profile.share_links.all(), "form": form}
    return render(request, "profiles/share_links.html", ctx, status=400)


@require_POST
def share_link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    """Owner only: revoke one of their share links at once."""
    profile = get_own_profile(request.user)
    services.share_link_revoke(link=get_object_or_404(profile.share_links, pk=link_id))
    messages.success(request, _("The link has been revoked."))
    return redirect("profiles:share-links")


@require_http_methods(["GET", "POST"])
def quadrant(request: HttpRequest) -> HttpResponse:
    """Owner only: the core quadrant; suggestions come from the curated table, the owner adjusts."""
    profile = get_own_profile(request.user)
    chosen = CoreQuality.objects.filter(slug=request.GET.get("quality", ""), is_approved=True).first()
    if request.method == "POST":
        form = QuadrantForm(request.POST)
        if form.is_valid():
            services.quadrant_save(profile=profile, data=form.cleaned_data)
            messages.success(request, _("Your core quadrant has been saved."))
            return redirect("profiles:quadrant")
    elif chosen is not None:
        form = QuadrantForm(
            initial={
                "quality": chosen.slug,
                "pitfall": chosen.pitfall,
                "challenge": chosen.challenge,
                "allergy": chosen.allergy,
                "show": profile.show_quadrant,
            }
        )
    else:
        quality = profile.quadrant_quality
        form = QuadrantForm(
            initial={
                "quality": quality.slug if quality else None,
                "pitfall": profile.quadrant_pitfall,
                "challenge": profile.quadrant_challenge,
                "allergy": profile.quadrant_allergy,
                "show": profile.show_quadrant,
            }
        )
    ctx = {"profile": profile, "form": form, "qualities": CoreQuality.objects.filter(is_approved=True)}
    template = "profiles/fragment_quadrant_form.html" if request.htmx else "profiles/quadrant.html"
    return render(request, template, ctx, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def selfscan(request: HttpRequest) -> HttpResponse:
    """Owner only: the self-scan of entrepreneurial competences and its radar chart."""
    profile = get_own_profile(request.user)
    initial = {f"q{i}": a for i, a in enumerate(profile.scan_answers)} | {"show": profile.show_scan}
    form = SelfScanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.selfscan_save(profile=profile, answers=form.answers(), show=form.cleaned_data["show"])
        messages.success(request, _("Your self-scan has been saved."))
        return redirect("profiles:selfscan")
    ctx = {
        "profile": profile,
        "form": form,
        "scan": radar(profile.scan_answers) if profile.scan_answers else None,
        "scores": scores(profile.scan_answers) if profile.scan_answers else None,
        "statement_count": len(STATEMENTS),
        "competences": COMPETENCES,
    }
    return render(request, "profiles/selfscan.html", ctx, status=400 if form.errors else 200)
