#!/usr/bin/env python3
"""check_layers.py - the folders under src/ are layers, and includes only point down.

Reads every `#include "..."` and `#include <...>` under src/ and fails, naming the file and
line, on:
  1. an include cycle between modules (a module is foo.c with its foo.h and its private
     foo_impl.h or foo_internal.h: `a.c -> b.h` and `b.c -> a.h` is a cycle even though no
     header includes itself);
  2. a display-free folder including SDL, SDL_ttf, FreeType, OpenGL, epoxy, libpng, zlib or
     giflib headers,
     or anything from src/render or src/app;
  3. a folder including a folder of a higher layer (the table below, low to high);
  4. a folder under src/ that the table does not list (add it, with its layer).

usage: check_layers.py [SOURCE_ROOT]     (default: the directory above tests/)
"""
import os
import re
import sys

# The layers, low to high: a folder may include its own files and those of lower layers.
# (folder, display_free, what it holds)
LAYERS = [
    ('util', True, 'text (UTF-8), output files, the data directory lookup: libc only'),
    ('expr', True, 'typed expressions: parser, derivatives, GLSL text (landscapes use them)'),
    ('landscape', True, 'the test functions as data: f, gradient, Hessian, critical points'),
    ('optim', True, 'one file per optimizer behind one interface, schedules'),
    ('run', True, 'a run of an optimizer on a landscape, minibatches, seeded noise'),
    ('analysis', True, 'critical points, classification, contours'),
    ('ui', True, 'immediate-mode widgets, layout, the loss plot model'),
    ('lecture', True, 'scenes, options, session, panel, readout, headless, view math'),
    ('figure', True, 'composes a figure over the Canvas: panes, legends, HUD, overlays'),
    ('render', False, 'the Canvas backends: OpenGL and CPU, fonts, PNG'),
    ('app', False, 'main, window (a module loaded for a window), input, exports: SDL lives here'),
]
RANK = {folder: i for i, (folder, _, _) in enumerate(LAYERS)}
DISPLAY_FREE = {folder for folder, free, _ in LAYERS if free}
DISPLAY_FOLDERS = {'render', 'app'}

# System headers a display-free folder must not include.
DISPLAY_HEADERS = re.compile(
    r'^(SDL2?/|SDL[_.]|GL/|GLES\d*/|EGL/|epoxy/|png\.h$|pngconf\.h$|libpng|gif_lib\.h$|ft2build\.h$|freetype|zlib\.h$)')

# Known cycles still waiting for their fix (each a sorted tuple of module paths, with the
# reason). A listed cycle that no longer exists fails the check too, so the list only shrinks.
KNOWN_CYCLES = {}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def module_of(path):
    """src/run/run.c and src/run/run.h are the one module src/run/run; a module's private
    header (optim_impl.h, landscape_internal.h) belongs to it too."""
    return re.sub(r'_(impl|internal)$', '', os.path.splitext(path)[0])


def folder_of(path):
    """src/run/run.c -> run; src/main.c -> '' (a file directly in src/)."""
    parts = path.split('/')
    return parts[1] if len(parts) > 2 else ''


def read_includes(root):
    """{file: [(line, quoted, name, resolved path or None)]} for every .c and .h under src/."""
    files = {}
    src = os.path.join(root, 'src')
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/')
            incs = []
            with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    quoted, inc = m.group(1) == '"', m.group(2)
                    resolved = None
                    if quoted:
                        # As the build resolves them: from src/, else beside the file.
                        for cand in ('src/' + inc, os.path.dirname(path) + '/' + inc):
                            cand = os.path.normpath(cand).replace(os.sep, '/')
                            if os.path.isfile(os.path.join(root, cand)):
                                resolved = cand
                                break
                    incs.append((lineno, quoted, inc, resolved))
            files[path] = incs
    return files


def find_cycles(files):
    """Strongly connected components of more than one module (Tarjan), each with one
    concrete cycle through it as [(file, line, included file)]."""
    edges = {}  # module -> {module: (file, line, included)}
    for path, incs in files.items():
        a = module_of(path)
        edges.setdefault(a, {})
        for lineno, _, _, resolved in incs:
            if resolved and module_of(resolved) != a:
                edges[a].setdefault(module_of(resolved), (path, lineno, resolved))
    index, low, stack, on_stack, sccs = {}, {}, [], set(), []

    def strongconnect(v):
        # Iterative Tarjan: a deep include chain must not hit Python's recursion limit.
        work = [(v, iter(sorted(edges.get(v, {}))))]
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, {})))))
                    advanced = True
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)

    result = []
    for comp in sccs:
        members = set(comp)
        # A shortest way back to comp[0] inside the component (breadth first).
        start = comp[0]
        prev = {start: None}
        queue = [start]
        cycle = None
        while queue and cycle is None:
            node = queue.pop(0)
            for w in sorted(edges[node]):
                if w not in members:
                    continue
                if w == start:
                    hops = [edges[node][w]]
                    back = node
                    while prev[back] is not None:
                        hops.append(edges[prev[back]][back])
                        back = prev[back]
                    cycle = list(reversed(hops))
                    break
                if w not in prev:
                    prev[w] = node
                    queue.append(w)
        result.append((tuple(comp), cycle))
    return result


def check(root):
    files = read_includes(root)
    errors = []
    n_includes = sum(len(incs) for incs in files.values())

    for path, incs in sorted(files.items()):
        folder = folder_of(path)
        if folder not in RANK:
            errors.append(f'{path}: folder src/{folder or "."} is not in the LAYERS table of '
                          f'tests/check_layers.py: add it with its layer')
            continue
        for lineno, quoted, inc, resolved in incs:
            shown = f'"{inc}"' if quoted else f'<{inc}>'
            where = f'{path}:{lineno}: #include {shown}'
            if not quoted:
                if folder in DISPLAY_FREE and DISPLAY_HEADERS.match(inc):
                    errors.append(f'{where}: src/{folder} is display-free and must not '
                                  f'include SDL, OpenGL, epoxy, FreeType, libpng, zlib or giflib headers')
                continue
            if not resolved:
                continue  # generated (losslens_config.h, landscape_datasets.h) or a system file
            target = folder_of(resolved)
            if target == folder or target not in RANK:
                continue
            if folder in DISPLAY_FREE and target in DISPLAY_FOLDERS:
                errors.append(f'{where}: src/{folder} is display-free and must not include '
                              f'src/{target} (move what it needs down into the core)')
            elif RANK[target] > RANK[folder]:
                errors.append(f'{where}: src/{folder} (layer {RANK[folder]}) must not include '
                              f'src/{target} (layer {RANK[target]}, higher): move the code '
                              f'down or the include up')

    cycles = find_cycles(files)
    seen = set()
    for comp, cycle in cycles:
        seen.add(comp)
        if comp in KNOWN_CYCLES:
            continue
        hops = ', '.join(f'{f}:{line} includes {inc}' for f, line, inc in cycle)
        errors.append(f'include cycle between {", ".join(comp)}: {hops} (a module is a .c '
                      f'with its .h; break the cycle by moving the shared part down)')
    for comp in sorted(set(KNOWN_CYCLES) - seen):
        errors.append(f'known cycle {", ".join(comp)} is gone: delete its entry in '
                      f'KNOWN_CYCLES in tests/check_layers.py')

    for e in errors:
        print(e, file=sys.stderr)
    print(f'check_layers: {len(files)} files, {n_includes} includes, {len(cycles)} cycles, '
          f'{len(errors)} errors')
    return 1 if errors else 0


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(here)))
