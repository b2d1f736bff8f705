"""Training helpers: texts → sparse matrix of the shared features → a scikit-learn linear model → LinearHead.

scikit-learn is needed only here (``lantoa train``); prediction needs numpy alone.

A head may rescale the shared features bucket by bucket (``scale="idf"``: inverse document frequency in its own
training texts) and still be one linear head: the scale is folded into its weights, the featuriser (and its
norm) stays the one every head shares.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

from lantoa.vntext.classify.features import BITS, featurize
from lantoa.vntext.classify.model import LinearHead


def matrix(texts: Sequence[str]) -> Any:
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        features = featurize(text)
        rows.append(np.full(len(features.indices), row, dtype=np.int32))
        cols.append(features.indices.astype(np.int32))
        values.append(features.values * np.float32(features.norm))
    return sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), 1 << BITS)
    )


def idf(features: Any) -> np.ndarray:
    """Smoothed inverse document frequency of each bucket (scikit-learn's formula), 1.0 for unseen buckets."""
    documents = np.bincount(sparse.csr_matrix(features).indices, minlength=features.shape[1])
    return np.asarray(np.log((1 + features.shape[0]) / (1 + documents)) + 1, dtype=np.float32)


def fit(
    name: str,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    c: float = 4.0,
    class_weight: str | dict[str, float] | None = None,
    scale: str | None = None,
    model: str = "logreg",
    meta: dict[str, Any] | None = None,
    features: Any = None,
) -> LinearHead:
    """``scale``: None or "idf"; ``model``: "logreg" (softmax probabilities) or "svm" (LinearSVC, one-vs-rest; the
    margins stand in for logits: the argmax is right, the "probabilities" are not calibrated). ``features``: the
    ``matrix(texts)`` when the caller has it already."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    full = matrix(texts) if features is None else sparse.csr_matrix(features)
    factors = idf(full) if scale == "idf" else np.ones(full.shape[1], dtype=np.float32)
    if scale not in (None, "idf"):
        raise ValueError(f"unknown scale {scale!r}")
    used = np.unique(full.indices)  # train on the buckets in use only (same solution, far faster); the rest stay 0
    inputs = full[:, used].multiply(factors[used]).tocsr()
    if model == "logreg":
        estimator = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight, solver="lbfgs")
    elif model == "svm":
        estimator = LinearSVC(C=c, class_weight=class_weight)
    else:
        raise ValueError(f"unknown model {model!r}")
    estimator.fit(inputs, list(labels))
    classes = [str(label) for label in estimator.classes_]
    coefficients = np.zeros((full.shape[1], estimator.coef_.shape[0]), dtype=np.float32)
    coefficients[used] = (estimator.coef_.T * factors[used, None]).astype(np.float32)
    bias = np.atleast_1d(estimator.intercept_).astype(np.float32)
    if len(classes) == 2:  # scikit-learn keeps one column for two classes: spread it as a symmetric softmax
        coefficients = np.hstack([-coefficients / 2, coefficients / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2], dtype=np.float32)
    digest = hashlib.sha1(coefficients.tobytes()).hexdigest()[:8]  # noqa: S324 - a version tag, not security
    return LinearHead(name, classes, coefficients.astype(np.float16), bias, f"{name}-{digest}", meta or {})
