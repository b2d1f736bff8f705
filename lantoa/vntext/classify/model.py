"""A linear head: softmax over (hashed features · weights + bias). Stored as a compressed ``.npz``: the weight
matrix in float16 (2**18 × classes), the bias, the class names, a version string and the dev scores (JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lantoa.vntext.classify.features import BITS, Features

MODEL_DIR = Path(__file__).resolve().parent / "models"


@dataclass
class LinearHead:
    name: str
    classes: list[str]
    weights: np.ndarray  # (2**BITS, classes) float16
    bias: np.ndarray  # (classes,) float32
    version: str
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, features: Features) -> np.ndarray:
        rows = self.weights[features.indices].astype(np.float32)
        return np.asarray((features.values @ rows) * features.norm + self.bias, dtype=np.float32)

    def predict_proba(self, features: Features) -> dict[str, float]:
        scores = self.logits(features)
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return {label: round(float(value), 4) for label, value in zip(self.classes, scores, strict=True)}

    def predict(self, features: Features) -> tuple[str, dict[str, float]]:
        probabilities = self.predict_proba(features)
        return max(probabilities, key=probabilities.__getitem__), probabilities

    def save(self, directory: Path = MODEL_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.npz"
        header = json.dumps({"classes": self.classes, "version": self.version, "meta": self.meta}, ensure_ascii=False)
        # int8 with one scale per class: a quarter of float32, and the logits move by well under 1 %.
        weights = self.weights.astype(np.float32)
        scale = np.maximum(np.abs(weights).max(axis=0), 1e-12) / 127.0
        quantised = np.round(weights / scale).astype(np.int8)
        np.savez_compressed(path, qweights=quantised, scale=scale.astype(np.float32), bias=self.bias.astype(np.float32),
                            header=np.array(header))  # fmt: skip
        return path

    @classmethod
    def load(cls, name: str, directory: Path = MODEL_DIR) -> LinearHead:
        path = directory / f"{name}.npz"
        if not path.exists():
            raise FileNotFoundError(f"no model {name!r} at {path}: run `lantoa train`")
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            if "qweights" in data:
                weights = (data["qweights"].astype(np.float32) * data["scale"]).astype(np.float16)
            else:
                weights = data["weights"]
            if weights.shape[0] != 1 << BITS:
                raise ValueError(f"model {name!r} was trained for {weights.shape[0]} buckets, not {1 << BITS}")
            return cls(name, header["classes"], weights, data["bias"], header["version"], header.get("meta", {}))
