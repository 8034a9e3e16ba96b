"""OpenVaccine: 10% of Kaggle's training sequences (drawn among those passing SN_filter) become the test set.

Answers hold one row per base (`<id>_<position>`), with `keep` marking the scored positions (the first
`seq_scored`); the others carry zeros.
"""

from pathlib import Path

import pandas as pd

TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
FLOAT_FORMAT = "%.10f"


def prepare(raw: Path, public: Path, private: Path) -> None:
    train = pd.read_json(raw / "train.json", lines=True)
    test_columns = list(pd.read_json(raw / "test.json", lines=True).columns)
    sample_columns = set(pd.read_csv(raw / "sample_submission.csv").columns)
    if sample_columns != {"id_seqpos", *TARGETS}:
        raise ValueError(f"raw/sample_submission.csv has columns {sorted(sample_columns)}, not id_seqpos and the targets.")

    n_test = int(len(train) * 0.1)
    test_labels = train[train["SN_filter"] > 0].sample(n=n_test, random_state=0).index
    is_test = train.index.isin(test_labels)
    new_train, new_test = train[~is_test], train[is_test]

    answers = pd.DataFrame(_answer_records(new_test), columns=["id_seqpos", *TARGETS, "keep"])
    answers.to_csv(private / "test.csv", float_format=FLOAT_FORMAT, index=False)
    sample = answers[["id_seqpos", *TARGETS]].assign(**{target: 0.0 for target in TARGETS})
    sample.to_csv(public / "sample_submission.csv", float_format=FLOAT_FORMAT, index=False)

    new_train.assign(index=range(len(new_train))).to_json(public / "train.json", orient="records", lines=True)
    public_test = new_test[test_columns].assign(index=range(len(new_test)))
    public_test.to_json(public / "test.json", orient="records", lines=True)


def _answer_records(new_test: pd.DataFrame) -> list[dict]:
    records = []
    for row in new_test.itertuples(index=False):
        scored, length = row.seq_scored, row.seq_length
        for target in TARGETS:
            if len(getattr(row, target)) != scored:
                raise ValueError(f"Sequence {row.id}: {target} has {len(getattr(row, target))} values, not {scored}.")
        if scored >= length:
            raise ValueError(f"Sequence {row.id}: seq_scored {scored} is not below seq_length {length}.")
        for j in range(scored):
            records.append({"id_seqpos": f"{row.id}_{j}", **{t: getattr(row, t)[j] for t in TARGETS}, "keep": True})
        for j in range(scored, length):
            records.append({"id_seqpos": f"{row.id}_{j}", **{t: 0.0 for t in TARGETS}, "keep": False})
    return records
