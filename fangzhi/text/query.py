"""The search query language: what a reader types into the search box, as a tree.

    巴县 木洞              both (AND by a space)
    巴县 OR 江北           either (OR in capitals, or |)
    巴县 -江北             the first without the second (NOT by a leading -)
    (巴县 | 江北) 码头     parentheses group
    "巴縣"                 exactly as written: not folded (“…” works too)
    chong*                 a Latin word as a prefix
    year:2010-2020 kind:yearbook place:木洞 section:"大事记"   filters

A term is searched as a phrase of any length; the search engine folds it
(``fangzhi.text.fold``) unless it is exact. ``parse_query`` returns a ``Query`` or raises
``QueryError`` with a Chinese message that says what to change; it raises nothing else,
whatever the text (property-tested). Characters that mean something to SQL or to FTS5
(``"``, ``*``, ``NEAR``, ``:``) are only text here: the engine must pass terms as bound
parameters or quoted strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_LENGTH = 1000
MAX_DEPTH = 10  # parentheses inside parentheses

#: Filter fields and their Chinese names (for messages and ``Query.describe``).
FIELDS: dict[str, str] = {
    "work": "作品",
    "kind": "类型",
    "year": "年份",
    "place": "地点",
    "section": "篇目",
    "access": "公开级别",
}

#: Access levels a filter may name (Chinese names are accepted too). State-secret
#: material is never stored with its content, so it is never searched.
ACCESS_LEVELS: dict[str, str] = {"public": "公开", "internal": "内部", "restricted": "受限"}
_ACCESS_ALIASES = {**{v: k for k, v in ACCESS_LEVELS.items()}, "限制": "restricted"}

_QUOTES = {'"': '"＂', "＂": '"＂', "“": "”"}  # opening quote → the closing ones it accepts
_OPEN = "(（"
_CLOSE = ")）"
_BARS = "|｜"
_DASHES = "-－"
_DELIMITERS = frozenset(_OPEN + _CLOSE + _BARS + "".join(_QUOTES))
_FIELD = re.compile(r"([A-Za-z_]+)[:：](.*)", re.DOTALL)
_LATIN_WORD = re.compile(r"[0-9A-Za-z]+")
_YEAR = re.compile(r"(\d{1,4})(?:\s*[-–—~～至到]\s*(\d{1,4}))?")


class QueryError(ValueError):
    """A query that cannot be searched; ``str(error)`` is a message for the reader."""


@dataclass(frozen=True)
class Term:
    """A phrase to find. ``exact``: as written, without folding (typed in quotes).
    ``prefix``: a Latin word and every word that begins with it (typed with a *)."""

    text: str
    exact: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | And | Or | Not


@dataclass(frozen=True)
class Query:
    """A parsed query: the tree, the filters (field → value; ``year`` is ``2020`` or
    ``2010-2020``) and what was typed but ignored (punctuation alone, a stray ``-``)."""

    root: Node
    filters: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    def terms(self) -> list[Term]:
        """The positive terms (not under a NOT), once each, in order: what to highlight."""
        found: list[Term] = []

        def walk(node: Node) -> None:
            if isinstance(node, Term):
                if node not in found:
                    found.append(node)
            elif isinstance(node, And | Or):
                for child in node.children:
                    walk(child)

        walk(self.root)
        return found

    def describe(self) -> str:
        """A short Chinese description for the results page, e.g.
        包含“巴县”和“木洞”，不含“江北”；年份：2010—2020。"""
        text = _describe(self.root, top=True)
        if isinstance(self.root, Term):
            text = "包含" + text
        if self.filters:
            text += "；" + "，".join(
                f"{FIELDS[name]}：{_describe_filter(name, value)}"
                for name, value in self.filters.items()
            )
        if self.ignored:
            text += "；已忽略：" + " ".join(self.ignored)
        return text + "。"


def parse_query(q: str) -> Query:
    """Parse what the reader typed. Raises ``QueryError`` (a Chinese message) for an empty
    query, one over ``MAX_LENGTH`` characters, unbalanced quotes or parentheses, an OR
    without a term on each side, a query with nothing but exclusions, an unknown or
    malformed filter; never any other exception."""
    if not isinstance(q, str):
        raise QueryError("检索式必须是文字。")
    if len(q) > MAX_LENGTH:
        raise QueryError(f"检索式太长（{len(q)} 个字符），最多 {MAX_LENGTH} 个字符。")
    # Control characters (tabs, newlines, NUL …) separate terms like spaces.
    q = "".join(" " if unicodedata.category(c) == "Cc" else c for c in q)
    if not q.strip():
        raise QueryError("请输入要检索的文字。")
    parser = _Parser(_tokens(q))
    root = parser.parse()
    if root is None:
        if parser.filters:
            raise QueryError("请在筛选条件之外输入要检索的文字。")
        shown = "、".join(parser.ignored) or q.strip()
        raise QueryError(f"检索式中没有可检索的文字（{shown}）：请输入汉字、字母或数字。")
    _check_positive(root)
    return Query(root, parser.filters, tuple(parser.ignored))


# --- tokens ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "phrase", "open", "close", "or", "not"
    text: str = ""
    field: str | None = None  # for a word or phrase typed as field:value


def _tokens(q: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in _OPEN:
            tokens.append(_Token("open"))
            i += 1
        elif c in _CLOSE:
            tokens.append(_Token("close"))
            i += 1
        elif c in _BARS:
            tokens.append(_Token("or", c))
            i += 1
        elif c in _QUOTES:
            text, i = _quoted(q, i)
            tokens.append(_Token("phrase", text))
        elif c in _DASHES and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in _CLOSE:
            tokens.append(_Token("not", c))
            i += 1
        else:
            start = i
            while i < n and not (
                q[i].isspace()
                or q[i] in _OPEN
                or q[i] in _CLOSE
                or q[i] in _BARS
                or q[i] in _QUOTES
            ):
                i += 1
            word = q[start:i]
            match = _FIELD.fullmatch(word)
            if match is None:
                tokens.append(_Token("or", word) if word == "OR" else _Token("word", word))
                continue
            name = match.group(1).lower()
            if name not in FIELDS:
                known = "、".join(f"{key}（{label}）" for key, label in FIELDS.items())
                raise QueryError(f"不认识的筛选字段“{match.group(1)}”；可用的字段：{known}。")
            value = match.group(2)
            if not value and i < n and q[i] in _QUOTES:
                value, i = _quoted(q, i)
            if not value.strip():
                raise QueryError(f"筛选条件“{match.group(1)}:”后面缺少值，例如 {_example(name)}。")
            tokens.append(_Token("word", value.strip(), field=name))
    return tokens


def _quoted(q: str, i: int) -> tuple[str, int]:
    """The text of the quoted phrase opening at ``q[i]`` and the index after it."""
    closers = _QUOTES[q[i]]
    for j in range(i + 1, len(q)):
        if q[j] in closers:
            return q[i + 1 : j], j + 1
    raise QueryError(f"引号没有配对：{q[i]}{q[i + 1 : i + 11]}… 缺少结尾的引号。")


def _example(name: str) -> str:
    return {
        "year": "year:2020 或 year:2010-2020",
        "access": "access:public",
        "kind": "kind:yearbook",
    }.get(name, f'{name}:木洞 或 {name}:"木洞镇"')


# --- grammar -----------------------------------------------------------------------------
#   query    := or_expr
#   or_expr  := and_expr (OR and_expr)*
#   and_expr := unary+
#   unary    := NOT unary | primary
#   primary  := "(" or_expr ")" | PHRASE | WORD | FIELD:VALUE


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.filters: dict[str, str] = {}
        self.ignored: list[str] = []

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_expr(depth=0)
        token = self.peek()
        if token is not None:  # only a closing parenthesis stops or_expr early
            raise QueryError("括号没有配对：多了一个“)”。")
        return node

    def or_expr(self, depth: int) -> Node | None:
        alternatives: list[Node | None] = [self.and_expr(depth)]
        while (token := self.peek()) is not None and token.kind == "or":
            self.at += 1
            alternatives.append(self.and_expr(depth))
        if len(alternatives) == 1:
            return alternatives[0]
        if any(a is None for a in alternatives):
            raise QueryError(
                "“OR”（或“|”）两边都要有检索词，例如：巴县 OR 江北。"
                '要检索“OR”这个词本身，请加引号："OR"。'
            )
        return _flatten(Or, [a for a in alternatives if a is not None])

    def and_expr(self, depth: int) -> Node | None:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("or", "close"):
            node = self.unary(depth, negated=False)
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return _flatten(And, parts)

    def unary(self, depth: int, negated: bool) -> Node | None:
        # Counted, not recursed: a thousand dashes must not exhaust the stack. Two
        # exclusions cancel out.
        count = 0
        while (token := self.peek()) is not None and token.kind == "not":
            self.at += 1
            count += 1
        child = self.primary(depth, negated or count > 0)
        return Not(child) if child is not None and count % 2 else child

    def primary(self, depth: int, negated: bool) -> Node | None:
        token = self.tokens[self.at]
        self.at += 1
        if token.kind == "open":
            if depth >= MAX_DEPTH:
                raise QueryError(f"括号嵌套太深：最多 {MAX_DEPTH} 层。")
            node = self.or_expr(depth + 1)
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise QueryError("括号没有配对：缺少“)”。")
            self.at += 1
            return node
        if token.field is not None:
            self.add_filter(token, grouped=depth > 0 or negated)
            return None
        if token.kind == "phrase":
            return self.term(token.text, exact=True)
        # A word: a trailing * makes a Latin word a prefix; elsewhere it adds nothing,
        # since every term already matches inside longer text.
        word = token.text
        stem = word.rstrip("*")
        if stem != word and _LATIN_WORD.fullmatch(unicodedata.normalize("NFKC", stem)):
            return Term(stem, prefix=True)
        return self.term(stem if stem and stem != word else word, exact=False)

    def term(self, text: str, exact: bool) -> Term | None:
        # A term without a letter, digit or character (a lone -, a :, *, quotes with
        # nothing inside) finds nothing useful: say so rather than search for it.
        if not any(c.isalnum() for c in text):
            self.ignored.append(f'"{text}"' if exact else text or '""')
            return None
        return Term(text, exact=exact)

    def add_filter(self, token: _Token, grouped: bool) -> None:
        name = token.field
        assert name is not None
        label = FIELDS[name]
        if grouped:
            raise QueryError(
                f"筛选条件“{name}:{token.text}”要单独写，不能放在括号里、OR 两边或排除（-）之后。"
            )
        value = token.text
        if name == "year":
            value = _year(value)
        elif name == "access":
            level = _ACCESS_ALIASES.get(value, value.lower())
            if level not in ACCESS_LEVELS:
                known = "、".join(f"{k}（{v}）" for k, v in ACCESS_LEVELS.items())
                raise QueryError(f"不认识的公开级别“{value}”；可用的级别：{known}。")
            value = level
        if name in self.filters and self.filters[name] != value:
            raise QueryError(f"筛选条件“{label}”只能写一次。")
        self.filters[name] = value


def _year(value: str) -> str:
    match = _YEAR.fullmatch(unicodedata.normalize("NFKC", value).strip())
    if match is None:
        raise QueryError(f"年份“{value}”看不懂：请写 year:2020 或 year:2010-2020。")
    start, end = match.group(1), match.group(2)
    if end is None:
        return str(int(start))
    if int(start) > int(end):
        raise QueryError(f"年份范围“{value}”起止颠倒：请写 year:{end}-{start}。")
    return f"{int(start)}-{int(end)}"


def _flatten(kind: type[And] | type[Or], parts: list[Node]) -> Node:
    if len(parts) == 1:
        return parts[0]
    children: list[Node] = []
    for part in parts:
        children.extend(part.children if isinstance(part, kind) else (part,))
    return kind(tuple(children))


def _positive(node: Node) -> bool:
    """Whether ``node`` can be searched on its own: it names something to find."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_positive(child) for child in node.children)
    return all(_positive(child) for child in node.children)


def _check_positive(root: Node) -> None:
    def check(node: Node) -> None:
        if isinstance(node, Not):
            check(node.child)
        elif isinstance(node, And | Or):
            if not _positive(node):
                raise QueryError(_ONLY_NEGATIVE)
            for child in node.children:
                check(child)

    if not _positive(root):
        raise QueryError(_ONLY_NEGATIVE)
    check(root)


_ONLY_NEGATIVE = (
    "只有排除条件（-）无法检索：请至少写一个要找的词，例如：巴县 -江北。"
    "OR 的每一边也都要有要找的词。"
)


# --- description -------------------------------------------------------------------------


def _describe(node: Node, top: bool = False) -> str:
    if isinstance(node, Term):
        if node.exact:
            return f"“{node.text}”（原样）"
        if node.prefix:
            return f"以“{node.text}”开头的词"
        return f"“{node.text}”"
    if isinstance(node, Not):
        return "不含" + _describe(node.child)
    if isinstance(node, And):
        positive = [c for c in node.children if not isinstance(c, Not)]
        negative = [c for c in node.children if isinstance(c, Not)]
        text = "和".join(_describe(c) for c in positive)
        if top:
            text = "包含" + text
        if negative:
            text += "，" + "，".join(_describe(c) for c in negative)
        return text if top else f"（{text}）"
    text = "或".join(_describe(c) for c in node.children)
    return "包含" + text if top else f"（{text}）"


def _describe_filter(name: str, value: str) -> str:
    if name == "year":
        return value.replace("-", "—")
    if name == "access":
        return ACCESS_LEVELS.get(value, value)
    return value
