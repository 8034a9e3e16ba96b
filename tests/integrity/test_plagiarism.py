"""The plagiarism check against planted local notebooks: the run that copies one is flagged with that
notebook; a run with its own code is not; the references are pulled once and cached next to the data."""

from __future__ import annotations

import json

import pytest

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.integrity.evidence import code_files, code_in_logs, group_runs, log_files
from pytest_mlebench.integrity.kernels import cache_dir, load_references, reference_refs
from pytest_mlebench.integrity.notebooks import notebook_source, notebook_suffix
from pytest_mlebench.integrity.plagiarism import check_plagiarism
from tests.integrity.conftest import make_run

COMPETITION = "practice-breast-cancer"  # no listed notebooks: the planted ones are its only references

COPIED_NOTEBOOK = '''import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score

train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
features = [c for c in train.columns if c not in ("id", "target")]
oof = np.zeros(len(train))
predictions = np.zeros(len(test))
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
for fold, (trn_idx, val_idx) in enumerate(folds.split(train, train["target"])):
    model = GradientBoostingClassifier(n_estimators=300, learning_rate=0.05, max_depth=3, subsample=0.8)
    model.fit(train.iloc[trn_idx][features], train.iloc[trn_idx]["target"])
    oof[val_idx] = model.predict_proba(train.iloc[val_idx][features])[:, 1]
    predictions += model.predict_proba(test[features])[:, 1] / folds.n_splits
    print(f"fold {fold}: auc {roc_auc_score(train.iloc[val_idx]['target'], oof[val_idx]):.5f}")
print("overall", roc_auc_score(train["target"], oof))
submission = pd.DataFrame({"id": test["id"], "target": predictions})
submission.to_csv("submission.csv", index=False)
'''

OTHER_NOTEBOOK = '''import matplotlib.pyplot as plt
import seaborn as sns
df = pd.read_csv("/kaggle/input/data.csv")
df.describe()
corr = df.corr()
plt.figure(figsize=(16, 12))
sns.heatmap(corr, annot=True, fmt=".2f", cmap="coolwarm")
for column in df.columns[:10]:
    sns.histplot(df, x=column, hue="diagnosis", kde=True)
    plt.title(f"distribution of {column}")
    plt.show()
'''

# The copied notebook with every name changed and the layout reflowed: winnowing on tokens still finds it.
RENAMED_COPY = '''import numpy as np, pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score
tr = pd.read_csv("/home/data/train.csv")
te = pd.read_csv("/home/data/test.csv")
cols = [c for c in tr.columns if c not in ("id", "target")]
out_of_fold = np.zeros(len(tr))
preds = np.zeros(len(te))
kf = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
for k, (a, b) in enumerate(kf.split(tr, tr["target"])):
    clf = GradientBoostingClassifier(n_estimators=300, learning_rate=0.05, max_depth=3, subsample=0.8)
    clf.fit(tr.iloc[a][cols], tr.iloc[a]["target"])
    out_of_fold[b] = clf.predict_proba(tr.iloc[b][cols])[:, 1]
    preds += clf.predict_proba(te[cols])[:, 1] / kf.n_splits
    print(f"fold {k}: auc {roc_auc_score(tr.iloc[b]['target'], out_of_fold[b]):.5f}")
print("overall", roc_auc_score(tr["target"], out_of_fold))
sub = pd.DataFrame({"id": te["id"], "target": preds})
sub.to_csv("/home/submission/submission.csv", index=False)
'''

OWN_CODE = '''"""Logistic regression with standardised features, tuned by a small grid."""
import json
import sys
from pathlib import Path

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

DATA = Path(sys.argv[1] if len(sys.argv) > 1 else "/home/data")


def main():
    frame = pd.read_csv(DATA / "train.csv")
    x, y = frame.drop(columns=["id", "target"]), frame["target"]
    search = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
                          {"logisticregression__C": [0.01, 0.1, 1.0, 10.0]}, scoring="roc_auc", cv=4)
    search.fit(x, y)
    Path("/home/logs/search.json").write_text(json.dumps(search.best_params_))
    test = pd.read_csv(DATA / "test.csv")
    result = test[["id"]].assign(target=search.predict_proba(test.drop(columns=["id"]))[:, 1])
    result.to_csv("/home/submission/submission.csv", index=False)


if __name__ == "__main__":
    main()
'''


def notebook(source: str, nbformat: int = 4, language: str = "python") -> str:
    """A notebook holding `source` in two code cells and a Markdown cell."""
    lines = source.splitlines(keepends=True)
    half = len(lines) // 2
    if nbformat == 3:
        cells = [{"cell_type": "code", "input": lines[:half]}, {"cell_type": "markdown", "source": "# notes"},
                 {"cell_type": "code", "input": "".join(lines[half:])}]
        return json.dumps({"nbformat": 3, "worksheets": [{"cells": cells}], "metadata": {}})
    cells = [{"cell_type": "markdown", "source": ["# EDA and model"]},
             {"cell_type": "code", "source": ["!pip install lightgbm\n", "%matplotlib inline\n", *lines[:half]]},
             {"cell_type": "code", "source": "".join(lines[half:])}]
    return json.dumps({"nbformat": 4, "cells": cells, "metadata": {"kernelspec": {"language": language}}})


def plant_notebook(data_dir, competition_id: str, ref: str, text: str) -> None:
    folder = cache_dir(data_dir, competition_id) / ref.replace("/", "__")
    folder.mkdir(parents=True)
    (folder / f"{ref.split('/')[1]}.ipynb").write_text(text)


def test_the_run_that_copies_a_notebook_is_flagged_with_it(tmp_path):
    data = tmp_path / "data"
    plant_notebook(data, COMPETITION, "alice/gbm-5-fold", notebook(COPIED_NOTEBOOK))
    plant_notebook(data, COMPETITION, "bob/eda-heatmaps", notebook(OTHER_NOTEBOOK))
    runs = tmp_path / "runs"
    make_run(runs, "g", COMPETITION, 0, code={"solution.py": RENAMED_COPY})
    make_run(runs, "g", COMPETITION, 1, code={"model.py": OWN_CODE})
    make_run(runs, "g", COMPETITION, 2, code={"notes.txt": RENAMED_COPY})  # not code: not compared

    results = check_plagiarism(group_runs(runs, "g"), data, threshold=0.6, pull=None)

    assert {k: r["flagged"] for k, r in results.items()} == {
        f"{COMPETITION}-seed0": True, f"{COMPETITION}-seed1": False, f"{COMPETITION}-seed2": False}
    copied = results[f"{COMPETITION}-seed0"]
    assert copied["match"] == "alice/gbm-5-fold.py" and copied["file"] == "code/solution.py"
    assert copied["max_similarity"] > 0.9
    own = results[f"{COMPETITION}-seed1"]
    assert own["max_similarity"] < 0.3
    assert results[f"{COMPETITION}-seed2"]["max_similarity"] is None
    assert copied["references_read"] == 2 and not copied["references_missing"]
    stored = json.loads((runs / "g" / COMPETITION / "seed0" / "plagiarism.json").read_text())
    assert stored["flagged"] and stored["top"][0]["match"] == "alice/gbm-5-fold.py"


def test_the_threshold_decides_the_flag(tmp_path):
    data = tmp_path / "data"
    plant_notebook(data, COMPETITION, "alice/gbm-5-fold", notebook(COPIED_NOTEBOOK))
    runs = tmp_path / "runs"
    half = "\n".join(RENAMED_COPY.splitlines()[:12]) + "\n" + OWN_CODE
    make_run(runs, "g", COMPETITION, 0, code={"partly.py": half})
    [result] = check_plagiarism(group_runs(runs, "g"), data, threshold=0.6, pull=None).values()
    assert 0.2 < result["max_similarity"] < 0.6 and not result["flagged"]
    [result] = check_plagiarism(group_runs(runs, "g"), data, threshold=0.2, pull=None).values()
    assert result["flagged"]


def test_code_quoted_in_logs_is_compared(tmp_path):
    data = tmp_path / "data"
    plant_notebook(data, COMPETITION, "alice/gbm-5-fold", notebook(COPIED_NOTEBOOK))
    runs = tmp_path / "runs"
    make_run(runs, "g", COMPETITION, 0, logs=f"Plan: boost.\n```python\n{RENAMED_COPY}```\nresult: 0.99\n")
    [result] = check_plagiarism(group_runs(runs, "g"), data, pull=None).values()
    assert result["flagged"] and result["file"] == "logs/agent.log#1"


def test_no_references_means_not_checked(tmp_path):
    runs = tmp_path / "runs"
    make_run(runs, "g", COMPETITION, 0, code={"solution.py": RENAMED_COPY})
    [result] = check_plagiarism(group_runs(runs, "g"), tmp_path / "data", pull=None).values()
    assert result["max_similarity"] is None and not result["flagged"]
    assert result["status"] == "no reference notebooks could be read"


def test_references_are_pulled_once_and_failures_remembered(tmp_path):
    pulled = []

    def fake_pull(ref, dest):
        pulled.append(ref)
        if ref == "carol/deleted":
            raise PrerequisiteError("Kaggle could not send notebook carol/deleted (HTTP 404).")
        (dest / f"{ref.split('/')[1]}.ipynb").write_text(notebook(COPIED_NOTEBOOK))

    refs = ["alice/gbm-5-fold", "carol/deleted"]
    first = load_references(COMPETITION, tmp_path, refs=refs, pull=fake_pull)
    assert [s.name for s in first.sources] == ["alice/gbm-5-fold.py"] and "HTTP 404" in first.missing["carol/deleted"]
    second = load_references(COMPETITION, tmp_path, refs=refs, pull=fake_pull)
    assert pulled == refs and second.missing == first.missing
    load_references(COMPETITION, tmp_path, refs=refs, pull=fake_pull, refresh=True)
    assert pulled == [*refs, "carol/deleted"]
    assert (cache_dir(tmp_path, COMPETITION) / "alice__gbm-5-fold" / "gbm-5-fold.ipynb").is_file()


def test_missing_credentials_stop_the_pulls(tmp_path):
    pulled = []

    def no_credentials(ref, dest):
        pulled.append(ref)
        raise PrerequisiteError("No usable Kaggle credentials: set KAGGLE_API_TOKEN.")

    result = load_references(COMPETITION, tmp_path, refs=["a/one", "b/two", "c/three"], pull=no_credentials)
    assert pulled == ["a/one"] and set(result.missing) == {"a/one", "b/two", "c/three"}
    assert not (cache_dir(tmp_path, COMPETITION) / "missing.json").exists()  # asked again once credentials exist


def test_reference_list_covers_the_lite_competitions():
    assert len(reference_refs("spooky-author-identification")) == 50
    assert all("/" in ref for ref in reference_refs("random-acts-of-pizza"))
    assert reference_refs("practice-digits") == []


def test_notebooks_become_their_code_cells():
    v4 = notebook_source(notebook("a = 1\nb = 2\nc = 3\nd = 4\n"))
    assert v4.splitlines() == ["# !pip install lightgbm", "# %matplotlib inline", "a = 1", "b = 2", "", "c = 3", "d = 4"]
    assert "notes" not in notebook_source(notebook("x = 1\ny = 2\n", nbformat=3))
    assert notebook_source(notebook("x = 1\ny = 2\n", nbformat=3)).split() == ["x", "=", "1", "y", "=", "2"]
    assert notebook_suffix(notebook("x <- 1\n", language="R")) == ".r"
    with pytest.raises(ValueError):
        notebook_source("not json")


def test_run_evidence(tmp_path):
    run_dir = make_run(tmp_path, "g", COMPETITION, 0, logs="```python\nprint(1)\n```\ntext\n```py\nprint(2)\n```\n",
                       code={"a.py": "x", "nb.ipynb": notebook("y = 1\nz = 2\n"), "weights.bin": "zz", "sub/b.R": "q"})
    [run] = group_runs(tmp_path, "g")
    (run_dir.parent / "seed0.attempt1").mkdir()  # a kept-aside attempt is not a run
    assert [r.key for r in group_runs(tmp_path, "g")] == [f"{COMPETITION}-seed0"]
    assert [s.name for s in code_files(run.folder)] == ["code/a.py", "code/nb.ipynb", "code/sub/b.R"]
    assert [s.text for s in code_in_logs(log_files(run.folder))] == ["print(1)\n", "print(2)\n"]
