"""The project's form renderer: NL Design System fields, and choice widgets without a template per option.

Django renders a ``<select>`` or a list of checkboxes/radios by rendering one template per
option, each including ``attrs.html`` (and ``input.html``): the /klussen/ filter form (99
organisations, the networks, regions, fields of work, every checkbox) cost ~1,000 template
renders and most of the page's Python time. ``FormRenderer`` renders Django's own widget
templates for choices (``select.html``, ``checkbox_select.html``, ``radio.html``) and for single
inputs (``text.html``, ``number.html``, … → ``input.html``) with the functions below, which write
exactly what those templates write (``tests/test_form_rendering.py`` compares them
byte for byte). A project or app that overrides one of these templates gets its template: the
shortcut is taken only while the template Django would load is Django's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

_DJANGO_WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"


def _var(value: Any) -> str:
    """``{{ value }}`` in an autoescaped template (render_value_in_context)."""
    if type(value) is str:
        return escape(value)
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _fmt(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps safe input safe, the rest is escaped."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_var(name)}" if value is True else f' {_var(name)}="{_fmt(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """``django/forms/widgets/input.html``."""
    value = widget["value"]
    shown = f' value="{_fmt(value)}"' if value != None else ""  # noqa: E711 - the template's "!= None"
    return f'<input type="{_var(widget["type"])}" name="{_var(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'


def _input_option(option: dict[str, Any]) -> str:
    """``input_option.html`` (through ``checkbox_option.html``/``radio_option.html``, which add a newline)."""
    if not option["wrap_label"]:
        return _input(option) + "\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_var(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)} {_var(option['label'])}</label>\n\n"


def _select_option(option: dict[str, Any]) -> str:
    """``django/forms/widgets/select_option.html``."""
    return f'<option value="{_fmt(option["value"])}"{_attrs(option["attrs"])}>{_var(option["label"])}</option>\n'


def _options_use(widget: dict[str, Any], *template_names: str) -> bool:
    """Whether every option renders with one of Django's own option templates (a subclass may not)."""
    return all(
        option["template_name"] in template_names
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def render_select(context: dict[str, Any]) -> str | None:
    """``django/forms/widgets/select.html`` (also ``<select multiple>``); None for other option templates."""
    widget = context["widget"]
    if not _options_use(widget, "django/forms/widgets/select_option.html"):
        return None
    out = [f'<select name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_var(group_name)}">')
        out.extend(f"\n  {_select_option(option)}" for option in group_choices)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def render_multiple_input(context: dict[str, Any]) -> str | None:
    """``multiple_input.html`` (checkbox_select.html, radio.html); None for other option templates."""
    widget = context["widget"]
    if not _options_use(widget, "django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html"):
        return None
    widget_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    out = ["<div"]
    if widget_id:
        out.append(f' id="{_var(widget_id)}"')
    if css_class:
        out.append(f' class="{_var(css_class)}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_var(group)}</label>")
        out.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def render_input(context: dict[str, Any]) -> str:
    """``text.html``, ``number.html``, ``date.html``, …: each is ``{% include "…/input.html" %}``."""
    return _input(context["widget"])


_INPUT_TEMPLATES = (
    "checkbox", "color", "date", "datetime", "email", "file", "hidden",
    "number", "password", "search", "tel", "text", "time", "url",
)  # fmt: skip
# Django's template → the function that writes the same HTML.
FAST_WIDGET_TEMPLATES: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "django/forms/widgets/select.html": render_select,
    "django/forms/widgets/checkbox_select.html": render_multiple_input,
    "django/forms/widgets/radio.html": render_multiple_input,
    **{f"django/forms/widgets/{name}.html": render_input for name in _INPUT_TEMPLATES},
}
# The templates each shortcut stands in for: all must be Django's own for the shortcut to apply.
_MULTIPLE_INPUT = (
    "multiple_input.html", "checkbox_option.html", "radio_option.html", "input_option.html", "input.html", "attrs.html",
)  # fmt: skip
_STANDS_IN_FOR: dict[str, Iterable[str]] = {
    **{f"django/forms/widgets/{name}.html": (f"{name}.html", "input.html", "attrs.html") for name in _INPUT_TEMPLATES},
    "django/forms/widgets/select.html": ("select.html", "select_option.html", "attrs.html"),
    "django/forms/widgets/checkbox_select.html": ("checkbox_select.html", *_MULTIPLE_INPUT),
    "django/forms/widgets/radio.html": ("radio.html", *_MULTIPLE_INPUT),
}


def render_field(context: dict[str, Any]) -> str:
    """``templates/includes/forms/field.html``: an NL Design System form field (label, help, errors, input).

    Written here as well because the template costs ~0.3 ms per field (a filter form has twelve);
    ``tests/marketplace/test_form_rendering.py`` holds the two equal byte for byte, for every case
    the template distinguishes and for both filter forms; the template is the one used whenever a
    project or app overrides it.
    """
    field = context["field"]
    errors = field.errors
    checkbox = field.widget_type == "checkbox"
    label = _var(field.label)
    required = f' <span class="required">({_var(gettext("required"))})</span>' if field.field.required else ""
    out = ['<div class="utrecht-form-field']
    if errors:
        out.append(" utrecht-form-field--invalid")
    if checkbox:
        out.append(" utrecht-form-field--checkbox")
    out.append('">\n')
    fieldset = field.use_fieldset
    if fieldset:
        out.append(
            '<fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-label">'
            f"{label}{required}</legend>\n"
        )
    elif not checkbox:
        out.append(
            '<div class="utrecht-form-field__label"><label class="utrecht-form-label" '
            f'for="{_var(field.id_for_label)}">{label}{required}</label></div>'
        )
    out.append("\n")
    if field.help_text:
        out.append(
            f'<div class="utrecht-form-field-description" id="{_var(field.auto_id)}_helptext">'
            f"{_var(field.help_text)}</div>"
        )
    out.append("\n")
    if errors:
        out.append(f'<div class="utrecht-form-field-error-message" id="{_var(field.auto_id)}_error">')
        out.extend(f'<p class="utrecht-paragraph">{_var(error)}</p>' for error in errors)
        out.append("</div>")
    out.append(f'\n<div class="utrecht-form-field__input">{_var(field)}</div>\n')
    if checkbox:
        out.append(
            '<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" '
            f'for="{_var(field.id_for_label)}">{label}</label></div>'
        )
    out.append("\n")
    if fieldset:
        out.append("</fieldset>")
    out.append("\n</div>")
    return "".join(out)


_PROJECT_FIELD_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "includes" / "forms" / "field.html"


class FormRenderer(TemplatesSetting):
    """Every form renders its fields as NL Design System form fields: label, help, error, input."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"

    def __init__(self) -> None:
        super().__init__()
        self._fast: dict[str, Callable[[dict[str, Any]], str | None] | None] = {}

    def fast_renderer(self, template_name: str) -> Callable[[dict[str, Any]], str | None] | None:
        """The Python function for ``template_name``, or None when a template of our own overrides it."""
        if template_name not in self._fast:
            if template_name == self.field_template_name:
                ours = self._loads_from(template_name, _PROJECT_FIELD_TEMPLATE)
                self._fast[template_name] = render_field if ours else None
                return self._fast[template_name]
            function = FAST_WIDGET_TEMPLATES.get(template_name)
            if function is not None and not all(
                self._is_djangos_own(f"django/forms/widgets/{name}") for name in _STANDS_IN_FOR[template_name]
            ):
                function = None
            self._fast[template_name] = function
        return self._fast[template_name]

    def _is_djangos_own(self, template_name: str) -> bool:
        return self._loads_from(template_name, _DJANGO_WIDGETS / Path(template_name).name)

    def _loads_from(self, template_name: str, path: Path) -> bool:
        """Whether ``template_name`` is loaded from the file ``path`` (and not from an override)."""
        origin = getattr(self.get_template(template_name), "origin", None)
        return origin is not None and Path(origin.name).resolve() == path.resolve()

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        function = self.fast_renderer(template_name)
        if function is not None and request is None:
            html = function(context)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)


# A browser reads the value of <input type="date|datetime-local|time"> only in ISO form: a
# localised "01-02-2027" shows an empty field, and saving it unchanged then loses the date.
# Every date, datetime and time input of the product uses one of these
# (tests/guards/test_dates_and_unchanged_saves.py walks every form).
class IsoDateInput(django.forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class IsoDateTimeInput(django.forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class IsoTimeInput(django.forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")
