"""Make user text inert where it is shown: terminals and spreadsheets (issue 18, point 5).

User strings (names, titles, notes, labels) come from files anyone may have written. Printed raw, an ANSI or
OSC escape sequence in a name recolours or retitles the user's terminal, hides text or plants a link; a cell
starting with ``=`` becomes a formula when a CSV export is opened in a spreadsheet.
"""

from __future__ import annotations

import re

#: C0 controls except tab and newline, DEL, C1 controls (incl. CSI U+009B and OSC U+009D), and the Unicode
#: bidirectional overrides/isolates that reorder what a reader sees ("Trojan Source", CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def terminal_safe(text: str) -> str:
    """``text`` with every control character that a terminal would act on shown as ``\\xNN``/``\\uNNNN``.

    Tab and newline are kept. ESC (so every ANSI CSI/OSC sequence), BEL, backspace, carriage return, the C1
    controls and bidirectional overrides become visible escapes, so the text can be read but never acts.

    Examples
    --------
    >>> terminal_safe("Ana\\x1b]8;;http://evil\\x07Ruiz")
    'Ana\\\\x1b]8;;http://evil\\\\x07Ruiz'
    >>> terminal_safe("plain\\ttext")
    'plain\\ttext'
    """
    return _UNSAFE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def spreadsheet_safe(value: str) -> str:
    """A cell value a spreadsheet will show as text: a leading ``= + - @``, tab or CR gets a ``'`` before it.

    OWASP's CSV-injection advice: prefix such cells with a single quote, which spreadsheets treat as "this is
    text" and do not display. A plain negative number (``-3``, ``-0.5``) is left alone, so numbers stay
    numbers (a number cannot call a function).

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://evil","x")')
    '\\'=HYPERLINK("http://evil","x")'
    >>> spreadsheet_safe("-3.5"), spreadsheet_safe("Ana")
    ('-3.5', 'Ana')
    """
    if value.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_unquote(value: str) -> str:
    """The inverse of :func:`spreadsheet_safe`, for reading a register back: ``'=x`` → ``=x``.

    Only a quote that :func:`spreadsheet_safe` would have added is removed (one ``'`` before a formula
    prefix), so a register → scenario → register round trip gives back the same text, and a name that
    really starts with a quote (``'t Hooft``) keeps it.

    Examples
    --------
    >>> spreadsheet_unquote(spreadsheet_safe("=1+2")), spreadsheet_unquote("'t Hooft")
    ('=1+2', "'t Hooft")
    """
    rest = value[1:]
    if value.startswith("'") and spreadsheet_safe(rest) == value:
        return rest
    return value


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
