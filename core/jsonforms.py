"""The JSON side of a Django form: one adapter for the request bodies of Waypoint's own APIs.

One form serves the HTML page and the JSON API. The adapter maps a JSON body onto the form's
fields (a renamed key, or a nested object such as ``person`` read as flat fields) and the form's
errors back onto the JSON names. Keys the form does not know are ignored, as Django forms do.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from django import forms


@dataclass(frozen=True)
class Nested:
    """A JSON object in the body that the form reads as flat fields.

    ``fields``: key in the object → form field name. With ``one_of`` exactly one key is given
    (``{"id": …}`` or ``{"alias": …}``) and nothing else; a key in ``text`` must be non-blank text.
    ``message`` is the error, under the object's name, for any other shape. A flat field's own
    error is reported under the object's name, or with ``dotted_errors`` as ``name.key``.
    """

    fields: dict[str, str]
    message: str
    one_of: bool = False
    text: frozenset[str] = frozenset()
    dotted_errors: bool = False

    def unpack(self, value) -> tuple[dict, list[str]]:
        """The object as form data, and its shape errors."""
        if value is None:
            return {}, []
        if not isinstance(value, dict) or (
            self.one_of and (set(value) - set(self.fields) or len(value) != 1)
        ):
            return {}, [str(self.message)]
        data, errors = {}, []
        for key, name in self.fields.items():
            if key not in value:
                continue
            given = value[key]
            if key in self.text and (not isinstance(given, str) or not given.strip()):
                errors = [str(self.message)]
                given = given if isinstance(given, str) else ""
            data[name] = given
        return data, errors


class JsonForm:
    """A mixin for a ``forms.Form`` taking a JSON body: ``from_json``, ``json_errors``.

    ``json_names``: form field name → JSON key, where they differ. ``json_nested``: JSON key →
    ``Nested``. ``json_options``: keyword arguments the form gets when built from JSON.
    """

    json_names: dict[str, str] = MappingProxyType({})
    json_nested: dict[str, Nested] = MappingProxyType({})
    json_options: dict = MappingProxyType({})
    shape_errors: dict[str, list[str]] = MappingProxyType({})

    @classmethod
    def from_json(cls, payload: dict, **kwargs):
        """The form bound to a JSON object's fields; ``shape_errors`` holds what the shape refused."""
        data = {key: value for key, value in payload.items() if key not in cls.json_nested}
        errors = {}
        for key, nested in cls.json_nested.items():
            fields, refused = nested.unpack(payload.get(key))
            data.update(fields)
            if refused:
                errors[key] = refused
        for name, key in cls.json_names.items():
            if key in data:
                data[name] = data.pop(key)
        form = cls(data=data, **cls.json_options, **kwargs)
        form.shape_errors = errors
        return form

    @classmethod
    def json_name(cls, name: str) -> str:
        """The JSON key a form field's error is reported under."""
        if name in cls.json_names:
            return cls.json_names[name]
        for key, nested in cls.json_nested.items():
            for inner, field_name in nested.fields.items():
                if field_name == name:
                    return f"{key}.{inner}" if nested.dotted_errors else key
        return name

    def json_errors(self) -> dict:
        """Field errors keyed by the JSON field names, the shape's errors last."""
        out: dict[str, list[str]] = {}
        for name, errors in self.errors.items():
            out.setdefault(self.json_name(name), []).extend(str(e) for e in errors)
        for name, errors in self.shape_errors.items():
            out.setdefault(name, []).extend(errors)
        return out


def field_schema(field: forms.Field) -> dict:
    """A form field as JSON Schema: its type, its codes or bounds, and its help text."""
    if hasattr(field, "json_schema"):
        schema = dict(field.json_schema)
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.ModelMultipleChoiceField):
        schema = {"type": "array"}  # ids of a queryset known only per request
    elif isinstance(field, forms.MultipleChoiceField):
        schema = {"type": "array", "items": {"enum": _codes(field)}}
    elif isinstance(field, forms.ChoiceField):
        schema = {"enum": _codes(field)}
    elif isinstance(field, forms.UUIDField):
        schema = {"type": "string", "format": "uuid"}
    elif isinstance(field, forms.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.IntegerField):  # FloatField and DecimalField too
        is_integer = not isinstance(field, (forms.FloatField, forms.DecimalField))
        schema = {"type": "integer" if is_integer else "number"}
        for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
            if getattr(field, bound, None) is not None:
                schema[key] = getattr(field, bound)
    elif isinstance(field, forms.CharField):
        schema = {"type": "string"}
        if field.max_length:
            schema["maxLength"] = field.max_length
    else:
        schema = {}
    if field.help_text:
        schema["description"] = str(field.help_text)
    return schema


def _codes(field) -> list:
    return [value for value, _label in field.choices if value != ""]


def form_schema(form_class) -> dict:
    """The JSON Schema of the body ``form_class.from_json`` reads, derived from its fields."""
    fields = form_class().fields  # as ``__init__`` leaves them (required, choices)
    nested_names = {
        name for nested in form_class.json_nested.values() for name in nested.fields.values()
    }
    properties, required = {}, []
    for name, field in fields.items():
        if name in nested_names:
            continue
        key = form_class.json_names.get(name, name)
        properties[key] = field_schema(field)
        if field.required:
            required.append(key)
    for key, nested in form_class.json_nested.items():
        inner = {part: fields[name] for part, name in nested.fields.items() if name in fields}
        schema = {"type": "object", "properties": {k: field_schema(f) for k, f in inner.items()}}
        inner_required = [k for k, f in inner.items() if f.required]
        for part in nested.text:
            schema["properties"][part]["minLength"] = 1
        if nested.one_of:
            schema["additionalProperties"] = False
            schema["oneOf"] = [{"required": [k]} for k in inner]
        elif inner_required:
            schema["required"] = inner_required
        properties[key] = schema
        if inner_required:
            required.append(key)
    return {"type": "object", "required": required, "properties": properties}
