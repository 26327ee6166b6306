from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form renders its fields as NL Design System form fields: label, help, error, input."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"
