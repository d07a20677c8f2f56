"""Field snapshots of a model instance for audit before/after."""

from django.db import models


def snapshot(obj: models.Model, fields: tuple[str, ...] | list[str]) -> dict:
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            data[name] = getattr(obj, field.attname)
        else:
            data[name] = getattr(obj, name)
    return data
