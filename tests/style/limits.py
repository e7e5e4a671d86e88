#!/usr/bin/env python3
"""Size limits of generator/ (issue 10): no source file over 1,000 lines, no function over
100 lines.

A function's length is counted from the line of its name to its closing brace, both
included. Functions are found by a small C lexer (comments, strings, character literals
and preprocessor lines skipped): a brace opened at file level whose text since the last
file-level `;` or `}` ends with `)` and holds no `=` opens a function body (so
initialisers, structs and enums are not functions).

    limits.py FILE|DIR...      prints "file:line: ..." per offender; exit 1 if any
    limits.py --selftest       checks the counting on made-up files at the limits
"""
import os
import re
import sys
import tempfile

MAX_FILE_LINES = 1000
MAX_FUNCTION_LINES = 100


def strip_code(text):
    """text with comments, string and character literals and preprocessor lines blanked
    out (newlines kept, so line numbers stay right)."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#" or (line_start and c in " \t" and
                                       text[i:].lstrip(" \t").startswith("#")):
            # a preprocessor line, with its backslash continuations
            while i < n:
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append("\n")
                    i += 2
                    continue
                if text[i] == "\n":
                    break
                i += 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:end]))
            i = end
            line_start = False
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " + c)
            i = j + 1
            line_start = False
            continue
        out.append(c)
        line_start = c == "\n"
        i += 1
    return "".join(out)


def functions(text):
    """(name, first line, last line) of every function defined in text."""
    code = strip_code(text)
    found = []
    depth = 0
    header = []          # file-level text since the last ; or }
    header_pos = 0       # offset where that text starts
    start = None         # (name, line) of the function being read
    line = 1
    for pos, c in enumerate(code):
        if c == "\n":
            line += 1
        if depth == 0:
            if c == "{":
                head = "".join(header)
                if head.rstrip().endswith(")") and "=" not in head:
                    m = re.search(r"([A-Za-z_]\w*)\s*\(", head)
                    name = m.group(1) if m else "?"
                    name_line = code.count("\n", 0, header_pos + (m.start(1) if m else 0)) + 1
                    start = (name, name_line)
                else:
                    start = None
                depth = 1
            elif c in ";}":
                header, header_pos = [], pos + 1
            else:
                if not header and c.isspace():
                    header_pos = pos + 1
                    continue
                header.append(c)
        else:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    if start:
                        found.append((start[0], start[1], line))
                    start = None
                    header, header_pos = [], pos + 1
    return found


def check_file(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    problems = []
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if lines > MAX_FILE_LINES:
        problems.append(f"{path}:1: {lines} lines (limit {MAX_FILE_LINES})")
    for name, first, last in functions(text):
        length = last - first + 1
        if length > MAX_FUNCTION_LINES:
            problems.append(f"{path}:{first}: function {name} is {length} lines "
                            f"(limit {MAX_FUNCTION_LINES})")
    return problems


def sources(args):
    for a in args:
        if os.path.isdir(a):
            for root, dirs, files in os.walk(a):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith((".c", ".h")):
                        yield os.path.join(root, f)
        else:
            yield a


def function_text(name, body_lines):
    """a function whose definition, name line to closing brace, is body_lines + 4 lines"""
    body = "".join(f"    x += {k}; /* { '{' } */\n" for k in range(body_lines))
    return f"static int\n{name}(int x)\n{{\n{body}    return x;\n}}\n"


def selftest():
    """The counting at the limits, on made-up files. Prints ok/not ok lines."""
    results = []
    with tempfile.TemporaryDirectory() as d:
        def case(label, text, expect):
            p = os.path.join(d, "case.c")
            with open(p, "w") as f:
                f.write(text)
            got = check_file(p)
            good = [bool(g) for g in got] == expect if isinstance(expect, list) else \
                len(got) == expect
            results.append((good, label, got))

        # name line to closing brace: "fn(int x)" + "{" + body + "return" + "}"
        case("a function of 100 lines passes", function_text("fn", 96), 0)
        case("a function of 101 lines fails", function_text("fn", 97), 1)
        case("an initialiser of 200 lines is not a function",
             "static const int t[] = {\n" + "1,\n" * 200 + "};\n", 0)
        case("a struct of 200 lines is not a function",
             "struct s {\n" + "int a;\n" * 200 + "};\n", 0)
        case("braces in strings and comments do not count",
             function_text("a", 50).replace("return x;", 'return x + "}}}"[0]; /* } */')
             + function_text("b", 50), 0)
        case("a file of 1,000 lines passes", "int x;\n" * 1000, 0)
        case("a file of 1,001 lines fails", "int x;\n" * 1001, 1)
        p = os.path.join(d, "named.c")
        with open(p, "w") as f:
            f.write("int y;\n\n" + function_text("long_one", 120))
        got = check_file(p)
        results.append((got == [f"{p}:4: function long_one is 124 lines (limit 100)"],
                        "an offender is named by file, line and function", got))
    for good, label, got in results:
        print(("ok - " if good else "not ok - ") + "limits self-test: " + label +
              ("" if good else f" (got {got})"))
    return all(g for g, _, _ in results)


def main(argv):
    if argv[1:] == ["--selftest"]:
        return 0 if selftest() else 1
    problems = []
    for path in sources(argv[1:]):
        problems += check_file(path)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
