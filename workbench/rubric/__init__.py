"""The evaluation rubric as data: model, loading and validation, Excel round trip."""

from workbench.rubric.loader import (
    DEFAULT_RUBRIC_ID,
    bundled_rubric_ids,
    load_rubric,
    load_rubric_file,
    rubric_by_hash,
    rubric_from_data,
)
from workbench.rubric.model import Area, FactCheck, Indicator, Item, Rubric, Rules, Text

__all__ = [
    "DEFAULT_RUBRIC_ID", "Area", "FactCheck", "Indicator", "Item", "Rubric", "Rules", "Text",
    "bundled_rubric_ids", "load_rubric", "load_rubric_file", "rubric_by_hash", "rubric_from_data",
]
