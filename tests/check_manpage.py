#!/usr/bin/env python3
"""check_manpage.py - the manual page cannot drift from the program: every flag that
`losslens --help` prints is the heading of an item (.TP) of the page, and so is every key of
the key table (src/lecture/keymap.c, as --help prints it in its last section), its text
compared with runs of blanks made one.

usage: check_manpage.py PATH/TO/losslens PATH/TO/losslens.1
"""
import re
import subprocess
import sys

# The roff escapes the page uses for the key table's characters.
GLYPHS = {"->": "\u2192", "<-": "\u2190", "ua": "\u2191", "da": "\u2193", "mi": "\u2212",
          "en": "\u2013", "em": "\u2014", "mu": "\u00d7", "+-": "\u00b1"}
ALTERNATING = {"BI", "BR", "IB", "IR", "RB", "RI"}


def roff_text(s):
    """The text a roff line shows: font changes dropped, escapes resolved."""
    s = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", s)
    s = re.sub(r"\\\((..)", lambda m: GLYPHS.get(m.group(1), "?"), s)
    s = s.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    return s


def macro_args(s):
    """A macro line's arguments: blank-separated, "quoted" ones may hold blanks."""
    args, cur, quoted, had = [], "", False, False
    for ch in s:
        if ch == '"':
            quoted, had = not quoted, True
        elif ch in " \t" and not quoted:
            if cur or had:
                args.append(cur)
            cur, had = "", False
        else:
            cur += ch
    if cur or had:
        args.append(cur)
    return args


def heading_text(line):
    """The text of a .TP item's heading line."""
    if not line.startswith("."):
        return roff_text(line)
    name, _, rest = line[1:].partition(" ")
    args = [roff_text(a) for a in macro_args(rest)]
    return ("" if name in ALTERNATING else " ").join(args)


def squeeze(s):
    return " ".join(s.split())


def main():
    binary, page = sys.argv[1], sys.argv[2]
    help_text = subprocess.run([binary, "--help"], check=True, capture_output=True,
                               text=True).stdout
    lines = open(page, encoding="utf-8").read().split("\n")
    headings = [heading_text(lines[i + 1]) for i in range(len(lines) - 1)
                if lines[i].startswith(".TP")]
    failed = 0

    flags = sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", help_text)))
    heading_flags = set()
    for h in headings:
        heading_flags.update(re.findall(r"(?<![\w-])--[a-z][a-z-]*", h))
    for flag in flags:
        if flag not in heading_flags:
            print(f"FAIL flag {flag}: --help prints it, no item of the manual page has it")
            failed += 1

    # The key section: rows "  KEYS<blanks>DESCRIPTION", the descriptions in one column (the
    # only column where every row has two blanks and then text).
    section = help_text.split("keys and mouse in the window")[1].split("\n")[1:]
    rows = [r for r in section if r.startswith("  ")]
    cols = None
    for r in rows:
        here = {i for i in range(4, len(r)) if r[i - 2:i] == "  " and r[i] != " "}
        cols = here if cols is None else cols & here
    if not rows or not cols:
        print("FAIL keys: cannot find the key table in --help")
        return 1
    col = min(cols)
    keys = [squeeze(r[:col]) for r in rows]
    heading_set = {squeeze(h) for h in headings}
    for key in keys:
        if key not in heading_set:
            print(f"FAIL key '{key}': in the key table, no item of the manual page has it")
            failed += 1

    print(f"check_manpage: {len(flags)} flags, {len(keys)} keys, {failed} missing")
    return 1 if failed or len(flags) < 20 or len(keys) < 20 else 0


if __name__ == "__main__":
    sys.exit(main())
