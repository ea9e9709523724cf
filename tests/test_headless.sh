#!/bin/sh
# test_headless.sh - the headless command line end to end: --list, --csv to a file and to
# stdout, summaries on stderr, and bad input: exit code 2, one message naming the argument,
# and no output file created or truncated.
# usage: test_headless.sh PATH/TO/losslens
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0
failed=0
check() { # check NAME CONDITION...
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name" >&2; fi
}

# --list: one line per landscape and optimizer
"$bin" --list >"$dir/list" 2>&1
check list-exit [ $? -eq 0 ]
check list-landscapes [ "$(grep -c '^landscape ' "$dir/list")" -eq 14 ]
check list-optimizers [ "$(grep -c '^optimizer ' "$dir/list")" -eq 7 ]
check list-ids grep -qx 'landscape rotated-ravine' "$dir/list"
check list-adam grep -qx 'optimizer adam' "$dir/list"

# --csv FILE: header, steps 0..N per run, exact values, one summary per run
"$bin" --landscape bowl --start 1,2 --steps 5 --opt gd:lr=0.25 --opt momentum:lr=0.1 \
    --csv "$dir/out.csv" 2>"$dir/err"
check csv-exit [ $? -eq 0 ]
check csv-header [ "$(head -n 1 "$dir/out.csv")" = "run,optimizer,step,x,y,loss,grad_x,grad_y" ]
check csv-rows [ "$(wc -l <"$dir/out.csv")" -eq 13 ]
# gd with lr 0.25 on x^2 + y^2 halves the point each step: exact in binary
check csv-step1 grep -qx '0,gd,1,0.5,1,1.25,1,2' "$dir/out.csv"
check csv-step5 grep -qx '0,gd,5,0.03125,0.0625,0.0048828125,0.0625,0.125' "$dir/out.csv"
check csv-run1 grep -q '^1,momentum,5,' "$dir/out.csv"
check csv-summary [ "$(grep -c '^run [01] ' "$dir/err")" -eq 2 ]
check csv-summary-text grep -q '^run 0 gd: 5 steps, loss 0.00488281 at (0.03125, 0.0625)' "$dir/err"

# --csv -: stdout, and full precision (%.17g)
"$bin" --landscape bowl --start 0.1,0.3 --steps 1 --opt gd:lr=0.1 --csv - >"$dir/stdout" 2>/dev/null
check stdout-exit [ $? -eq 0 ]
check stdout-rows [ "$(wc -l <"$dir/stdout")" -eq 3 ]
check stdout-precision grep -q '^0,gd,0,0.10000000000000001,0.29999999999999999,' "$dir/stdout"

# divergence ends the run early with its reason
"$bin" --landscape bowl --start 1,1 --steps 1000 --opt gd:lr=10 --csv "$dir/div.csv" 2>"$dir/err"
check diverge-exit [ $? -eq 0 ]
check diverge-summary grep -q 'diverged at step' "$dir/err"
check diverge-rows [ "$(wc -l <"$dir/div.csv")" -lt 1000 ]

# eps = 0 with a gradient component exactly 0 (bowl at y = 0): no 0/0, no false divergence
"$bin" --landscape bowl --start 1,0 --steps 5 --opt adagrad:eps=0 --opt rmsprop:eps=0 \
    --opt adam:eps=0 --csv "$dir/eps0.csv" 2>"$dir/err"
check eps0-exit [ $? -eq 0 ]
check eps0-no-divergence [ "$(grep -c 'diverged' "$dir/err")" -eq 0 ]
check eps0-y-stays [ "$(grep -c ',0,[0-9.e+-]*,[0-9.e+-]*,0$' "$dir/eps0.csv")" -eq 18 ]

# --save-scene writes a scene that reopens to the same trajectories, bit for bit
"$bin" --landscape logistic --start 0.5,3 --opt gd:batch=16,seed=3,lr=0.4 \
    --opt adam:lr=0.05,bias_correction=0 --steps 120 --save-scene "$dir/saved.ini" 2>/dev/null
check save-scene-exit [ $? -eq 0 ]
"$bin" --scene "$dir/saved.ini" --csv "$dir/from-scene.csv" 2>/dev/null
"$bin" --landscape logistic --start 0.5,3 --opt gd:batch=16,seed=3,lr=0.4 \
    --opt adam:lr=0.05,bias_correction=0 --steps 120 --csv "$dir/from-flags.csv" 2>/dev/null
check save-scene-same-bits cmp -s "$dir/from-scene.csv" "$dir/from-flags.csv"
check save-scene-rows [ "$(wc -l <"$dir/from-scene.csv")" -eq 243 ]
printf '[scene]\nlandscape = bowl\n[run]\nopt = gd\nlr = fast\n' >"$dir/bad.ini"
"$bin" --scene "$dir/bad.ini" --csv "$dir/never.csv" 2>"$dir/err"
check bad-scene-exit [ $? -eq 2 ]
check bad-scene-message grep -q "bad.ini:5: lr: expected a number" "$dir/err"
check bad-scene-no-file [ ! -e "$dir/never.csv" ]

# bad input: exit 2, message naming the argument, existing file untouched, none created
echo "precious" >"$dir/keep.csv"
bad() { # bad MESSAGE ARGS...
    msg=$1; shift
    "$bin" "$@" --csv "$dir/keep.csv" >"$dir/out" 2>"$dir/err"
    rc=$?
    check "bad-exit: $*" [ $rc -eq 2 ]
    check "bad-message: $*" grep -qF -- "$msg" "$dir/err"
    check "bad-one-line: $*" [ "$(wc -l <"$dir/err")" -eq 1 ]
    check "bad-untouched: $*" [ "$(cat "$dir/keep.csv")" = "precious" ]
    "$bin" "$@" --csv "$dir/new.csv" >/dev/null 2>&1
    check "bad-no-file: $*" [ ! -e "$dir/new.csv" ]
}
bad "unknown landscape 'moon'" --landscape moon
bad "unknown optimizer 'sgdd'" --opt sgdd
bad "unknown key 'alpha' for gd" --opt gd:alpha=1
bad "--steps: expected a whole number from 1 to 10000000, got '0'" --steps 0
bad "--steps: expected a whole number from 1 to 10000000, got '100000000000'" --steps 100000000000
bad "--start: expected X,Y with two finite numbers, got 'inf,0'" --start inf,0
bad "lr: expected a number in (0, 1e+06], got 'x'" --opt gd:lr=x
bad "unknown flag '--fast'" --fast
check no-temp-files [ "$(ls "$dir" | grep -c 'XXXX\|\.csv\.')" -eq 0 ]

# an unwritable destination is reported, not crashed on
"$bin" --steps 2 --csv "$dir/no/such/dir/out.csv" 2>"$dir/err"
check unwritable-exit [ $? -eq 1 ]
check unwritable-message grep -q "cannot write '$dir/no/such/dir/out.csv'" "$dir/err"

# outputs write to the path, never replace it (util/outfile): /dev/stdout into a pipe and
# into a file, an input scene is never an output, a read-only file is refused
"$bin" --landscape bowl --start 1,2 --steps 3 --opt gd:lr=0.25 --csv /dev/stdout 2>/dev/null |
    cat >"$dir/piped.csv"
check stdout-pipe-rows [ "$(wc -l <"$dir/piped.csv")" -eq 5 ]
"$bin" --landscape bowl --start 1,2 --steps 3 --opt gd:lr=0.25 --csv /dev/stdout \
    >"$dir/redirected.csv" 2>/dev/null
check stdout-file-exit [ $? -eq 0 ]
check stdout-file-rows grep -qx '0,gd,1,0.5,1,1.25,1,2' "$dir/redirected.csv"
cp "$dir/saved.ini" "$dir/input.ini"
for flag in --csv --png --gif --save-scene; do
    "$bin" --scene "$dir/input.ini" $flag "$dir/input.ini" 2>"$dir/err"
    check "input-scene-exit $flag" [ $? -eq 2 ]
    check "input-scene-message $flag" grep -qF -- "$flag: '$dir/input.ini' is the input scene" \
        "$dir/err"
    check "input-scene-kept $flag" cmp -s "$dir/input.ini" "$dir/saved.ini"
done
echo "precious" >"$dir/ro.csv"
chmod 0444 "$dir/ro.csv"
"$bin" --steps 2 --csv "$dir/ro.csv" 2>"$dir/err"
check read-only-exit [ $? -eq 1 ]
check read-only-message grep -q "ro.csv': the file is read-only" "$dir/err"
check read-only-kept [ "$(cat "$dir/ro.csv")" = "precious" ]
# interrupted: SIGTERM during a long --csv leaves no temporary file (SIGINT: test_outfile; a
# background job of sh ignores it)
for sig in TERM; do
    "$bin" --landscape bowl --steps 10000000 --opt gd:lr=0.001 --opt adam --csv "$dir/long.csv" \
        2>/dev/null &
    pid=$!
    sleep 0.5
    kill -s $sig $pid
    wait $pid
    check "signal-$sig-killed" [ $? -gt 128 ]
    check "signal-$sig-no-temp" [ "$(ls "$dir" | grep -c 'long.csv')" -eq 0 ]
done
# past the file-size limit: exit 1 with the reason, no file left
(ulimit -f 64; "$bin" --landscape bowl --steps 100000 --csv "$dir/big.csv" 2>"$dir/err")
check fsize-exit [ $? -eq 1 ]
check fsize-message grep -q "File too large" "$dir/err"
check fsize-no-file [ "$(ls "$dir" | grep -c 'big.csv')" -eq 0 ]

# memory: a scene whose trajectories need more than 1 GiB is refused up front, naming the
# limit; an allocation failure is an error, never a silently short figure
"$bin" --landscape bowl --steps 10000000 --png "$dir/huge.png" 2>"$dir/err"
check memory-limit-exit [ $? -eq 1 ]
check memory-limit-message grep -q "3 runs of 10000000 steps need 2304 MiB of trajectories, \
more than the limit of 1024 MiB: expected at most 4194303 steps" "$dir/err"
check memory-limit-no-file [ ! -e "$dir/huge.png" ]
(ulimit -v 300000; "$bin" --landscape bowl --opt gd:lr=0.0001 --steps 5000000 \
    --png "$dir/oom.png" 2>"$dir/err")
check oom-exit [ $? -eq 1 ]
check oom-message grep -q "out of memory: run 1 of pane 1 stopped at step" "$dir/err"
check oom-no-file [ ! -e "$dir/oom.png" ]

# no display: a bare losslens says so and exits 1 (never an invisible window that runs on)
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 30 "$bin" >"$dir/out" 2>"$dir/err"
check no-display-exit [ $? -eq 1 ]
check no-display-message grep -q "losslens: window: .*neither DISPLAY nor WAYLAND_DISPLAY is set" \
    "$dir/err"

echo "test_headless: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
