"""Both text-normalization competitions (English, Russian): token accuracy, NA tokens, the sentence split,
quoting, zips; MLE-bench prepares and grades them with the same steps."""

import csv
import importlib.util
import io
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score

from pytest_mlebench.frames import read_csv
from pytest_mlebench.metrics import as_text

LANGUAGES = {"en": "text-normalization-challenge-english-language", "ru": "text-normalization-challenge-russian-language"}
# Per language: answers, a shuffled submission where the first and last tokens match and two do not (2 of 4).
ACCURACY_CASES = {
    "en": ('"id","after"\n"0_0","the"\n"0_1","twelve"\n"1_0","b b c"\n"1_1","."\n',
           "id,after\n1_1,.\n0_0,the\n1_0,BBC\n0_1,Twelve\n"),
    "ru": ('"id","after"\n"0_0","в"\n"0_1","двенадцать"\n"1_0","ещё"\n"1_1","."\n',
           "id,after\n1_1,.\n0_0,в\n1_0,еще\n0_1,Двенадцать\n"),  # е for ё and a capital do not match
}


@pytest.fixture(scope="module", params=sorted(LANGUAGES))
def prefix(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def competition(registry, prefix):
    return registry.get(LANGUAGES[prefix])


@pytest.fixture(scope="module")
def prepared(competition, prefix, tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location(f"tn_{prefix}_conformance", competition.folder / "conformance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = tmp_path_factory.mktemp(f"tn-{prefix}")
    module.make_raw(root / "raw", np.random.default_rng(8), sentences=40)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def from_csv(text: str) -> pd.DataFrame:
    return read_csv(io.StringIO(text))


def zipped(path: Path) -> pd.DataFrame:
    with zipfile.ZipFile(path) as archive:
        return read_csv(io.BytesIO(archive.read(archive.namelist()[0])))


def test_accuracy_matches_sklearn_and_hand_value(competition, prefix):
    answers_text, submission_text = ACCURACY_CASES[prefix]
    answers, sub = from_csv(answers_text), from_csv(submission_text)
    assert competition.grade_fn(sub, answers) == pytest.approx(0.5)
    ordered = sub.set_index("id").loc[answers["id"], "after"]
    assert accuracy_score(answers["after"], ordered) == pytest.approx(0.5)

def test_missing_tokens_match_each_other(competition):
    # Known issue: an NA-like token is 'nan' on both sides, whatever the submission wrote for it.
    answers = from_csv('"id","after"\n"0_0",""\n"0_1","NA"\n"0_2","null"\n')
    sub = from_csv("id,after\n0_0,n/a\n0_1,\n0_2,None\n")
    assert competition.grade_fn(sub, answers) == pytest.approx(1.0)


def test_float_parsed_column_turns_two_into_two_point_zero(competition):
    # Known issue: a column pandas parses as float compares '2.0' with the answer '2'.
    answers = from_csv('"id","after"\n"0_0","2"\n"0_1","x"\n')
    assert competition.grade_fn(from_csv("id,after\n0_0,2\n0_1,\n"), answers) == pytest.approx(0.0)
    assert competition.grade_fn(from_csv("id,after\n0_0,2\n0_1,y\n"), answers) == pytest.approx(0.5)


def test_as_text_is_pandas_2_astype_str():
    assert as_text(pd.Series(["a", np.nan, "NA"])).tolist() == ["a", "nan", "NA"]
    assert as_text(pd.Series([2.0, 0.1, np.nan])).tolist() == ["2.0", "0.1", "nan"]
    assert as_text(pd.Series([2, 30])).tolist() == ["2", "30"]


def test_sample_submission_scores_share_of_unchanged_tokens(competition, prepared, prefix):
    sample = read_csv(prepared / "private" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    test = zipped(prepared / "public" / f"{prefix}_test_2.csv.zip")
    unchanged = [str(b) == str(a) for b, a in zip(test["before"].tolist(), answers["after"].tolist(), strict=True)]
    assert 0 < sum(unchanged) < len(unchanged)
    assert competition.grade_fn(sample, answers) == pytest.approx(sum(unchanged) / len(unchanged))
    assert zipped(prepared / "public" / f"{prefix}_sample_submission_2.csv.zip").equals(sample)


def test_whole_sentences_split_by_train_test_split_and_renumbered(prepared, prefix):
    raw = pd.read_csv(prepared / "raw" / f"{prefix}_train.csv", keep_default_na=False)
    unique = list(dict.fromkeys(raw["sentence_id"]))
    n_test = math.ceil(0.1 * len(unique))
    test_ids = {unique[i] for i in np.random.RandomState(0).permutation(len(unique))[:n_test]}
    test_rows = raw[raw["sentence_id"].isin(test_ids)]
    train_rows = raw[~raw["sentence_id"].isin(test_ids)]
    answers = read_csv(prepared / "private" / "answers.csv", keep_default_na=False)
    renumber = {old: new for new, old in enumerate(dict.fromkeys(test_rows["sentence_id"]))}
    expected_ids = [f"{renumber[s]}_{t}" for s, t in zip(test_rows["sentence_id"], test_rows["token_id"], strict=True)]
    assert answers["id"].tolist() == expected_ids
    na_like = {"NA", "null"}
    assert answers["after"].tolist() == ["" if a in na_like else a for a in test_rows["after"]]
    train = zipped(prepared / "public" / f"{prefix}_train.csv.zip")
    assert list(train.columns) == ["sentence_id", "token_id", "class", "before", "after"]
    assert train["sentence_id"].tolist() == [
        {old: new for new, old in enumerate(dict.fromkeys(train_rows["sentence_id"]))}[s] for s in train_rows["sentence_id"]
    ]
    assert list(zipped(prepared / "public" / f"{prefix}_test_2.csv.zip").columns) == ["sentence_id", "token_id", "before"]


def test_files_are_quote_nonnumeric_with_na_tokens_emptied(prepared, prefix):
    text = (prepared / "private" / "answers.csv").read_text()
    lines = text.splitlines()
    assert lines[0] == '"id","after"'
    assert all(line.startswith('"') for line in lines[1:])
    with zipfile.ZipFile(prepared / "public" / f"{prefix}_train.csv.zip") as archive:
        train_lines = archive.read(f"{prefix}_train.csv").decode().splitlines()
    assert train_lines[0] == '"sentence_id","token_id","class","before","after"'
    rows = list(csv.reader(train_lines[1:]))
    assert all(line.split(",")[0].isdigit() and line.split(",")[1].isdigit() for line in train_lines[1:])
    assert any(r[3] == "" for r in rows) and '"NA"' not in "\n".join(train_lines)


def test_public_csvs_only_as_stored_single_member_zips(prepared, prefix):
    names = sorted(p.name for p in (prepared / "public").iterdir())
    assert names == sorted(f"{prefix}_{n}.csv.zip" for n in ("train", "test_2", "sample_submission_2"))
    for name in names:
        with zipfile.ZipFile(prepared / "public" / name) as archive:
            (info,) = archive.infolist()
            assert info.filename == name.removesuffix(".zip")
            assert info.compress_type == zipfile.ZIP_STORED


@pytest.mark.parametrize("prefix", ["ru"], indirect=True)
def test_cyrillic_text_round_trips_as_utf8(prepared, prefix):
    with zipfile.ZipFile(prepared / "public" / f"{prefix}_train.csv.zip") as archive:
        text = archive.read(f"{prefix}_train.csv").decode("utf-8")
    train = zipped(prepared / "public" / f"{prefix}_train.csv.zip")
    cyrillic = [t for t in train["after"].dropna() if re.search("[а-яё]", t, re.IGNORECASE)]
    assert cyrillic
    assert all(f'"{t}"' in text for t in cyrillic)
