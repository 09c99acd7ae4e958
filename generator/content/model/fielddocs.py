"""The models' field docstrings as their fields' descriptions, for the two places that
show them: the content format reference (`cli.docgen`) and the editors' JSON schemas
(`cli.schema`). Pydantic can read them as each model is made (`use_attribute_docstrings`),
but then every process that imports the models, each build and check and each of their
workers, reads and parses the models' source for text it never shows (tens of
milliseconds a start). Here a field gets the docstring pydantic would give it: the one
under its annotation in the class that declares it."""

from __future__ import annotations

import inspect
import typing
from functools import cache

from pydantic import BaseModel
from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from .types import Strict


def _models(base: type[BaseModel]) -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = []
    for sub in base.__subclasses__():
        out += [sub, *_models(sub)]
    return list(dict.fromkeys(out))


def _nested(tp: object) -> list[type[BaseModel]]:
    """The models an annotation refers to (in lists, unions, Annotated, ...)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in typing.get_args(tp) for m in _nested(arg)]


@cache
def describe_fields() -> None:
    """Give every content model's fields their docstrings (once), and remake the models'
    schemas so that their JSON schemas carry them, a nested model's before its users'."""
    models = _models(Strict)
    docs = {m: extract_docstrings_from_cls(m, use_inspect=True) for m in models}
    for model in models:
        for name, field in model.model_fields.items():
            declared = next((c for c in model.__mro__
                             if name in inspect.get_annotations(c)), model)
            text = docs.get(declared, {}).get(name)
            if field.description is None and text is not None:
                field.description = text
    done: set[type[BaseModel]] = set()

    def rebuild(model: type[BaseModel]) -> None:
        if model in done:
            return
        done.add(model)
        for field in model.model_fields.values():
            for nested in _nested(field.annotation):
                rebuild(nested)
        model.model_rebuild(force=True)

    for model in models:
        rebuild(model)
