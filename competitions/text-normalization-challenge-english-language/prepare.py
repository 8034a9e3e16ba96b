"""Text Normalization (English): MLE-bench prepares it exactly as its sibling, from `en_` files."""

from pathlib import Path

from pytest_mlebench.families.text_normalization import prepare_language


def prepare(raw: Path, public: Path, private: Path) -> None:
    prepare_language(raw, public, private, prefix="en")
