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
check list-optimizers [ "$(grep -c '^optimizer ' "$dir/list")" -eq 17 ]
check list-ids grep -qx 'landscape rotated-ravine' "$dir/list"
check list-adam grep -qx 'optimizer adam' "$dir/list"

# --csv FILE: header, steps 0..N per run, exact values, one summary per run
"$bin" --landscape bowl --start 1,2 --steps 5 --opt gd:lr=0.25 --opt momentum:lr=0.1 \
    --csv "$dir/out.csv" 2>"$dir/err"
check csv-exit [ $? -eq 0 ]
check csv-header [ "$(head -n 1 "$dir/out.csv")" = "run,optimizer,step,x,y,loss,grad_x,grad_y,grad_evals,loss_evals" ]
check csv-rows [ "$(wc -l <"$dir/out.csv")" -eq 13 ]
# gd with lr 0.25 on x^2 + y^2 halves the point each step: exact in binary
check csv-step1 grep -qx '0,gd,1,0.5,1,1.25,1,2,1,0' "$dir/out.csv"
check csv-step5 grep -qx '0,gd,5,0.03125,0.0625,0.0048828125,0.0625,0.125,5,0' "$dir/out.csv"
check csv-run1 grep -q '^1,momentum,5,' "$dir/out.csv"
# the evaluation counts: L-BFGS on x^2 + y^2 from (1, 2): g = (2, 4), first trial 1/|g|_1 = 1/6
# passes Armijo at once: one gradient, two losses (L(theta) and the trial), at (2/3, 4/3)
"$bin" --landscape bowl --start 1,2 --steps 1 --opt lbfgs --csv "$dir/lbfgs.csv" 2>/dev/null
check csv-evals grep -q '^0,lbfgs,1,0.66666666666666[0-9]*,1.3333333333333[0-9]*,.*,1,2$' \
    "$dir/lbfgs.csv"
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
check eps0-y-stays [ "$(grep -c ',0,[0-9.e+-]*,[0-9.e+-]*,0,[0-9]*,[0-9]*$' "$dir/eps0.csv")" -eq 18 ]

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
bad "--param: expected NAME=VALUE or NAME=VALUE:MIN:MAX" --expr "x^2" --param 2k=1
bad "--param: only with --expr TEXT" --param k=1
bad "--expr: not with --landscape" --expr "x^2" --landscape bowl

# a typed function's bad text: exit 2, the flag, the column and what was expected, then the
# text and a caret under the column; no file
expr_bad() { # expr_bad MESSAGE CARET_LINE TEXT [ARGS...]
    msg=$1; caret=$2; shift 2
    "$bin" --expr "$@" --csv "$dir/keep.csv" >"$dir/out" 2>"$dir/err"
    rc=$?
    check "expr-exit: $1" [ $rc -eq 2 ]
    check "expr-message: $1" [ "$(sed -n 1p "$dir/err")" = "losslens: --expr: $msg" ]
    check "expr-text: $1" [ "$(sed -n 2p "$dir/err")" = "  $1" ]
    check "expr-caret: $1" [ "$(sed -n 3p "$dir/err")" = "$caret" ]
    check "expr-lines: $1" [ "$(wc -l <"$dir/err")" -eq 3 ]
    check "expr-untouched: $1" [ "$(cat "$dir/keep.csv")" = "precious" ]
    "$bin" --expr "$@" --csv "$dir/new.csv" >/dev/null 2>&1
    check "expr-no-file: $1" [ ! -e "$dir/new.csv" ]
}
expr_bad "column 7: expected ')' to close the '(' at column 3, found the end of the text" \
    "        ^" "x*(y+1"
expr_bad "column 5: unknown name 'z': the variables are x and y; parameters: k; constants: pi, e" \
    "      ^" "x^2+z" --param k=2
expr_bad "column 2: write 2*x for a product (there is no implicit multiplication)" "   ^" "2x"
expr_bad "column 1: the number 1e999 is too large (the largest is about 1.8e308)" "  ^" "1e999"
long=$(printf 'x+%.0s' $(seq 1 2100))x
"$bin" --expr "$long" --csv "$dir/new.csv" >/dev/null 2>"$dir/err"
check expr-long-exit [ $? -eq 2 ]
check expr-long-message grep -q -- "--expr: the text is 4201 bytes long; the limit is 4096" "$dir/err"
deep=$(printf '(%.0s' $(seq 1 2000))x$(printf ')%.0s' $(seq 1 2000))
"$bin" --expr "$deep" --csv "$dir/new.csv" >/dev/null 2>"$dir/err"
check expr-deep-exit [ $? -eq 2 ]
check expr-deep-message grep -q -- "nested more than 64 levels deep" "$dir/err"
check expr-deep-no-file [ ! -e "$dir/new.csv" ]

# in a scene file the same messages carry FILE:LINE (the line of the expr key)
printf '[scene]\ntitle = t\n\n[pane]\nexpr = x^2 + k*y^2 +\nparams = k=2\n[run]\nopt = gd\n' \
    >"$dir/badexpr.ini"
"$bin" --scene "$dir/badexpr.ini" --csv "$dir/new.csv" >/dev/null 2>"$dir/err"
check scene-expr-exit [ $? -eq 2 ]
check scene-expr-message [ "$(sed -n 1p "$dir/err")" = "losslens: --scene: $dir/badexpr.ini:5: expr: column 14: expected a number, a name or '(', found the end of the text" ]
check scene-expr-caret [ "$(sed -n 3p "$dir/err")" = "               ^" ]
check scene-expr-no-file [ ! -e "$dir/new.csv" ]
printf '[scene]\nexpr = x^2 + k*y^2\nparams = k=2:5:1\n' >"$dir/badparam.ini"
"$bin" --scene "$dir/badparam.ini" --csv "$dir/new.csv" >/dev/null 2>"$dir/err"
check scene-param-message grep -qF "badparam.ini:3: params: k: expected MIN < MAX" "$dir/err"

# a typed function: "undefined at step k" ends the run (CSV ends there, exit 0)
"$bin" --expr "log(x) + y^2" --start 0.5,0.5 --opt gd:lr=1 --steps 50 \
    --csv "$dir/undef.csv" 2>"$dir/err"
check undefined-exit [ $? -eq 0 ]
check undefined-summary grep -q '^run 0 gd: 0 steps, .*undefined at step 1$' "$dir/err"
check undefined-rows [ "$(wc -l <"$dir/undef.csv")" -eq 2 ]

# --save-scene writes expr and params back: the scene reopens to the same bits
"$bin" --expr "x^2 + k*y^2 + a*sin(3*x)" --param k=10:1:100 --param a=0.1 --start 2,1 \
    --opt gd:lr=0.02 --opt newton --steps 40 --save-scene "$dir/typed.ini" 2>/dev/null
check typed-save-exit [ $? -eq 0 ]
check typed-save-expr grep -qx 'expr = x^2 + k\*y^2 + a\*sin(3\*x)' "$dir/typed.ini"
check typed-save-params grep -qx 'params = k=10:1:100, a=0.10000000000000001' "$dir/typed.ini"
"$bin" --scene "$dir/typed.ini" --csv "$dir/typed-scene.csv" 2>/dev/null
"$bin" --expr "x^2 + k*y^2 + a*sin(3*x)" --param k=10:1:100 --param a=0.1 --start 2,1 \
    --opt gd:lr=0.02 --opt newton --steps 40 --csv "$dir/typed-flags.csv" 2>/dev/null
check typed-save-same-bits cmp -s "$dir/typed-scene.csv" "$dir/typed-flags.csv"
check typed-save-rows [ "$(wc -l <"$dir/typed-scene.csv")" -eq 83 ]
rm -f "$dir"/badexpr.ini "$dir"/badparam.ini "$dir"/typed.ini "$dir"/undef.csv \
    "$dir"/typed-*.csv

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
check stdout-file-rows grep -qx '0,gd,1,0.5,1,1.25,1,2,1,0' "$dir/redirected.csv"
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

# memory: bounded by what is drawn, so 16 runs of 10,000,000 steps fit (the test of that is
# the unit test's); a scene that needs more than 1 GiB even so (4 panes x 16 noisy runs x a
# cloud of 64) is refused up front, naming the limit; an allocation failure is an error,
# never a silently short figure
{
    printf '[scene]\nsteps = 10000000\ncloud = 64\n'
    for p in 1 2 3 4; do
        printf '[pane]\nlandscape = bowl\n'
        for r in $(seq 1 16); do printf '[run]\nopt = gd\nlr = 0.01\nnoise = 0.1\n'; done
    done
} >"$dir/cloudy.ini"
"$bin" --scene "$dir/cloudy.ini" --png "$dir/huge.png" 2>"$dir/err"
check memory-limit-exit [ $? -eq 1 ]
check memory-limit-message grep -q "4160 runs (cloud copies included) of 10000000 steps need \
[0-9]* MiB of trajectories, more than the limit of 1024 MiB: expected at most" "$dir/err"
check memory-limit-no-file [ ! -e "$dir/huge.png" ]
{
    printf '[scene]\nsteps = 100000\n'
    for p in 1 2 3 4; do
        printf '[pane]\nlandscape = bowl\n'
        for r in $(seq 1 16); do printf '[run]\nopt = gd\nlr = 0.0001\n'; done
    done
} >"$dir/many.ini"
(ulimit -v 150000; "$bin" --scene "$dir/many.ini" --png "$dir/oom.png" 2>"$dir/err")
check oom-exit [ $? -eq 1 ]
check oom-message grep -q "out of memory: run [0-9]* of pane [0-9] stopped at step" "$dir/err"
check oom-no-file [ ! -e "$dir/oom.png" ]

# no display: a bare losslens says so and exits 1 (never an invisible window that runs on)
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 30 "$bin" >"$dir/out" 2>"$dir/err"
check no-display-exit [ $? -eq 1 ]
check no-display-message grep -q "losslens: window: .*neither DISPLAY nor WAYLAND_DISPLAY is set" \
    "$dir/err"

echo "test_headless: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
