"""The competition folders, installed as the package `mlebench_competitions`; each folder is loaded by path."""
