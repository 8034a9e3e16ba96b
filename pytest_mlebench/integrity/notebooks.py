"""Jupyter notebooks (.ipynb JSON, format 3 or 4) -> the source of their code cells, as one script."""

from __future__ import annotations

import json


def notebook_source(text: str) -> str:
    """The code cells of a notebook joined in order; shell and magic lines become comments.

    Raises:
        ValueError: the text is not a notebook.
    """
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a notebook: {exc}") from exc
    if not isinstance(notebook, dict):
        raise ValueError("not a notebook: the JSON is not an object")
    if "cells" in notebook:
        cells = notebook["cells"]
        key = "source"
    else:  # format 3, which older Kaggle kernels still use, keeps cells in worksheets with the code in `input`
        cells = [cell for sheet in notebook.get("worksheets", []) for cell in sheet.get("cells", [])]
        key = "input"
    blocks = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get(key, "")
        source = "".join(source) if isinstance(source, list) else str(source)
        blocks.append("\n".join(_comment_magic(line) for line in source.splitlines()))
    return "\n\n".join(blocks) + "\n"


def _comment_magic(line: str) -> str:
    # `!pip install` and `%matplotlib` are not Python; as comments they neither break tokenising nor count as code.
    stripped = line.lstrip()
    return "# " + line if stripped.startswith(("!", "%")) else line


def notebook_suffix(text: str) -> str:
    """The file suffix of the notebook's language (`.py`, `.r`, `.jl`), from its kernel metadata; `.py` if unsaid."""
    try:
        meta = json.loads(text).get("metadata", {})
    except (json.JSONDecodeError, AttributeError):
        return ".py"
    language = str((meta.get("kernelspec") or {}).get("language") or (meta.get("language_info") or {}).get("name") or "")
    return {"r": ".r", "julia": ".jl"}.get(language.lower(), ".py")
