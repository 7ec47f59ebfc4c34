"""Unit conversion: a pure function, the simplest kind of tool a model can be handed.

``Unit`` is a ``Literal``, so both schemas list the accepted values (``enum``): a model reads
them in the tool's input schema, a REST client in ``/docs``. Converting metres to kilograms
is a domain error, answered as a 422 problem by REST and as an ``isError`` result by MCP.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from shared.errors import DomainError

Unit = Literal["mm", "cm", "m", "km", "in", "ft", "mi", "g", "kg", "oz", "lb"]
#: finite and bounded: no NaN, no infinity, no 1e308 to overflow the multiplication
Value = Annotated[
    float,
    Field(ge=-1e12, le=1e12, allow_inf_nan=False, description="The quantity to convert"),
]

# Each unit as (dimension, how many of the dimension's base unit one of it is).
_UNITS: dict[str, tuple[str, float]] = {
    "mm": ("length", 0.001),
    "cm": ("length", 0.01),
    "m": ("length", 1.0),
    "km": ("length", 1000.0),
    "in": ("length", 0.0254),
    "ft": ("length", 0.3048),
    "mi": ("length", 1609.344),
    "g": ("mass", 0.001),
    "kg": ("mass", 1.0),
    "oz": ("mass", 0.028349523125),
    "lb": ("mass", 0.45359237),
}


class IncompatibleUnits(DomainError):
    status = 422
    title = "Incompatible units"


class Conversion(BaseModel):
    value: float
    from_unit: Unit
    result: float
    to_unit: Unit


def convert(value: float, from_unit: Unit, to_unit: Unit) -> Conversion:
    source, to_base = _UNITS[from_unit]
    target, from_base = _UNITS[to_unit]
    if source != target:
        raise IncompatibleUnits(f"cannot convert {source} ({from_unit}) to {target} ({to_unit})")
    result = round(value * to_base / from_base, 6)
    return Conversion(value=value, from_unit=from_unit, result=result, to_unit=to_unit)
