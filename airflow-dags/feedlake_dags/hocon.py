"""A small reader for the subset of HOCON that feedlake job files use.

The Airflow scheduler parses DAG files every few seconds, so the DAG logic must not start a JVM
to read the job files; and Airflow workers may not have pyhocon. This module reads what the
`jobs/*.conf` files hold: comments (`#`, `//`), objects with `=`, `:` or none before `{`, dotted
and quoted keys, repeated keys merged as objects, strings (quoted, triple-quoted, unquoted),
numbers, booleans, null, lists, and value concatenation such as `${feedlake.home}"/data"`.
Substitutions are not resolved: they are kept as their source text (`${feedlake.home}`), which
is enough because the DAGs only read the job's `airflow` and `table` keys. `include` is refused.

Every error is a `HoconError` naming the file, the line and what was expected.
"""

from __future__ import annotations

import re

__all__ = ["HoconError", "parse", "parse_file", "leading_comment"]


class HoconError(ValueError):
    """A file that this reader cannot read; the message names the file, the line and why."""


_PUNCT = "{}[]=:,\n"
_UNQUOTED_STOP = set(_PUNCT) | set('"$#') | {" ", "\t", "\r"}


class _Tok:
    __slots__ = ("kind", "text", "line", "space_before")

    def __init__(self, kind: str, text: str, line: int, space_before: bool):
        self.kind = kind  # one of _PUNCT characters, 'str' (quoted), 'word' (unquoted), 'subst'
        self.text = text
        self.line = line
        self.space_before = space_before

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Tok({self.kind!r}, {self.text!r}, line {self.line})"


def _tokens(text: str, name: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, line, n = 0, 1, len(text)
    space = False
    while i < n:
        c = text[i]
        if c in " \t\r\ufeff":
            i += 1
            space = True
            continue
        if c == "#" or text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in _PUNCT:
            out.append(_Tok(c, c, line, space))
            if c == "\n":
                line += 1
            i += 1
            space = False
            continue
        if text.startswith('"""', i):
            end = text.find('"""', i + 3)
            if end < 0:
                raise HoconError(f"{name}:{line}: unterminated triple-quoted string")
            while end + 3 < n and text[end + 3] == '"':  # """a"""" ends with a quote in the value
                end += 1
            value = text[i + 3 : end]
            out.append(_Tok("str", value, line, space))
            line += value.count("\n")
            i = end + 3
            space = False
            continue
        if c == '"':
            j, buf = i + 1, []
            while True:
                if j >= n or text[j] == "\n":
                    raise HoconError(f"{name}:{line}: unterminated quoted string")
                ch = text[j]
                if ch == '"':
                    break
                if ch == "\\":
                    if j + 1 >= n:
                        raise HoconError(f"{name}:{line}: unterminated quoted string")
                    esc = text[j + 1]
                    mapped = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f",
                              '"': '"', "\\": "\\", "/": "/"}
                    if esc == "u":
                        buf.append(chr(int(text[j + 2 : j + 6], 16)))
                        j += 6
                        continue
                    if esc not in mapped:
                        raise HoconError(f"{name}:{line}: invalid escape \\{esc} in a quoted string")
                    buf.append(mapped[esc])
                    j += 2
                    continue
                buf.append(ch)
                j += 1
            out.append(_Tok("str", "".join(buf), line, space))
            i = j + 1
            space = False
            continue
        if text.startswith("${", i):
            end = text.find("}", i)
            if end < 0:
                raise HoconError(f"{name}:{line}: unterminated substitution")
            out.append(_Tok("subst", text[i : end + 1], line, space))
            i = end + 1
            space = False
            continue
        j = i
        while j < n and text[j] not in _UNQUOTED_STOP and not text.startswith("//", j):
            j += 1
        if j == i:
            raise HoconError(f"{name}:{line}: unexpected character {c!r}")
        out.append(_Tok("word", text[i:j], line, space))
        i = j
        space = False
    return out


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")


class _Parser:
    def __init__(self, toks: list[_Tok], name: str):
        self.toks = toks
        self.pos = 0
        self.name = name

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def fail(self, what: str) -> HoconError:
        tok = self.peek()
        line = tok.line if tok else (self.toks[-1].line if self.toks else 1)
        got = "end of file" if tok is None else ("end of line" if tok.kind == "\n" else repr(tok.text))
        return HoconError(f"{self.name}:{line}: expected {what} (got {got})")

    def skip_newlines(self, commas: bool = False) -> None:
        while (t := self.peek()) is not None and (t.kind == "\n" or (commas and t.kind == ",")):
            self.pos += 1

    def document(self) -> dict:
        self.skip_newlines()
        t = self.peek()
        if t is not None and t.kind == "{":
            self.pos += 1
            obj = self.fields("}")
            self.pos += 1
            self.skip_newlines()
            if self.peek() is not None:
                raise self.fail("end of file after the root object")
            return obj
        return self.fields(None)

    def fields(self, closer: str | None) -> dict:
        obj: dict = {}
        while True:
            self.skip_newlines(commas=True)
            t = self.peek()
            if t is None:
                if closer is not None:
                    raise self.fail("'" + closer + "' closing the object")
                return obj
            if closer is not None and t.kind == closer:
                return obj
            path = self.key()
            if path == ["include"]:
                raise HoconError(f"{self.name}:{t.line}: include is not supported by this reader")
            t = self.peek()
            if t is not None and t.kind in "=:":
                self.pos += 1
                value = self.value()
            elif t is not None and t.kind == "{":
                value = self.value()
            else:
                raise self.fail("'=', ':' or '{' after key " + ".".join(path))
            _assign(obj, path, value)
            t = self.peek()
            if t is not None and t.kind not in ",\n" and t.kind != closer:
                raise self.fail("a new line or ',' after the value of " + ".".join(path))

    def key(self) -> list[str]:
        parts: list[str] = []
        pending = ""
        while (t := self.peek()) is not None and t.kind in ("word", "str"):
            if parts or pending:
                if t.space_before:
                    break
            if t.kind == "str":
                pending += t.text
            else:
                segs = t.text.split(".")
                pending += segs[0]
                for s in segs[1:]:
                    parts.append(pending)
                    pending = s
            self.pos += 1
        if not parts and not pending:
            raise self.fail("a key")
        parts.append(pending)
        if any(p == "" for p in parts):
            raise HoconError(f"{self.name}:{self.toks[self.pos - 1].line}: empty key segment in "
                             + ".".join(parts))
        return parts

    def value(self):
        t = self.peek()
        if t is None or t.kind in ",\n}]":
            raise self.fail("a value")
        if t.kind == "{":
            self.pos += 1
            obj = self.fields("}")
            self.pos += 1
            return obj
        if t.kind == "[":
            self.pos += 1
            items = []
            while True:
                self.skip_newlines(commas=True)
                t = self.peek()
                if t is None:
                    raise self.fail("']' closing the list")
                if t.kind == "]":
                    self.pos += 1
                    return items
                items.append(self.value())
                t = self.peek()
                if t is not None and t.kind not in ",\n]":
                    raise self.fail("',' or ']' in a list")
        return self.simple()

    def simple(self):
        pieces: list[_Tok] = []
        while (t := self.peek()) is not None and t.kind in ("word", "str", "subst"):
            pieces.append(t)
            self.pos += 1
        if not pieces:
            raise self.fail("a value")
        if len(pieces) == 1 and pieces[0].kind == "word":
            return _scalar(pieces[0].text)
        if len(pieces) == 1 and pieces[0].kind == "str":
            return pieces[0].text
        text = ""
        for i, p in enumerate(pieces):
            if i and p.space_before:
                text += " "
            text += p.text
        return text


def _scalar(word: str):
    if word == "true":
        return True
    if word == "false":
        return False
    if word == "null":
        return None
    if _NUMBER.fullmatch(word):
        return float(word) if any(c in word for c in ".eE") else int(word)
    return word


def _assign(obj: dict, path: list[str], value) -> None:
    for seg in path[:-1]:
        child = obj.get(seg)
        if not isinstance(child, dict):
            child = {}
            obj[seg] = child
        obj = child
    last = path[-1]
    if isinstance(value, dict) and isinstance(obj.get(last), dict):
        for k, v in value.items():
            _assign(obj[last], [k], v)
    else:
        obj[last] = value


def parse(text: str, name: str = "<string>") -> dict:
    """Parses HOCON text (the subset above) into nested dicts, lists and scalars.

    :param name: the file name used in error messages
    :raises HoconError: with the file and line, when the text is outside the subset
    """
    return _Parser(_tokens(text, name), name).document()


def parse_file(path) -> dict:
    """Parses one file (UTF-8); see `parse`."""
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), str(path))


def leading_comment(text: str, markers: tuple[str, ...] = ("#", "//")) -> str:
    """The comment block at the top of a file (lines starting with one of `markers`; `("--",)`
    for SQL), without the markers, one line per comment line; empty when the file does not start
    with a comment."""
    lines: list[str] = []
    for raw in text.splitlines():
        s = raw.strip()
        marker = next((m for m in markers if s.startswith(m)), None)
        if marker is None:
            break
        lines.append(s[len(marker):].strip())
    return "\n".join(lines).strip()
