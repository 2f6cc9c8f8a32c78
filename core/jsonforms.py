"""The JSON side of a Django form: one adapter for the request bodies of Waypoint's own APIs.

One form serves the HTML page and the JSON API. The adapter maps a JSON body onto the form's
fields (a renamed key, or a nested object such as ``person`` read as flat fields) and the form's
errors back onto the JSON names. Keys the form does not know are ignored, as Django forms do.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


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
