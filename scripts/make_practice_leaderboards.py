"""Write the practice competitions' leaderboards: a reference field of scikit-learn pipelines, not human teams.

Each competition is prepared by the ordinary machinery into a temporary data folder; every pipeline of its
field is fitted on the public train split, predicts the public test split, and is scored on the hidden answers
by the competition's own grader. The rows are written in Kaggle's leaderboard columns, best first, and the
pins to copy into config.yaml (leaderboard sha256 and size, md5 of every prepared file) are printed.

    python scripts/make_practice_leaderboards.py [competition-id ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    BayesianRidge,
    HuberRegressor,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
)
from sklearn.naive_bayes import BernoulliNB, GaussianNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor, NearestCentroid
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.frames import read_csv
from pytest_mlebench.registry import Competition, Registry
from pytest_mlebench.scoring.grade import score_submission
from pytest_mlebench.scoring.leaderboard import COLUMNS

REPO = Path(__file__).resolve().parent.parent
PRACTICE_IDS = ("practice-breast-cancer", "practice-diabetes", "practice-digits")
SUBMISSION_DATE = "2026-01-01 00:00:00"  # fixed, so that the file is the same on every run
SEED = 0


@dataclasses.dataclass(frozen=True)
class Entry:
    """One reference pipeline; weak ones see only `features`."""

    name: str
    estimator: BaseEstimator
    features: tuple[str, ...] | None = None


@dataclasses.dataclass(frozen=True)
class Task:
    """How a practice competition's public files become a fit/predict problem."""

    target: str
    load: Callable[[Path], tuple[pd.DataFrame, pd.Series, pd.DataFrame, pd.Series]]
    field: Callable[[], list[Entry]]
    predict_probability: bool = False


# --- data ---------------------------------------------------------------------------------------


def load_tabular(
    public: Path, target: str = "target"
) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, pd.Series]:
    """(X_train, y_train, X_test, test ids) from train.csv and test.csv."""
    train, test = read_csv(public / "train.csv"), read_csv(public / "test.csv")
    return train.drop(columns=["id", target]), train[target], test.drop(columns=["id"]), test["id"]


def load_digit_images(public: Path) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, pd.Series]:
    """Pixels of images/<id>.png scaled to [0, 1], one column per pixel (p0 .. p63, row by row)."""
    from PIL import Image  # Pillow arrives with matplotlib, a dependency; only this script reads the images

    def pixels(ids: pd.Series) -> pd.DataFrame:
        rows = [
            np.asarray(Image.open(public / "images" / f"{i}.png"), dtype=float).ravel() / 255 for i in ids
        ]
        return pd.DataFrame(rows, columns=[f"p{k}" for k in range(64)])

    train, test = read_csv(public / "train.csv"), read_csv(public / "test.csv")
    return pixels(train["id"]), train["label"], pixels(test["id"]), test["id"]


def _pixels(rows: range, cols: range) -> tuple[str, ...]:
    return tuple(f"p{r * 8 + c}" for r in rows for c in cols)


def _pool(size: int) -> FunctionTransformer:
    """Mean over size x size blocks of the 8x8 image: a blurrier, weaker view of the digit."""

    def pool(x) -> np.ndarray:
        blocks = np.asarray(x, dtype=float).reshape(-1, 8 // size, size, 8 // size, size)
        return blocks.mean(axis=(2, 4)).reshape(len(blocks), -1)

    return FunctionTransformer(pool)


# --- reference fields ---------------------------------------------------------------------------


def breast_cancer_field() -> list[Entry]:
    def scaled(model: BaseEstimator) -> BaseEstimator:
        return make_pipeline(StandardScaler(), model)

    mean_features = tuple(
        f"mean_{m}"
        for m in (
            "radius",
            "texture",
            "perimeter",
            "area",
            "smoothness",
            "compactness",
            "concavity",
            "concave_points",
            "symmetry",
            "fractal_dimension",
        )
    )
    field = [
        Entry("constant prior", DummyClassifier(strategy="prior")),
        Entry("random guess by class share", DummyClassifier(strategy="stratified", random_state=SEED)),
    ]
    for feature in (
        "texture_error",
        "smoothness_error",
        "symmetry_error",
        "mean_fractal_dimension",
        "mean_smoothness",
        "mean_texture",
        "worst_radius",
    ):
        field.append(Entry(f"logistic regression on {feature}", scaled(LogisticRegression()), (feature,)))
    field += [
        Entry("naive Bayes on two texture features", GaussianNB(), ("mean_texture", "mean_smoothness")),
        Entry("5-NN on mean features, unscaled", KNeighborsClassifier(5), mean_features),
        Entry("1-NN, unscaled", KNeighborsClassifier(1)),
        Entry("naive Bayes", GaussianNB()),
        Entry("linear discriminant analysis", LinearDiscriminantAnalysis()),
        # scikit-learn 1.9 deprecates SVC(probability=True) for this same Platt-style calibration.
        Entry("SVM, RBF kernel, calibrated", scaled(CalibratedClassifierCV(SVC(), ensemble=False))),
        Entry("gradient boosting", GradientBoostingClassifier(random_state=SEED)),
        Entry("histogram gradient boosting", HistGradientBoostingClassifier(random_state=SEED)),
        Entry(
            "random forest, 10 trees of depth 3", RandomForestClassifier(10, max_depth=3, random_state=SEED)
        ),
        Entry("random forest, 200 trees", RandomForestClassifier(200, random_state=SEED)),
        Entry("extra trees, 200 trees", ExtraTreesClassifier(200, random_state=SEED)),
    ]
    for depth in (1, 2, 3, 5, None):
        field.append(
            Entry(
                f"decision tree, depth {depth or 'unlimited'}",
                DecisionTreeClassifier(max_depth=depth, random_state=SEED),
            )
        )
    for k in (1, 3, 5, 15, 51):
        field.append(Entry(f"{k}-NN, scaled", scaled(KNeighborsClassifier(k))))
    for c in (0.001, 0.01, 1.0, 100.0):
        field.append(Entry(f"logistic regression, C={c:g}", scaled(LogisticRegression(C=c, max_iter=5000))))
    return field


def diabetes_field() -> list[Entry]:
    def scaled(model: BaseEstimator) -> BaseEstimator:
        return make_pipeline(StandardScaler(), model)

    field = [
        Entry("constant mean", DummyRegressor(strategy="mean")),
        Entry("constant median", DummyRegressor(strategy="median")),
        Entry("constant 90th percentile", DummyRegressor(strategy="quantile", quantile=0.9)),
    ]
    for features in (
        ("sex",),
        ("age",),
        ("s3",),
        ("bp",),
        ("s5",),
        ("bmi",),
        ("bmi", "s5"),
        ("bmi", "bp", "s5"),
    ):
        field.append(Entry(f"linear regression on {', '.join(features)}", LinearRegression(), features))
    field += [
        Entry("linear regression", LinearRegression()),
        Entry("ridge, alpha 1", scaled(Ridge(alpha=1.0))),
        Entry("ridge, alpha 100", scaled(Ridge(alpha=100.0))),
        Entry("lasso, alpha 1", scaled(Lasso(alpha=1.0))),
        Entry("Bayesian ridge", scaled(BayesianRidge())),
        Entry("Huber regression", scaled(HuberRegressor(max_iter=1000))),
        Entry("SVR, RBF kernel, C=100", scaled(SVR(C=100.0))),
        Entry("gradient boosting", GradientBoostingRegressor(random_state=SEED)),
        Entry(
            "gradient boosting, depth 2, rate 0.05",
            GradientBoostingRegressor(max_depth=2, learning_rate=0.05, random_state=SEED),
        ),
        Entry("histogram gradient boosting", HistGradientBoostingRegressor(random_state=SEED)),
        Entry("random forest, 200 trees", RandomForestRegressor(200, random_state=SEED)),
        Entry(
            "random forest, 200 trees, leaves of 5",
            RandomForestRegressor(200, min_samples_leaf=5, random_state=SEED),
        ),
        Entry(
            "extra trees, 200 trees, leaves of 5",
            ExtraTreesRegressor(200, min_samples_leaf=5, random_state=SEED),
        ),
    ]
    for depth in (1, 2, 3, 5, None):
        field.append(
            Entry(
                f"decision tree, depth {depth or 'unlimited'}",
                DecisionTreeRegressor(max_depth=depth, random_state=SEED),
            )
        )
    for k in (1, 3, 10, 25, 50):
        field.append(Entry(f"{k}-NN, scaled", scaled(KNeighborsRegressor(k))))
    return field


def digits_field() -> list[Entry]:
    field = [
        Entry("constant most frequent digit", DummyClassifier(strategy="most_frequent")),
        Entry("random guess by class share", DummyClassifier(strategy="stratified", random_state=SEED)),
        Entry("uniform random guess", DummyClassifier(strategy="uniform", random_state=SEED)),
        Entry("naive Bayes on the 4 centre pixels", GaussianNB(), _pixels(range(3, 5), range(3, 5))),
        Entry(
            "logistic regression on pixel row 3",
            LogisticRegression(max_iter=2000),
            _pixels(range(3, 4), range(8)),
        ),
        Entry(
            "logistic regression on the left half",
            LogisticRegression(max_iter=2000),
            _pixels(range(8), range(4)),
        ),
        Entry("5-NN on the top half", KNeighborsClassifier(5), _pixels(range(4), range(8))),
        Entry(
            "random forest on 4x4 blocks",
            make_pipeline(_pool(4), RandomForestClassifier(100, random_state=SEED)),
        ),
        Entry(
            "logistic regression on 2x2 blocks", make_pipeline(_pool(2), LogisticRegression(max_iter=2000))
        ),
        Entry("naive Bayes", GaussianNB()),
        Entry("Bernoulli naive Bayes", BernoulliNB()),
        Entry("multinomial naive Bayes", MultinomialNB()),
        Entry("nearest centroid", NearestCentroid()),
        Entry("linear discriminant analysis", LinearDiscriminantAnalysis()),
        Entry("SVM, linear kernel", SVC(kernel="linear")),
        Entry("SVM, RBF kernel", SVC()),
        Entry("SVM, RBF kernel on 2x2 blocks", make_pipeline(_pool(2), SVC())),
        Entry(
            "histogram gradient boosting, 30 rounds",
            HistGradientBoostingClassifier(max_iter=30, random_state=SEED),
        ),
        Entry(
            "random forest, 10 trees of depth 4", RandomForestClassifier(10, max_depth=4, random_state=SEED)
        ),
        Entry("random forest, 200 trees", RandomForestClassifier(200, random_state=SEED)),
        Entry("extra trees, 200 trees", ExtraTreesClassifier(200, random_state=SEED)),
    ]
    for depth in (2, 4, 8, None):
        field.append(
            Entry(
                f"decision tree, depth {depth or 'unlimited'}",
                DecisionTreeClassifier(max_depth=depth, random_state=SEED),
            )
        )
    for k in (1, 3, 5, 15, 51):
        field.append(Entry(f"{k}-NN", KNeighborsClassifier(k)))
    for c in (0.0001, 0.01, 1.0):
        field.append(Entry(f"logistic regression, C={c:g}", LogisticRegression(C=c, max_iter=2000)))
    return field


TASKS = {
    "practice-breast-cancer": Task("target", load_tabular, breast_cancer_field, predict_probability=True),
    "practice-diabetes": Task("target", load_tabular, diabetes_field),
    "practice-digits": Task("label", load_digit_images, digits_field),
}


# --- scoring and the leaderboard ----------------------------------------------------------------


def score_field(competition: Competition, data_dir: Path) -> list[tuple[int, str, float]]:
    """(team id, pipeline name, score) for every pipeline of the competition's field, in field order.

    The team id is the pipeline's 1-based position in its field, so the printed table names each row's pipeline.
    """
    task = TASKS[competition.id]
    outcome = prepare_competition(competition, data_dir, download=None)
    x_train, y_train, x_test, test_ids = task.load(outcome.prepared / "public")
    answers = read_csv(outcome.prepared / competition.answers)
    scores = []
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # Nearest centroid notes that some corner pixels are blank within a class; that is expected here.
        warnings.filterwarnings("ignore", message=".*zero standard deviation", category=UserWarning)
        for team_id, entry in enumerate(task.field(), start=1):
            columns = list(entry.features) if entry.features else list(x_train.columns)
            model = entry.estimator.fit(x_train[columns], y_train)
            if task.predict_probability:
                predictions = model.predict_proba(x_test[columns])[:, 1]
            else:
                predictions = model.predict(x_test[columns])
            path = Path(tmp) / f"{team_id}.csv"
            pd.DataFrame({"id": test_ids, task.target: predictions}).to_csv(path, index=False)
            scores.append((team_id, entry.name, score_submission(competition, path, answers)))
    return scores


def leaderboard_frame(scores: list[tuple[int, str, float]], higher_is_better: bool) -> pd.DataFrame:
    """Kaggle's leaderboard columns, best score first; ties keep the lower team id first."""
    ranked = sorted(scores, key=lambda row: (-row[2] if higher_is_better else row[2], row[0]))
    frame = pd.DataFrame(
        {
            "scoreNullable": [s for _, _, s in ranked],
            "teamId": [t for t, _, _ in ranked],
            "hasTeamName": True,
            "submissionDate": SUBMISSION_DATE,
            "score": [s for _, _, s in ranked],
            "hasScore": True,
        }
    )
    return frame[list(COLUMNS)]


def make_leaderboard(competition: Competition, data_dir: Path) -> str:
    """The text of the competition's leaderboard.csv, prepared and scored under `data_dir`."""
    scores = score_field(competition, data_dir)
    return leaderboard_frame(scores, competition.higher_is_better).to_csv(index=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", default=list(PRACTICE_IDS), help="practice competitions to rebuild")
    args = parser.parse_args(argv)
    registry = Registry(REPO / "competitions")
    for competition_id in args.ids:
        competition = registry.get(competition_id)
        with tempfile.TemporaryDirectory() as data_dir:
            scores = score_field(competition, Path(data_dir))
            outcome = prepare_competition(competition, Path(data_dir), download=None)
            text = leaderboard_frame(scores, competition.higher_is_better).to_csv(index=False)
        path = competition.folder / competition.leaderboard.path
        path.write_text(text)
        data = path.read_bytes()
        print(f"# {competition_id}: {len(scores)} reference pipelines")
        for team_id, name, score in scores:
            print(f"#   team {team_id:>2}: {score:<10g} {name}")
        print(
            f"{competition_id}:\n  leaderboard:\n    sha256: {hashlib.sha256(data).hexdigest()}\n    size: {len(data)}"
        )
        print("  checksums:")
        for side in ("public", "private"):
            print(f"    {side}:")
            for name, info in sorted(outcome.files.items()):
                if name.startswith(f"{side}/") and name != "public/description.md":
                    print(f"      {name.split('/', 1)[1]}: {info['md5']}")


if __name__ == "__main__":
    main()
