"""The alert rule language: precedence, phrases, NEAR distances, accents, NOT, and errors that point at the spot."""

import pytest

from lantoa.vntext.query import MESSAGES, And, Document, Near, Not, Or, QueryError, Term, parse

DOC = Document(
    [
        "Sạt lở đất ở xã Định Hoá sau mưa lớn",
        "Mưa lớn kéo dài gây sạt lở tại nhiều xã; lực lượng chức năng đã sơ tán người dân.",
        "Chính quyền xã Định Hóa cho biết không có thiệt hại về người.",
    ]
)


def matches(text: str, document: Document = DOC) -> bool:
    return parse(text).matches(document)


def test_bare_words_are_anded_and_or_binds_loosest() -> None:
    assert parse("a OR b c").root == Or((Term(("a",), "a"), And((Term(("b",), "b"), Term(("c",), "c")))))
    assert parse("a b OR c").root == Or((And((Term(("a",), "a"), Term(("b",), "b"))), Term(("c",), "c")))
    assert parse("a AND b").root == parse("a b").root
    assert parse("(a OR b) c").root == And((Or((Term(("a",), "a"), Term(("b",), "b"))), Term(("c",), "c")))


def test_not_binds_tightest() -> None:
    assert parse("NOT a b").root == And((Not(Term(("a",), "a")), Term(("b",), "b")))
    assert parse("b NOT (a OR c)").root == And((Term(("b",), "b"), Not(Or((Term(("a",), "a"), Term(("c",), "c"))))))


def test_near_binds_tighter_than_and() -> None:
    near = Near(Term(("a",), "a"), Term(("b",), "b"), 3)
    assert parse("a NEAR/3 b c").root == And((near, Term(("c",), "c")))
    assert parse("a NEAR b").root == Near(Term(("a",), "a"), Term(("b",), "b"), 10)


def test_accents_and_case_fold_both_ways() -> None:
    assert matches("dinh hoa")
    assert matches("ĐỊNH HOÁ")
    assert matches('"Định Hóa"')  # tone mark placed differently from the text's "Hoá"
    assert not matches("Hà Nội")


def test_phrases_need_the_words_together_and_whole() -> None:
    assert matches('"sạt lở đất"')
    assert not matches('"đất sạt lở"')
    assert not matches('"lở mưa"')
    assert not matches("lo NEAR/0 mua")
    assert matches("“sơ tán” “người dân”")  # curly quotes from a word processor
    assert matches("tan")  # "tán" folded
    assert not matches("ta")  # whole words: not the start of "tán"
    assert not matches('"xa dinh hoa sau mua lon keo"')  # title and lead are separate fields: no phrase across
    assert matches('"xa dinh hoa sau mua lon"')


def test_near_counts_the_words_between_in_either_order() -> None:
    # "Sạt lở đất ở xã Định Hoá": three words between "sạt lở" and "Định Hoá".
    assert matches('"sạt lở" NEAR/3 "Định Hóa"')
    assert not matches('"sạt lở" NEAR/2 "Định Hóa"')
    assert matches('"Định Hóa" NEAR/3 "sạt lở"')
    assert matches("dat NEAR/0 lo")
    # ...and NEAR never pairs words across fields.
    assert matches("dan NEAR/50 nguoi")
    assert not matches("dan NEAR/50 chinh")  # "người dân." ends the lead, "Chính quyền" starts the body
    assert matches("a NEAR b NEAR c", Document(["a x b y c"]))
    assert not matches("a NEAR/1 b NEAR/1 c", Document(["a x b y y c"]))


def test_not_excludes() -> None:
    assert matches('"sạt lở" NOT "diễn tập"')
    assert not matches('"sạt lở" NOT ("diễn tập" OR "sơ tán")')
    assert not matches("sạt lở NOT diễn tập")  # bare words: sạt AND lở AND (NOT diễn) AND tập
    assert matches("NOT bão lũ quét OR mưa")


def test_the_words_of_a_negated_group_are_not_positive_terms() -> None:
    query = parse('"sạt lở" NEAR/5 "Định Hóa" NOT "diễn tập" OR mưa')
    assert [term.text for term in query.terms] == ["sạt lở", "Định Hóa", "mưa"]


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("sạt lở AND (Định Hóa OR Phú Lương", "unclosed_paren", 12),
        ("((a) b", "unclosed_paren", 1),
        ("a) b", "unopened_paren", 2),
        ('lũ "sạt lở', "unclosed_quote", 4),
        ("“sạt lở", "unclosed_quote", 1),
        ("a AND", "missing_operand", 3),
        ("a OR OR b", "missing_operand", 3),
        ("OR b", "missing_left", 1),
        ("a NEAR/x b", "near_distance", 3),
        ("a NEAR/51 b", "near_distance", 3),
        ("a NEAR (b OR c)", "near_operand", 3),
        ("(a OR b) NEAR c", "near_operand", 10),
        ("a ()", "empty_group", 3),
        ('a "…"', "empty_phrase", 3),
        ("   ", "empty", 1),
        ("NOT a", "only_negative", 1),
        ("NOT a OR b", "only_negative", 1),
    ],
)
def test_errors_say_what_and_where(text: str, code: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert (caught.value.code, caught.value.position) == (code, position)
    assert caught.value.message == MESSAGES[code] % caught.value.params


def test_the_unclosed_parenthesis_message_is_vietnamese() -> None:
    with pytest.raises(QueryError) as caught:
        parse("sạt lở AND (Định Hóa OR Phú Lương")
    assert str(caught.value) == "Thiếu dấu ngoặc đóng “)” cho dấu mở ở vị trí 12."


def test_lower_case_operators_are_words() -> None:
    assert parse("rock and roll").root == And((Term(("rock",), "rock"), Term(("and",), "and"), Term(("roll",), "roll")))
