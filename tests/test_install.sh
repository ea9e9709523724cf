#!/bin/sh
# test_install.sh - an installed losslens reads its own data, never the checkout: `meson
# install --destdir` of this build into a temporary tree, then the installed binary renders
# --png from there with LOSSLENS_DATA_DIR unset (the source tree stays where it is, with all
# its files, so falling back to it would go unnoticed without the checks below).
# usage: test_install.sh MESON BUILD_DIR SOURCE_DIR PREFIX BINDIR DATADIR MANDIR VERSION APP_ID
set -u
meson=$1 build=$2 src=$3 prefix=$4 bindir=$5 datadir=$6 mandir=$7 version=$8 id=$9
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
unset LOSSLENS_DATA_DIR
passed=0
failed=0
check() { # check NAME CONDITION...
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name" >&2; fi
}
finish() {
    echo "test_install: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
case $bindir in /*) ;; *) bindir=$prefix/$bindir ;; esac
case $datadir in /*) ;; *) datadir=$prefix/$datadir ;; esac
case $mandir in /*) ;; *) mandir=$prefix/$mandir ;; esac
bin=$dest$bindir/losslens
data=$dest$datadir/losslens
png() { # png OUT: a small figure, run from the temporary tree (not the checkout)
    (cd "$dest" && "$bin" --landscape bowl --opt gd --steps 5 --png "$1" 2>"$dest/err")
}
is_png() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' \n')" = "211PNG" ]; }

"$meson" install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$dest/install.log" 2>&1
check install-exit [ $? -eq 0 ]
check installed-binary [ -x "$bin" ]
check installed-shaders [ -f "$data/shaders/field.frag" ]
check installed-fonts [ -f "$data/assets/fonts/DejaVuSans.ttf" ]
# What the desktop and the distribution read, under the application's id.
share=$(dirname "$data")
check installed-desktop-entry grep -qx 'Exec=losslens' "$share/applications/$id.desktop"
check installed-metainfo grep -q "<id>$id</id>" "$share/metainfo/$id.metainfo.xml"
check installed-icon-svg [ -f "$share/icons/hicolor/scalable/apps/$id.svg" ]
for n in 16 24 32 48 64 128 256; do
    check "installed-icon-$n" is_png "$share/icons/hicolor/${n}x$n/apps/$id.png"
done
check installed-manpage grep -q '^\.TH LOSSLENS 1 .*"losslens [0-9]' "$dest$mandir/man1/losslens.1"
check installed-version [ "$("$bin" --version)" = "losslens $version" ]
# Only the program's data under share/losslens: no desktop files or icons there.
check data-has-no-desktop-dir [ ! -e "$data/assets/desktop" ]
check data-has-no-icons-dir [ ! -e "$data/assets/icons" ]
# The build tree's override file stays in the build tree.
check override-not-installed [ -z "$(find "$dest" -name losslens-data-dir)" ]
[ -x "$bin" ] || finish

# The installed data: the figure renders.
png "$dest/a.png"
check png-exit [ $? -eq 0 ]
check png-written is_png "$dest/a.png"

# The installed window module is found from the installed binary (window_load.h): SDL then
# fails at a video driver that does not exist, which proves the module loaded.
(cd "$dest" && SDL_VIDEODRIVER=losslens-none "$bin" --landscape bowl 2>"$dest/err")
check window-module-exit [ $? -eq 1 ]
check window-module-loaded grep -q "^losslens: window: " "$dest/err"
check window-module-installed [ -n "$(find "$dest" -name losslens-window.so)" ]

# Without the installed fonts it fails, naming the installed copy, although the checkout
# (which a lookup through the source tree would find) still has them.
mv "$data/assets/fonts" "$data/assets/fonts.hidden"
png "$dest/b.png"
check hidden-fails [ $? -ne 0 ]
check hidden-names-install grep -q "$data/assets/fonts/DejaVuSans.ttf" "$dest/err"
check hidden-not-written [ ! -e "$dest/b.png" ]
check checkout-has-fonts [ -f "$src/assets/fonts/DejaVuSans.ttf" ]

# An explicit override wins over the installed data: back to a full figure.
LOSSLENS_DATA_DIR=$src png "$dest/c.png"
check env-exit [ $? -eq 0 ]
check env-written is_png "$dest/c.png"
# ... and a wrong one is an error, not a fallback.
mkdir "$dest/nodata"
LOSSLENS_DATA_DIR=$dest/nodata png "$dest/d.png"
check bad-env-fails [ $? -ne 0 ]
check bad-env-message grep -q "LOSSLENS_DATA_DIR=$dest/nodata has no shaders/ and assets/" \
    "$dest/err"
mv "$data/assets/fonts.hidden" "$data/assets/fonts"

# Relocated: the whole prefix moved elsewhere still finds its data beside the binary.
if [ "${bindir#"$prefix"/}" != "$bindir" ] && [ "${datadir#"$prefix"/}" != "$datadir" ]; then
    mkdir -p "$dest/moved"
    mv "$dest$prefix" "$dest/moved/prefix"
    bin=$dest/moved/prefix/${bindir#"$prefix"/}/losslens
    png "$dest/e.png"
    check relocated-exit [ $? -eq 0 ]
    check relocated-written is_png "$dest/e.png"
fi
finish
