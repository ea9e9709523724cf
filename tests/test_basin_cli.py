#!/usr/bin/env python3
"""test_basin_cli.py - losslens --basin and --sweep end to end: the CSV's starts are the
pixel centres, sampled rows equal what --csv computes from that start (end point, loss,
status, steps), the PNG's pixels are the CSV rows' classes and shades, a sweep cell equals
the direct run with its settings, and bad input exits 2 naming the flag with no file left.

usage: test_basin_cli.py PATH/TO/losslens"""
import csv
import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

BIN = sys.argv[1]
failed = 0
passed = 0

# Himmelblau's minima in the landscape's order, the run palette (ui/palette.c), the shading
# (lecture/basinview.h).
MINIMA = [(3.0, 2.0), (-2.8051180869527448, 3.131312518250573),
          (-3.779310253377747, -3.2831859912861692), (3.5844283403304917, -1.8481265269644036)]
PALETTE = [(0xE6, 0x9F, 0x00), (0x56, 0xB4, 0xE9), (0xCC, 0x79, 0xA7), (0xF0, 0xE4, 0x42)]
SHADE = 0.65


def check(name, cond, detail=''):
    global failed, passed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f'FAIL {name} {detail}', file=sys.stderr)


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def read_png(path):
    """8-bit RGB or RGBA, rows without filters (render/pngio writes filter 0; others are
    decoded for the types 0-2 used by zlib-level writers too)."""
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for j in range(h):
        f = raw[j * (stride + 1)]
        line = bytearray(raw[j * (stride + 1) + 1:(j + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + left) & 255
            elif f == 2:
                line[i] = (line[i] + prev[i]) & 255
            else:
                assert f == 0, f'filter {f}'
        rows.append([tuple(line[i * bpp:i * bpp + 3]) for i in range(w)])
        prev = line
    return w, h, rows


def summary_status(err):
    """(status, step) from --csv's summary line, or ('running', None)."""
    for word in ('diverged', 'undefined', 'converged'):
        key = f'{word} at step '
        if key in err:
            step = int(err.split(key)[1].split()[0].rstrip(','))
            return ('converged' if word == 'converged' else 'diverged'), step
    return 'running', None


def direct(start, opt, steps, tol):
    rc, out, err = run('--landscape', 'himmelblau', '--opt', opt, '--start', start,
                       '--steps', str(steps), '--tol', tol, '--csv', '-')
    rows = list(csv.DictReader(out.splitlines()))
    return rows[-1], summary_status(err)


with tempfile.TemporaryDirectory() as d:
    W, H, N, TOL = 24, 16, 150, '1e-3'
    for opt in ('gd:lr=0.01', 'gd:lr=0.02', 'adam:lr=0.1'):
        base = os.path.join(d, 'map.png')  # a trailing .png is dropped
        rc, _, err = run('--landscape', 'himmelblau', '--opt', opt, '--basin', base,
                         '--grid', f'{W}x{H}', '--steps', str(N), '--tol', TOL)
        check(f'{opt} exit', rc == 0, err)
        csv_path, png_path = os.path.join(d, 'map.csv'), os.path.join(d, 'map.png')
        lines = open(csv_path).read().splitlines()
        check(f'{opt} header', lines[0] == 'x,y,end_x,end_y,loss,steps,status', lines[0])
        rows = list(csv.DictReader(lines))
        check(f'{opt} rows', len(rows) == W * H, len(rows))
        # pixel centres, top row first, left to right; view -6..6 x -6..6 (Himmelblau's)
        for k in (0, 5, W * H - 1):
            i, j = k % W, k // W
            x = -6 + (i + 0.5) * 12 / W
            y = 6 - (j + 0.5) * 12 / H
            check(f'{opt} start {k}', abs(float(rows[k]['x']) - x) < 1e-12 and
                  abs(float(rows[k]['y']) - y) < 1e-12, (rows[k]['x'], rows[k]['y'], x, y))
        statuses = {r['status'] for r in rows}
        # sampled rows against --csv from that start
        for k in range(0, W * H, 37):
            r = rows[k]
            last, (status, step) = direct(f"{r['x']},{r['y']}", opt, N, TOL)
            if status == 'running':
                want = ('running', N)
            else:
                want = (status, step)
            got = (r['status'], int(r['steps']))
            check(f'{opt} row {k} status', got == want, (got, want))
            check(f'{opt} row {k} end', (r['end_x'], r['end_y'], r['loss']) ==
                  (last['x'], last['y'], last['loss']), (r, last))
        # the PNG's pixels are the rows' classes
        w, h, px = read_png(png_path)
        check(f'{opt} png size', (w, h) == (W, H), (w, h))
        bad = 0
        for k, r in enumerate(rows):
            p = px[k // W][k % W]
            if r['status'] == 'diverged':
                want = (0, 0, 0)
            elif r['status'] == 'running':
                want = (128, 128, 128)
            else:
                ex, ey = float(r['end_x']), float(r['end_y'])
                cls = min(range(4), key=lambda m: (ex - MINIMA[m][0]) ** 2 +
                          (ey - MINIMA[m][1]) ** 2)
                s = 1 - SHADE * int(r['steps']) / N
                want = tuple(round(c * s) for c in PALETTE[cls])
            if any(abs(a - b) > 1 for a, b in zip(p, want)):
                bad += 1
        check(f'{opt} png classes', bad == 0, f'{bad} pixels differ; statuses {statuses}')
        if opt == 'gd:lr=0.02':
            check('some diverge', 'diverged' in statuses and 'converged' in statuses, statuses)

    # the sweep: alpha (log) x mu on the ravine; a cell equals the direct run
    sw = os.path.join(d, 'sweep')
    rc, _, err = run('--landscape', 'ravine', '--opt', 'momentum', '--sweep', sw,
                     '--sweep-x', 'lr=1e-3:10:log', '--sweep-y', 'momentum=0:0.99',
                     '--grid', '8x6', '--steps', '200', '--tol', '1e-3')
    check('sweep exit', rc == 0, err)
    lines = open(sw + '.csv').read().splitlines()
    check('sweep header', lines[0] == 'x_value,y_value,steps,status,loss', lines[0])
    rows = list(csv.DictReader(lines))
    check('sweep rows', len(rows) == 48, len(rows))
    check('sweep first', abs(math.log(float(rows[0]['x_value'])) -
                             (math.log(1e-3) + 0.5 / 8 * math.log(1e4))) < 1e-12 and
          abs(float(rows[0]['y_value']) - (0.99 - 0.5 / 6 * 0.99)) < 1e-15, rows[0])
    for k in (0, 13, 30, 47):
        r = rows[k]
        rc, out, err = run('--landscape', 'ravine', '--opt',
                           f"momentum:lr={r['x_value']},momentum={r['y_value']}",
                           '--steps', '200', '--tol', '1e-3', '--csv', '-')
        last = list(csv.DictReader(out.splitlines()))[-1]
        status, step = summary_status(err)
        want = ('running', 200) if status == 'running' else (status, step)
        check(f'sweep cell {k}', (r['status'], int(r['steps'])) == want, (r, want))
        if status != 'diverged':
            check(f'sweep loss {k}', r['loss'] == last['loss'], (r['loss'], last['loss']))
    w, h, px = read_png(sw + '.png')
    check('sweep png', (w, h) == (8, 6))
    for k, r in enumerate(rows):
        if r['status'] == 'diverged':
            check(f'sweep png black {k}', px[k // 8][k % 8] == (0, 0, 0))

    # bad input: exit 2, the flag named, nothing written
    e = os.path.join(d, 'bad')
    os.mkdir(e)
    out = os.path.join(e, 'x')
    cases = [
        (['--basin', out], '--basin: expected exactly one --opt'),
        (['--basin', out, '--opt', 'gd', '--opt', 'adam'], '--basin: expected exactly one --opt'),
        (['--basin', out, '--opt', 'gd', '--grid', '0x5'], '--grid: expected WxH'),
        (['--basin', out, '--opt', 'gd', '--grid', '10'], '--grid: expected WxH'),
        (['--opt', 'gd', '--grid', '10x10'], '--grid: only with --basin'),
        (['--opt', 'gd', '--sweep-x', 'lr=1e-3:1'], '--sweep-x: only with --sweep'),
        (['--sweep', out, '--opt', 'gd', '--sweep-x', 'lr=1e-3:1'], '--sweep: expected --sweep-y'),
        (['--sweep', out, '--opt', 'adam', '--sweep-x', 'lr=1e-3:1',
          '--sweep-y', 'momentum=0:0.9'], "--sweep-y: 'momentum' is not a number adam reads"),
        (['--sweep', out, '--opt', 'momentum', '--sweep-x', 'lr=0:1:log',
          '--sweep-y', 'momentum=0:0.9'], '--sweep-x: '),
        (['--sweep', out, '--opt', 'momentum', '--sweep-x', 'lr=1e-3:1',
          '--sweep-y', 'lr=0.1:0.5'], '--sweep-y: the same setting'),
        (['--sweep', out, '--opt', 'gd', '--sweep-x', 'lr=1e-3:1',
          '--sweep-y', 'batch=1:8'], '--sweep-y: batch needs a data landscape'),
    ]
    for args, msg in cases:
        rc, _, err = run(*args)
        check(f'error {args}', rc == 2 and msg in err, (rc, err))
    check('no files left', os.listdir(e) == [], os.listdir(e))

print(f'test_basin_cli: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
