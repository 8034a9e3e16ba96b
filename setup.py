"""Packaging that pyproject.toml cannot say: the top-level `competitions/` folder ships as the package
`mlebench_competitions`, so a wheel or a non-editable install carries every competition."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["pytest_mlebench*"]), "mlebench_competitions"],
    package_dir={"mlebench_competitions": "competitions"},
)
