"""Plain JSON-serialisable data from NumPy-laden results (every ``to_dict()`` ends here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


def plain(value: Any) -> Any:
    """Convert NumPy scalars and arrays, possibly nested in mappings, lists and tuples, to plain Python
    data (mapping keys become strings)."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
