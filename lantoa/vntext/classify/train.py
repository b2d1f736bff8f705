"""Training helpers: texts → sparse matrix of the shared features → scikit-learn logistic regression → LinearHead.

scikit-learn is needed only here (``lantoa train``); prediction needs numpy alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from lantoa.vntext.classify.features import BITS, featurize
from lantoa.vntext.classify.model import LinearHead


def matrix(texts: Sequence[str]) -> Any:
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        features = featurize(text)
        rows.append(np.full(len(features.indices), row, dtype=np.int32))
        cols.append(features.indices.astype(np.int32))
        values.append(np.full(len(features.indices), features.norm, dtype=np.float32))
    return sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), 1 << BITS)
    )


def fit(
    name: str,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    c: float = 4.0,
    class_weight: str | dict[str, float] | None = None,
    meta: dict[str, Any] | None = None,
) -> LinearHead:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    features = matrix(texts)
    model = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight, solver="lbfgs")
    model.fit(features, list(labels))
    classes = [str(label) for label in model.classes_]
    coefficients = model.coef_.T.astype(np.float32)
    bias = model.intercept_.astype(np.float32)
    if len(classes) == 2:  # scikit-learn keeps one column for two classes: spread it as a symmetric softmax
        coefficients = np.hstack([-coefficients / 2, coefficients / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2], dtype=np.float32)
    digest = hashlib.sha1(coefficients.tobytes()).hexdigest()[:8]  # noqa: S324 - a version tag, not security
    return LinearHead(name, classes, coefficients.astype(np.float16), bias, f"{name}-{digest}", meta or {})
