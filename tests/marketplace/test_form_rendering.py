"""The form renderer writes choice widgets in Python, byte for byte what Django's templates write.

``marketplace.lib.forms.FormRenderer`` renders ``select.html``, ``checkbox_select.html`` and
``radio.html`` without one template render per option (docs/performance.md). These tests
compare it with the template path for every case the templates distinguish, and pin that a
list page no longer renders more templates when there are more organisations to choose from.
"""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from assignments.filters import AssignmentFilter
from assignments.models import Assignment
from marketplace.lib.forms import FormRenderer
from profiles.filters import ProfileFilter
from profiles.models import Profile
from tests import factories


class TemplateRenderer(TemplatesSetting):
    """The project's field and form templates with every widget through its template (the old path)."""

    form_template_name = FormRenderer.form_template_name
    field_template_name = FormRenderer.field_template_name


CHOICES = [
    ("", "---------"),
    ("a", "Plain"),
    ("b&c", 'Needs <escaping> & "quotes"'),
    ("safe", mark_safe("<em>safe</em> label")),
    ("lazy", gettext_lazy("Dutch")),
    (3, 12345),
    (
        "Group <1>",
        [("g1", "In a group"), ("g2", "Also in it")],
    ),
]
WIDGET_CASES = [
    (forms.Select(choices=CHOICES), "x", None, {}),
    (forms.Select(choices=CHOICES), "x", "b&c", {"id": "id_x", "class": "a b", "required": True}),
    (forms.Select(choices=CHOICES), "x", 3, {"id": "id_x", "disabled": False, "data-n": 0}),
    (forms.Select(choices=CHOICES, attrs={"aria-describedby": "x_helptext"}), "x", "g2", {"id": "id_x"}),
    (forms.SelectMultiple(choices=CHOICES), "x", ["a", "g1", "lazy"], {"id": "id_x"}),
    (forms.NullBooleanSelect(), "flag", True, {"id": "id_flag"}),
    (forms.CheckboxSelectMultiple(choices=CHOICES), "x", ["a", "safe"], {"id": "id_x"}),
    (forms.CheckboxSelectMultiple(choices=CHOICES), "x", [], {}),
    (forms.CheckboxSelectMultiple(choices=CHOICES, attrs={"class": "c"}), "x", ["3"], {"id": "id_x", "required": True}),
    (forms.RadioSelect(choices=CHOICES), "x", "b&c", {"id": "id_x"}),
    (forms.RadioSelect(choices=CHOICES[1:3]), "x", None, {}),
    (forms.TextInput(), "q", 'a "quoted" <value>', {"id": "id_q", "maxlength": 200, "autofocus": True}),
    (forms.TextInput(), "q", None, {}),
    (forms.NumberInput(), "n", 0, {"id": "id_n", "min": 0, "step": "any"}),
    (forms.DateInput(attrs={"type": "date"}), "d", "2026-12-02", {"id": "id_d", "required": False}),
    (forms.EmailInput(), "e", mark_safe("a&b@example.org"), {}),
    (forms.HiddenInput(), "h", 7, {}),
    (forms.CheckboxInput(), "c", True, {"id": "id_c"}),
    (forms.CheckboxInput(), "c", False, {"id": "id_c"}),
    (forms.PasswordInput(render_value=True), "p", "s3cr&t", {}),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("widget", "name", "value", "attrs"), WIDGET_CASES)
def test_it_renders_choice_widgets_exactly_as_the_templates_do(widget, name, value, attrs, language):
    with translation.override(language):
        fast = widget.render(name, value, attrs=attrs, renderer=FormRenderer())
        slow = widget.render(name, value, attrs=attrs, renderer=TemplateRenderer())
    assert fast == slow
    assert "<option" in fast or "<input" in fast
    assert "{%" not in fast


def test_it_takes_the_shortcut_only_for_djangos_own_templates():
    renderer = FormRenderer()
    assert renderer.fast_renderer("django/forms/widgets/select.html") is not None
    assert renderer.fast_renderer("django/forms/widgets/checkbox_select.html") is not None
    assert renderer.fast_renderer("django/forms/widgets/text.html") is not None
    assert renderer.fast_renderer("django/forms/widgets/textarea.html") is None
    assert renderer.fast_renderer("includes/forms/field.html") is not None  # the project's own


def test_a_project_override_of_a_widget_template_still_wins(tmp_path, settings):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "select_option.html").write_text(
        '<option data-ours value="{{ widget.value }}">{{ widget.label }}</option>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    renderer = FormRenderer()
    assert renderer.fast_renderer("django/forms/widgets/select.html") is None
    assert renderer.fast_renderer("django/forms/widgets/text.html") is not None  # not overridden
    assert "data-ours" in forms.Select(choices=[("a", "A")]).render("x", "a", renderer=renderer)


class EveryCase(forms.Form):
    """A field of every kind the field template tells apart: required or not, help, errors, checkbox, fieldset."""

    name = forms.CharField(label='Naam & "bijnaam" <b>', help_text=mark_safe("Uw <em>volledige</em> naam"))
    note = forms.CharField(label=gettext_lazy("Search"), required=False, help_text="Kort & <bondig>")
    hours = forms.IntegerField(label="Uren", min_value=0)
    agree = forms.BooleanField(label="Ik ga akkoord")
    optional_flag = forms.BooleanField(label="Vlag", required=False, help_text="Optioneel")
    kinds = forms.MultipleChoiceField(label="Soorten", choices=CHOICES[1:3], widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(label="Eén", choices=CHOICES[1:3], widget=forms.RadioSelect, required=False)
    when = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}), required=False)

    def clean(self):
        raise forms.ValidationError("Het geheel klopt niet")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "<x>", "hours": "-3", "kinds": ["z"], "one": "a", "when": "2026-13-40"},
        {"name": "Anna", "hours": "8", "agree": "on", "kinds": ["a"], "optional_flag": "on"},
    ],
)
def test_it_renders_every_kind_of_field_exactly_as_the_field_template_does(language, data):
    with translation.override(language):
        # A new form per renderer: a bound field keeps the renderer of its form when first made.
        fast = EveryCase(data, renderer=FormRenderer()).render()
        slow = EveryCase(data, renderer=TemplateRenderer()).render()
    assert fast == slow
    assert fast.count("utrecht-form-field__input") == len(EveryCase.base_fields)
    if data and data.get("name") == "<x>":
        assert "utrecht-form-field--invalid" in fast and "&lt;x&gt;" in fast


def test_a_project_override_of_the_field_template_still_wins(tmp_path, settings):
    override = tmp_path / "includes" / "forms"
    override.mkdir(parents=True)
    (override / "field.html").write_text("<p data-ours>{{ field.label }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    renderer = FormRenderer()
    assert renderer.fast_renderer("includes/forms/field.html") is None
    assert "data-ours" in EveryCase(renderer=renderer)["name"].as_field_group()


def test_it_falls_back_to_the_template_for_a_custom_option_template():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"  # any other template

    widget = Custom(choices=[("a", "A")])
    assert widget.render("x", "a", renderer=FormRenderer()) == widget.render("x", "a", renderer=TemplateRenderer())
    assert 'type="select"' in widget.render("x", "a", renderer=FormRenderer())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "x", "engagement_form": ["zpp"], "remote": ["remote"], "compensation": ["pro_bono"], "sort": "deadline"},
        {"organisation": "does-not-exist", "hours_min": "not a number"},  # errors are rendered too
    ],
)
def test_it_renders_the_klussen_filter_form_as_before(language, data):
    factories.OrganisationFactory.create_batch(3)
    factories.OrganisationFactory(name='Gemeente "<Oss>" & co')
    with translation.override(language):
        # A new form per renderer: a bound field keeps the renderer of its form when first made.
        filterset = AssignmentFilter(data, queryset=Assignment.objects.none())
        filterset.form.renderer = FormRenderer()
        fast = filterset.form.render()
        filterset = AssignmentFilter(data, queryset=Assignment.objects.none())
        filterset.form.renderer = TemplateRenderer()
        slow = filterset.form.render()
    assert fast == slow
    assert fast.count("<option") >= 4


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_renders_the_directory_filter_form_as_before(language):
    factories.OrganisationFactory.create_batch(3)
    factories.NetworkFactory()
    with translation.override(language):
        data = {"quality": ["nope"], "region": "x"}
        filterset = ProfileFilter(data, queryset=Profile.objects.none())
        filterset.form.renderer = FormRenderer()
        fast = filterset.form.render()
        filterset = ProfileFilter(data, queryset=Profile.objects.none())
        filterset.form.renderer = TemplateRenderer()
        slow = filterset.form.render()
    assert fast == slow


def _templates_rendered(client, path: str) -> list[str]:
    client.get(path)  # warm: session rows, caches
    response = client.get(path)
    assert response.status_code == 200, path
    return [template.name for template in response.templates]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/klussen/", "/professionals/"])
def test_list_pages_render_as_many_templates_whatever_the_number_of_options(client, path):
    factories.OrganisationFactory.create_batch(3)
    few = _templates_rendered(client, path)
    factories.OrganisationFactory.create_batch(40)
    factories.NetworkFactory.create_batch(5)
    many = _templates_rendered(client, path)
    assert len(many) == len(few), (len(few), len(many))
    assert not [name for name in many if name.startswith("django/forms/widgets/")]
    # The fields are written by marketplace.lib.forms.render_field, not their template.
    assert "includes/forms/field.html" not in many
    # The page, base, header, footer, the form: well under 30.
    assert len(many) < 30


def test_templates_are_loaded_through_the_cached_loader():
    """The production settings (DEBUG off) must not parse a template per request."""
    loaders = engines["django"].engine.template_loaders
    assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]
