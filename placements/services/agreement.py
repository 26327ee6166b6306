"""The agreement on paper: the draft detacheringsovereenkomst or opdrachtbevestiging of a placement, as a PDF.

Built with reportlab (BSD) from what the parties agreed on the placement page: the parties, the
period, the hours, the rate or pro bono, and the date of the leidinggevende's consent. A
secondment between organisations becomes a draft secondment agreement; every other engagement
form (ZPP, pro bono, a temporary contract, within one's own hours) an assignment confirmation.
The document is in the active language (Dutch, or English when the interface is English) and
is a draft: the parties sign the final version themselves.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from networks.models import Employment
from placements.checklist import current_consent
from placements.models import ConsentRequest, Placement
from profiles.models import EngagementForm


@dataclass(frozen=True)
class Agreement:
    """What the document says, in words of the active language (also what the tests read)."""

    is_secondment: bool
    title: str
    filename: str
    parties: list[tuple[str, str]]
    signatories: int  # the first parties sign
    terms: list[tuple[str, str]]
    clauses: list[str]


def _day(value: datetime.date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _money(placement: Placement) -> str:
    if placement.pro_bono:
        return _("Pro bono (belangeloos): no fee")
    if placement.rate is None:
        return "—"
    return _("€ %(rate)s an hour, excluding VAT") % {"rate": number_format(placement.rate, 2, force_grouping=True)}


def _period(placement: Placement) -> str:
    if placement.end_date:
        return _("from %(start)s to %(end)s") % {"start": _day(placement.start_date), "end": _day(placement.end_date)}
    return _("from %(start)s, until the work is done") % {"start": _day(placement.start_date)}


def _consent(placement: Placement) -> str:
    consent = current_consent(placement)
    if consent is not None and consent.decision == ConsentRequest.Decision.CONSENTED and consent.used_at:
        return _("given on %(date)s") % {"date": _day(timezone.localtime(consent.used_at))}
    return _("not given yet")


def _confirmed(moment: datetime.datetime | None) -> str:
    return _("confirmed on %(date)s") % {"date": _day(timezone.localtime(moment))} if moment else _("not yet")


def agreement_of(placement: Placement) -> Agreement:
    """The contents of the draft agreement of ``placement`` (whose terms are filled in)."""
    assignment = placement.assignment
    form = placement.engagement_form
    is_secondment = form is not None and form.code == EngagementForm.Code.SECONDMENT
    employment = Employment.objects.filter(user_id=placement.professional_id).select_related("organisation").first()
    employer = employment.organisation.name if employment else _("none known (independent)")
    client = assignment.organisation.name
    if assignment.posted_by is not None:
        client = _("%(organisation)s, represented by %(name)s") % {
            "organisation": client,
            "name": assignment.posted_by.get_full_name(),
        }
    person = placement.professional.get_full_name()
    if is_secondment:
        title = _("Draft secondment agreement (detacheringsovereenkomst)")
        filename = _("secondment-agreement")
        parties = [
            (_("Lending organisation (employer)"), employer),
            (_("Borrowing organisation (opdrachtgever)"), client),
            (_("Seconded employee"), person),
        ]
        clauses = [
            _("The employee remains employed by the lending organisation, which keeps paying the salary."),
            _("The borrowing organisation directs the work and pays the lending organisation the fee above."),
            _("The employee follows the borrowing organisation's rules at its workplace."),
        ]
    else:
        title = _("Draft assignment confirmation (opdrachtbevestiging)")
        filename = _("assignment-confirmation")
        parties = [(_("Opdrachtgever"), client), (_("Opdrachtnemer"), person), (_("Employer"), employer)]
        clauses = [
            _("The opdrachtnemer carries out the assignment independently, to the best of their ability."),
            _("The opdrachtgever provides the information and workplace the assignment needs."),
        ]
    terms = [
        (_("Assignment"), assignment.title),
        (_("Engagement form"), str(form) if form else "—"),
        (_("Period"), _period(placement)),
        (_("Hours a week"), str(placement.hours_per_week or "—")),
        (_("Compensation"), _money(placement)),
        (_("Consent of the leidinggevende"), _consent(placement)),
        (_("Side activity (nevenwerkzaamheden)"), placement.get_side_activity_display() or "—"),
        (_("Terms confirmed by the professional"), _confirmed(placement.terms_confirmed_by_professional_at)),
        (_("Terms confirmed by the opdrachtgever"), _confirmed(placement.terms_confirmed_by_client_at)),
    ]
    filename = f"{filename}-{str(placement.code)[:8]}.pdf"
    return Agreement(is_secondment, title, filename, parties, 3 if is_secondment else 2, terms, clauses)


def _text(value: str) -> str:
    """Escaped for reportlab's paragraph markup, in the characters its standard fonts have (cp1252)."""
    out = []
    for char in value:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            char = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252") or "?"
        out.append(char)
    return escape("".join(out))


def _table(rows: list[tuple[str, str]], body: ParagraphStyle) -> Table:
    cells = [[Paragraph(f"<b>{_text(label)}</b>", body), Paragraph(_text(value), body)] for label, value in rows]
    table = Table(cells, colWidths=[60 * mm, 105 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def agreement_pdf(placement: Placement, *, compress: bool = True) -> tuple[Agreement, bytes]:
    """The draft agreement of ``placement`` and its PDF (``compress=False`` keeps the text readable)."""
    agreement = agreement_of(placement)
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=agreement.title,
        author="Klusmarkt",
        lang=translation.get_language() or "nl",
        pageCompression=1 if compress else 0,
        invariant=1,
    )
    made = _(
        "Drawn up by Klusmarkt on %(date)s from the terms agreed on the placement page. A draft: "
        "the parties check it and sign the final version."
    ) % {"date": _day(timezone.localdate())}
    story = [
        Paragraph(_text(agreement.title), styles["Title"]),
        Paragraph(_text(made), body),
        Paragraph(_text(_("Parties")), heading),
        _table(agreement.parties, body),
        Paragraph(_text(_("Terms")), heading),
        _table(agreement.terms, body),
        Paragraph(_text(_("Provisions")), heading),
        *[Paragraph(_text(f"{n}. {clause}"), body) for n, clause in enumerate(agreement.clauses, 1)],
        Paragraph(_text(_("Signatures")), heading),
    ]
    for label, name in agreement.parties[: agreement.signatories]:
        story += [
            Paragraph(_text(f"{label}: {name}"), body),
            Spacer(1, 8 * mm),
            Paragraph(_text(_("Date and signature: ____________________________")), body),
            Spacer(1, 4 * mm),
        ]
    document.build(story)
    return agreement, buffer.getvalue()
