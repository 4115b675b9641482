#!/usr/bin/python3
"""Lists functions longer than N lines (default 80) in C++ files: a function is a
top-level or class-level block whose opening line ends with ')... {' (heuristic,
brace counting outside strings and comments). Usage: long_functions.py [-n 80] FILES..."""
import re
import sys


def strip(line, in_comment):
    out, i = [], 0
    while i < len(line):
        if in_comment:
            j = line.find("*/", i)
            if j < 0:
                return "".join(out), True
            i, in_comment = j + 2, False
        elif line.startswith("//", i):
            break
        elif line.startswith("/*", i):
            in_comment, i = True, i + 2
        elif line[i] in "\"'":
            q, i = line[i], i + 1
            while i < len(line) and line[i] != q:
                i += 2 if line[i] == "\\" else 1
            i += 1
        else:
            out.append(line[i])
            i += 1
    return "".join(out), in_comment


HEAD = re.compile(r"\)\s*(const)?\s*(noexcept)?\s*(override)?\s*(->\s*[\w:<>]+\s*)?\{\s*$")
KEYWORDS = re.compile(r"^\s*(if|for|while|switch|catch|else|do)\b|\[[^\]]*\]\s*\(")


def scan(path, limit):
    depth, in_comment, stack, found = 0, False, [], []
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    for no, raw in enumerate(lines, 1):
        code, in_comment = strip(raw, in_comment)
        if HEAD.search(code) and not KEYWORDS.search(code) and not any(s[2] for s in stack):
            stack.append((depth, no, True))
            depth += code.count("{") - code.count("}")
            continue
        for ch in code:
            if ch == "{":
                stack.append((depth, no, False))
                depth += 1
            elif ch == "}":
                depth -= 1
                if stack:
                    d, start, is_fn = stack.pop()
                    if is_fn and no - start + 1 > limit:
                        found.append((path, start, no - start + 1, lines[start - 1].strip()[:70]))
    return found


def main(argv):
    limit = 80
    if argv[:1] == ["-n"]:
        limit, argv = int(argv[1]), argv[2:]
    rows = [r for p in argv for r in scan(p, limit)]
    for path, start, n, head in sorted(rows, key=lambda r: -r[2]):
        print(f"{path}:{start}: {n} lines: {head}")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
