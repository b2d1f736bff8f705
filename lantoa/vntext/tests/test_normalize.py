import ast
import unicodedata
from pathlib import Path

from lantoa.vntext import fold, nfc


def test_it_folds_vietnamese_letters_and_tones() -> None:
    assert fold("Thái  Nguyên") == "thai nguyen"
    assert fold("ĐỊNH HÓA") == "dinh hoa"
    assert fold("Phú Bình") == fold("Phu Binh")


def test_it_folds_both_tone_mark_placements_alike() -> None:
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy")


def test_it_folds_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Bắc Kạn")
    assert decomposed != "Bắc Kạn"
    assert fold(decomposed) == "bac kan"
    assert nfc(decomposed) == "Bắc Kạn"


def test_vntext_imports_no_django() -> None:
    package = Path(__file__).resolve().parents[1]
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("django", "lantoa.")) or name.startswith("lantoa.vntext"), (
                    f"{source.name} imports {name}: vntext must stay a pure library"
                )
