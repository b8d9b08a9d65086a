#!/usr/bin/env python3
"""layers.py SOURCE_ROOT [--list] - the shape of src/ as its own code draws it.

needmap's stages are folders of src/, in the order data flows through them:

    util  read  normalize  ingest  aggregate  analyze  write  pipeline  cli

A file may use (include a header of, or call a function defined in) its
own stage or an earlier one, never a later one; and no files may use each
other in a loop (a circle: the boundary between them is wrong).  A public
header (include/needmap/X.h) belongs to the stage whose sources define what
it declares.

Prints the edges between stages (with --list: every file edge too) and
every rule broken; exits 1 when one is.  A circle listed in OWED is
reported as owed, not broken, until it is gone (then listing it is an
error: take it out).  Reads the code as text: function definitions start
a line, calls are identifiers followed by "(".
"""
import os
import re
import sys

STAGES = ["util", "read", "normalize", "ingest", "aggregate", "analyze", "write", "pipeline",
          "cli"]
RANK = {s: i for i, s in enumerate(STAGES)}
# Headers that define nothing out of line (types, inline functions): their stage.
TYPES_ONLY = {"stamps.h": "util", "parallel.h": "util", "sort.h": "util", "alloc.h": "util", "number.h": "util",
              "record.h": "normalize"}

# Circles known and owed by a change elsewhere: circle -> who mends it, how.
OWED = {}

root = sys.argv[1] if len(sys.argv) > 1 else "."
listing = "--list" in sys.argv
src = os.path.join(root, "src")
inc = os.path.join(root, "include", "needmap")

DEF = re.compile(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b([a-z_][a-z0-9_]*)\s*\([^;]*$")
CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


TOKEN = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def strip(text):
    """Comments, strings and character literals blanked (line breaks kept)."""
    return TOKEN.sub(lambda m: "\n" * m.group(0).count("\n") if m.group(0).startswith("/*")
                     else '""' if m.group(0)[0] == '"' else "' '", text)


def sources():
    for stage in sorted(os.listdir(src)):
        if stage not in RANK:
            continue
        for name in sorted(os.listdir(os.path.join(src, stage))):
            if name.endswith((".c", ".h")):
                yield stage, os.path.join("src", stage, name)


files = {path: stage for stage, path in sources()}
text = {path: strip(open(os.path.join(root, path), encoding="utf-8").read()) for path in files}

defined = {}  # function -> file that defines it (non-static, at the start of a line)
for path, t in text.items():
    if not path.endswith(".c"):
        continue
    for line in t.split("\n"):
        m = DEF.match(line)
        if m and not line.startswith((" ", "\t", "#", "}")) and "=" not in line.split("(")[0]:
            defined.setdefault(m.group(1), path)

header_stage = {}
for name in sorted(os.listdir(inc)):
    decl = strip(open(os.path.join(inc, name), encoding="utf-8").read())
    stages = {files[defined[f]] for f in set(CALL.findall(decl)) if f in defined}
    if not stages and name in TYPES_ONLY:
        stages = {TYPES_ONLY[name]}
    header_stage[name] = stages

broken = []
for name, stages in sorted(header_stage.items()):
    if len(stages) != 1:
        broken.append(f"include/needmap/{name}: defined in {sorted(stages) or 'no stage'}, "
                      "not one")

edges = {}        # (stage, stage) -> list of (file, what)
file_edges = {}   # file -> set of files whose functions it calls
for name, stages in sorted(header_stage.items()):
    body = open(os.path.join(inc, name), encoding="utf-8").read()
    for h in INCLUDE.findall(body):
        if h.startswith("needmap/") and len(stages) == 1:
            for there in header_stage.get(h[len("needmap/"):], ()):
                edges.setdefault((next(iter(stages)), there), []).append(
                    ("include/needmap/" + name, h))
for path, t in text.items():
    here = files[path]
    for h in INCLUDE.findall(t):
        if h.startswith("needmap/"):
            for there in header_stage.get(h[len("needmap/"):], ()):
                edges.setdefault((here, there), []).append((path, h))
    for f in set(CALL.findall(t)):
        d = defined.get(f)
        if d and d != path:
            edges.setdefault((here, files[d]), []).append((path, f + "()"))
            file_edges.setdefault(path, set()).add(d)

print("stage -> stage it uses (files, what):")
for (a, b), uses in sorted(edges.items(), key=lambda e: (RANK[e[0][0]], RANK[e[0][1]])):
    if a == b:
        continue
    print(f"  {a:9} -> {b:9} {len(uses):4} uses, e.g. {uses[0][0]}: {uses[0][1]}")
    if RANK[b] > RANK[a]:
        for path, what in uses:
            broken.append(f"{path} ({a}) uses {what} of a later stage, {b}")

# circles of files: strongly connected components of the call graph
index, low, onstack, stack, sccs, counter = {}, {}, set(), [], [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    onstack.add(v)
    for w in sorted(file_edges.get(v, ())):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in onstack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            onstack.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in sorted(file_edges):
    if v not in index:
        visit(v)
owed = []
for comp in sccs:
    circle = " <-> ".join(comp)
    if circle in OWED:
        owed.append(f"circle: {circle} (owed by {OWED[circle]})")
    else:
        broken.append("circle: " + circle)
for circle in OWED:
    if circle not in (" <-> ".join(c) for c in sccs):
        broken.append(f"OWED lists a circle that is gone: {circle}")

if listing:
    print("file -> files whose functions it calls:")
    for path in sorted(file_edges):
        print(f"  {path} -> {', '.join(sorted(file_edges[path]))}")
for o in owed:
    print("owed - " + o)
for b in broken:
    print("not ok - " + b)
print(f"{len(files)} files in {len({files[p] for p in files})} stages, "
      f"{len(header_stage)} public headers, {len(broken)} rule(s) broken")
sys.exit(1 if broken else 0)
