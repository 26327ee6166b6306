"""Read the forms of a rendered page as a browser would submit them.

``forms_on(html)`` returns every ``<form>`` with its action, method and the values it would
send unchanged (checked boxes and radios, selected options, textareas, text inputs); file
inputs and buttons are left out; a value a browser cannot read in a date, time or number input
is sent empty, as a browser does. Tests use it to post a page's own values back (the "save
unchanged is a no-op" property) or to change one field and see what the form says about it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_NOT_SENT = {"file", "submit", "button", "reset", "image"}
# The HTML standard's value sanitization: a browser shows and sends "" for a value it cannot read.
_READABLE = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
}


def sanitized(kind: str, value: str) -> str:
    pattern = _READABLE.get(kind)
    return value if pattern is None or pattern.fullmatch(value) else ""


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    inputs: list[dict[str, str]] = field(default_factory=list)
    # Names that may be sent several times or not at all (checkboxes, <select multiple>).
    multiple: set[str] = field(default_factory=set)

    def data(self, **overrides: object) -> dict[str, object]:
        """What the form sends, as a dict for the test client (lists for repeated names)."""
        sent: dict[str, object] = {}
        for name, value in self.fields:
            if name in sent:
                previous = sent[name]
                sent[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                sent[name] = value
        for name in self.multiple:
            sent.setdefault(name, [])
            if not isinstance(sent[name], list):
                sent[name] = [sent[name]]
        sent.update(overrides)
        return {name: value for name, value in sent.items() if value is not None}

    def names(self) -> set[str]:
        return {attrs.get("name", "") for attrs in self.inputs} - {""}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: dict[str, str] | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._option: dict[str, str] | None = None
        self._option_text = ""
        self._textarea: dict[str, str] | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: (value if value is not None else "") for name, value in attrs_list}
        if tag == "form":
            self._form = HtmlForm(action=attrs.get("action", ""), method=attrs.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        if tag == "input":
            form.inputs.append(attrs)
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            if not name or kind in _NOT_SENT or "disabled" in attrs:
                return
            if kind == "checkbox":
                form.multiple.add(name)
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            elif kind == "radio":
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            else:
                form.fields.append((name, sanitized(kind, attrs.get("value", ""))))
        elif tag == "select":
            form.inputs.append(attrs)
            self._select, self._select_values, self._first_option = attrs, [], None
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = attrs, ""
        elif tag == "textarea":
            form.inputs.append(attrs)
            self._textarea, self._textarea_text = attrs, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text += data
        elif self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", self._option_text.strip())
            if self._first_option is None:
                self._first_option = value
            if "selected" in self._option:
                self._select_values.append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name = self._select.get("name")
            if name and "disabled" not in self._select:
                values = self._select_values
                if not values and "multiple" not in self._select and self._first_option is not None:
                    values = [self._first_option]
                self._form.fields.extend((name, value) for value in values)
                if "multiple" in self._select:
                    self._form.multiple.add(name)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name = self._textarea.get("name")
            if name and "disabled" not in self._textarea:
                # A browser drops the one newline that follows <textarea>.
                text = self._textarea_text[1:] if self._textarea_text.startswith("\n") else self._textarea_text
                self._form.fields.append((name, text))
            self._textarea = None


def forms_on(page: str | bytes) -> list[HtmlForm]:
    parser = _Parser()
    parser.feed(page.decode() if isinstance(page, bytes) else page)
    return parser.forms


def form_with(page: str | bytes, field_name: str) -> HtmlForm:
    """The one form on the page that has a field called ``field_name``."""
    found = [form for form in forms_on(page) if field_name in form.names()]
    assert len(found) == 1, f"{len(found)} forms with a field {field_name!r}"
    return found[0]


def field_error(page: str | bytes, field_id: str) -> str:
    """The error text shown next to the field with id ``field_id`` ("" if none)."""
    text = page.decode() if isinstance(page, bytes) else page
    marker = f'id="{field_id}_error"'
    start = text.find(marker)
    if start == -1:
        return ""
    end = text.find("</div>", start)
    inner = text[text.find(">", start) + 1 : end]
    return html.unescape(" ".join(part.split(">")[-1] for part in inner.split("<") if part)).strip()
