"""The alert rule language: keywords and phrases with AND, OR, NOT, NEAR/n and parentheses, accent-insensitive.

Syntax (what an officer writes; the rule form shows the same summary):

- ``lũ quét`` — bare words; words next to each other without an operator must all appear (implicit AND);
- ``"sạt lở đất"`` — a phrase: these words, in this order, next to each other (“curly” quotes work too);
- ``AND``, ``OR``, ``NOT`` — upper case only, so that the English words "and"/"or" in a text stay searchable;
- ``"sạt lở" NEAR/5 "Định Hóa"`` — both, with at most 5 words between them, in either order (``NEAR`` alone: 10);
- ``( … )`` — grouping.

Precedence, tightest first: NOT, NEAR, AND (written or implicit), OR. So ``a OR b c`` is ``a OR (b AND c)`` and
``NOT a b`` is ``(NOT a) AND b``. Matching folds accents and case on both sides (``dinh hoa`` finds “Định Hoá”) and
compares whole words: ``lo`` does not match inside ``lớp``.

Errors are ``QueryError`` with a code, the 1-based character position and a Vietnamese message, so that a form can
point at the mistake. Pure Python, no Django: the worker evaluates thousands of items per tick with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from lantoa.vntext.normalize import clean_text, fold

__all__ = [
    "DEFAULT_NEAR",
    "MAX_NEAR",
    "MESSAGES",
    "And",
    "Document",
    "Near",
    "Node",
    "Not",
    "Or",
    "Query",
    "QueryError",
    "Term",
    "parse",
    "words_of",
]

DEFAULT_NEAR = 10
MAX_NEAR = 50
# Between two fields of a document (title, lead, body) so that NEAR never pairs words across them.
_FIELD_GAP = MAX_NEAR + 1
_WORD = re.compile(r"\w+")
_QUOTES = frozenset('"“”')
_NEAR = re.compile(r"NEAR(?:/(\S*))?$")
_SPECIAL = set('()"“”')

#: Vietnamese messages by error code; ``%(position)d`` is 1-based. The Django form has the same texts as msgids.
MESSAGES = {
    "empty": "Biểu thức trống: hãy nhập ít nhất một từ khóa.",
    "unclosed_quote": "Thiếu dấu ngoặc kép đóng cho dấu mở ở vị trí %(position)d.",
    "unclosed_paren": "Thiếu dấu ngoặc đóng “)” cho dấu mở ở vị trí %(position)d.",
    "unopened_paren": "Dấu ngoặc đóng “)” ở vị trí %(position)d không có dấu mở tương ứng.",
    "empty_phrase": "Cụm từ trong ngoặc kép ở vị trí %(position)d không có từ nào.",
    "empty_group": "Cặp ngoặc mở ở vị trí %(position)d không chứa từ khóa nào.",
    "missing_operand": "Thiếu từ khóa sau “%(token)s” ở vị trí %(position)d.",
    "missing_left": "Thiếu từ khóa trước “%(token)s” ở vị trí %(position)d.",
    "near_operand": "NEAR ở vị trí %(position)d chỉ nối hai từ hoặc hai cụm từ, không nối nhóm hay NOT.",
    "near_distance": "Khoảng cách của NEAR ở vị trí %(position)d không hợp lệ: viết NEAR/5 (từ 0 đến 50).",
    "only_negative": "Biểu thức chỉ có NOT: cần ít nhất một từ khóa phải xuất hiện.",
}


class QueryError(ValueError):
    def __init__(self, code: str, position: int, token: str = "") -> None:
        self.code = code
        self.position = position  # 1-based, as the officer counts characters
        self.token = token
        super().__init__(self.message)

    @property
    def params(self) -> dict[str, object]:
        return {"position": self.position, "token": self.token}

    @property
    def message(self) -> str:
        return MESSAGES[self.code] % self.params


def words_of(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: how both queries and documents are split."""
    return tuple(_WORD.findall(fold(clean_text(text))))


# --------------------------------------------------------------------------------------------------------------
# Documents


class Document:
    """An item's text, folded and split once, shared by every rule evaluated against it."""

    def __init__(self, fields: Iterable[str]) -> None:
        words: list[str] = []
        for text in fields:
            if words:
                words.extend([""] * _FIELD_GAP)  # empty words never equal a query word
            words.extend(words_of(text))
        self.words = words
        # Space-delimited so that a phrase test is one substring search for " w1 w2 " (whole words only).
        self.joined = " " + " ".join(words) + " "

    @cached_property
    def _index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for position, word in enumerate(self.words):
            if word:
                index.setdefault(word, []).append(position)
        return index

    def contains(self, words: Sequence[str]) -> bool:
        return f" {' '.join(words)} " in self.joined

    def starts(self, words: Sequence[str]) -> list[int]:
        """Positions where the phrase ``words`` begins."""
        first = self._index.get(words[0], [])
        if len(words) == 1:
            return first
        size = len(words)
        return [start for start in first if tuple(self.words[start : start + size]) == tuple(words)]


# --------------------------------------------------------------------------------------------------------------
# Syntax tree


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    text: str  # as written, for messages and highlighting

    def matches(self, document: Document) -> bool:
        return document.contains(self.words)


@dataclass(frozen=True)
class Not:
    child: Node

    def matches(self, document: Document) -> bool:
        return not self.child.matches(document)


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]

    def matches(self, document: Document) -> bool:
        return all(child.matches(document) for child in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]

    def matches(self, document: Document) -> bool:
        return any(child.matches(document) for child in self.children)


@dataclass(frozen=True)
class Near:
    left: Term
    right: Term
    distance: int  # at most this many words between the two, in either order

    def matches(self, document: Document) -> bool:
        # The cheap substring tests first: most documents lack one of the two terms altogether.
        if not (self.left.matches(document) and self.right.matches(document)):
            return False
        lefts, rights = document.starts(self.left.words), document.starts(self.right.words)
        left_size, right_size = len(self.left.words), len(self.right.words)
        for a in lefts:
            for b in rights:
                gap = b - (a + left_size) if a <= b else a - (b + right_size)
                if 0 <= gap <= self.distance:
                    return True
        return False


Node = Term | Not | And | Or | Near


def _purely_negative(node: Node) -> bool:
    """True when the node can match a document only by what it lacks (it would match almost everything)."""
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(_purely_negative(child) for child in node.children)
    if isinstance(node, Or):
        return any(_purely_negative(child) for child in node.children)
    return False


# --------------------------------------------------------------------------------------------------------------
# Tokens and parser


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "phrase", "(", ")", "AND", "OR", "NOT", "NEAR", "end"
    text: str
    position: int  # 0-based
    distance: int = 0


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    opened: list[int] = []
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char.isspace():
            index += 1
        elif char in _QUOTES:
            # Word processors turn " into “ and ”: after a curly opening quote, either closing quote ends the phrase.
            closers = '"' if char == '"' else '"”'
            ends = [found for found in (text.find(closer, index + 1) for closer in closers) if found >= 0]
            if not ends:
                raise QueryError("unclosed_quote", index + 1)
            close = min(ends)
            tokens.append(_Token("phrase", text[index + 1 : close], index))
            index = close + 1
        elif char == "(":
            opened.append(index)
            tokens.append(_Token("(", char, index))
            index += 1
        elif char == ")":
            if not opened:
                raise QueryError("unopened_paren", index + 1)
            opened.pop()
            tokens.append(_Token(")", char, index))
            index += 1
        else:
            end = index
            while end < size and not text[end].isspace() and text[end] not in _SPECIAL:
                end += 1
            raw = text[index:end]
            near = _NEAR.match(raw)
            if raw in {"AND", "OR", "NOT"}:
                tokens.append(_Token(raw, raw, index))
            elif near:
                distance_text = near.group(1)
                if distance_text is None:
                    distance = DEFAULT_NEAR
                # isdecimal, not isdigit: "²" is a digit that int() refuses; the length bounds int()'s work.
                elif distance_text.isdecimal() and len(distance_text) <= 4 and int(distance_text) <= MAX_NEAR:
                    distance = int(distance_text)
                else:
                    raise QueryError("near_distance", index + 1, raw)
                tokens.append(_Token("NEAR", raw, index, distance))
            elif words_of(raw):
                tokens.append(_Token("word", raw, index))
            # else punctuation between words ("a - b", "a, b"): nothing to match, so nothing to say about it
            index = end
    if opened:
        raise QueryError("unclosed_paren", opened[-1] + 1)
    tokens.append(_Token("end", "", size))
    return tokens


_STARTS_OPERAND = {"word", "phrase", "(", "NOT"}


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise QueryError("empty", 1)
        node = self.or_expression()
        token = self.current
        if token.kind != "end":  # only ")" can be left here, and the tokenizer has matched every ")" already
            raise QueryError("unopened_paren", token.position + 1)
        return node

    def operand_after(self, operator: _Token) -> None:
        if self.current.kind not in _STARTS_OPERAND:
            raise QueryError("missing_operand", operator.position + 1, operator.text)

    def or_expression(self) -> Node:
        children = [self.and_expression()]
        while self.current.kind == "OR":
            self.operand_after(self.take())
            children.append(self.and_expression())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expression(self) -> Node:
        children = [self.not_expression()]
        while True:
            if self.current.kind == "AND":
                self.operand_after(self.take())
            elif self.current.kind not in _STARTS_OPERAND:
                break
            children.append(self.not_expression())
        return children[0] if len(children) == 1 else And(tuple(children))

    def not_expression(self) -> Node:
        if self.current.kind == "NOT":
            operator = self.take()
            self.operand_after(operator)
            return Not(self.not_expression())
        return self.near_expression()

    def near_expression(self) -> Node:
        first = self.primary()
        pairs: list[Node] = []
        left = first
        while self.current.kind == "NEAR":
            operator = self.take()
            self.operand_after(operator)
            if self.current.kind in {"(", "NOT"} or not isinstance(left, Term):
                raise QueryError("near_operand", operator.position + 1, operator.text)
            right = self.primary()
            assert isinstance(right, Term)  # noqa: S101 - primary() gives a Term for "word" and "phrase"
            # "a NEAR b NEAR c": every neighbouring pair must be near.
            pairs.append(Near(left, right, operator.distance))
            left = right
        if not pairs:
            return first
        return pairs[0] if len(pairs) == 1 else And(tuple(pairs))

    def primary(self) -> Node:
        token = self.current
        if token.kind in {"AND", "OR", "NEAR"}:
            raise QueryError("missing_left", token.position + 1, token.text)
        if token.kind == "(":
            self.take()
            if self.current.kind == ")":
                raise QueryError("empty_group", token.position + 1)
            node = self.or_expression()
            self.take()  # the ")": balanced by the tokenizer, and or_expression stops only at ")" or the end
            return node
        if token.kind in {"word", "phrase"}:
            self.take()
            words = words_of(token.text)
            if not words:
                # A phrase of punctuation only ("…"): nothing could ever match it.
                raise QueryError("empty_phrase", token.position + 1, token.text)
            return Term(words, token.text)
        # Unreachable while every operator checks its operand first (operand_after); kept as a clear error.
        raise QueryError("missing_operand", token.position + 1, token.text)


@dataclass(frozen=True)
class Query:
    text: str
    root: Node
    terms: tuple[Term, ...] = field(default=())

    def matches(self, document: Document) -> bool:
        return self.root.matches(document)


def _positive_terms(node: Node, negated: bool = False) -> list[Term]:
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Not):
        return _positive_terms(node.child, not negated)
    if isinstance(node, Near):
        return [] if negated else [node.left, node.right]
    return [term for child in node.children for term in _positive_terms(child, negated)]


def parse(text: str) -> Query:
    """Parse a rule; raise ``QueryError`` (code, 1-based position, Vietnamese message) on bad input."""
    root = _Parser(_tokens(text)).parse()
    if _purely_negative(root):
        raise QueryError("only_negative", 1)
    return Query(text=text, root=root, terms=tuple(dict.fromkeys(_positive_terms(root))))
