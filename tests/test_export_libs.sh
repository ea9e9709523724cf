#!/bin/sh
# test_export_libs.sh LOSSLENS - an export never loads the window's libraries: --png, --gif and
# --csv run with the dynamic loader reporting every library it loads (LD_DEBUG=libs), and none
# of SDL2, SDL2_ttf, libepoxy, libGL or X11 may be among them (the window module,
# src/app/window_load.h, is loaded only for a window). The loader's report must name zlib,
# so that a loader that reports nothing cannot pass.
set -u
exe=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() { # run NAME ARGS...: one export under LD_DEBUG=libs
    name=$1
    shift
    if ! LD_DEBUG=libs "$exe" --landscape rosenbrock --steps 50 --opt adam --size 320x180 "$@" \
        2>"$tmp/$name.log" >/dev/null; then
        echo "test_export_libs: FAIL $name: losslens exited non-zero" >&2
        sed 's/^/    /' "$tmp/$name.log" | grep -v "^ *[0-9]*: *$" | tail -5 >&2
        fail=1
        return
    fi
    if ! grep -q "calling init: .*libz\." "$tmp/$name.log"; then
        echo "test_export_libs: FAIL $name: LD_DEBUG=libs reported no libz" >&2
        fail=1
    fi
    bad=$(grep -o "calling init: [^ ]*" "$tmp/$name.log" |
        grep -E "libSDL2|libepoxy|libGL|libX11|losslens-window" | sort -u)
    if [ -n "$bad" ]; then
        echo "test_export_libs: FAIL $name loaded the window's libraries:" >&2
        echo "$bad" | sed 's/^/    /' >&2
        fail=1
    fi
}
run png --png "$tmp/a.png"
run gif --gif "$tmp/a.gif" --frames 2
run csv --csv "$tmp/a.csv"
[ "$fail" -eq 0 ] && echo "test_export_libs: png, gif, csv load no window library"
exit "$fail"
