#!/usr/bin/env bash
# The integrations, end to end, against the real tools: the waymark wheel built with
# maturin and installed into a fresh virtual environment; the MkDocs plugin building
# Material sites; the remark plugin in unified and MDX; Astro and VitePress site builds;
# pandoc (Lua filter and pipe) and Hugo (the filter and its render hook). Keeps the
# Python tools and npm packages between runs. Needs what
# scripts/install-test-tools.sh installs; a tool that is missing fails the run, naming it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Astro asks before sending usage reports; a test run sends none.
export ASTRO_TELEMETRY_DISABLED=1

# Installs a folder's locked npm packages, unless the same ones are there from a run before.
npm_deps() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm ci --silent --no-audit --no-fund)
  fi
}
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - start))"; }
fail() { printf 'FAILED: %s\n' "$1" >&2; exit 1; }
for tool in python3 node npm pandoc hugo cargo; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed: run scripts/install-test-tools.sh"
done
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

# MkDocs, Material (thousands of icon files) and maturin install once per machine, into a
# virtual environment kept in the cargo target folder and made anew when the pinned
# versions change; the wheel and the plugin are installed afresh on every run.
target=$(cargo metadata --format-version 1 --no-deps --locked \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
tools=$target/integrations-venv
requirements=integrations/mkdocs/tests/requirements.txt
if ! cmp -s "$requirements" "$tools/requirements.txt"; then
  step "tools: mkdocs, mkdocs-material and maturin into $tools"
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$tools/requirements.txt"
fi

step "the waymark wheel (maturin, bindings = bin) in a fresh virtual environment"
# Built as users get it (scripts/release.sh: statically linked on x86-64 Linux). Naming the
# target gives it a build of every crate of its own, so it uses a profile that compiles
# quickly (Cargo.toml, `wheel-test`).
MATURIN="$tools/bin/maturin" bash scripts/release.sh wheel --profile wheel-test --strip --out "$work/dist"
wheel=$(ls "$work"/dist/waymark-*.whl)
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
got=$("$work/venv/bin/waymark" --version)
[ "$got" = "waymark $version" ] || fail "waymark --version from the wheel said '$got', not 'waymark $version'"
echo "ok - waymark --version in a fresh virtual environment with the wheel: $got"
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  # A dynamic executable names its loader (an INTERP program header); a static one does not.
  if readelf -lW "$work/venv/bin/waymark" | grep -q INTERP; then
    fail "the wheel's waymark is linked dynamically: $(readelf -lW "$work/venv/bin/waymark" | grep -A1 INTERP)"
  fi
  echo "ok - the wheel's waymark is linked statically"
fi

step "mkdocs-waymark with MkDocs and Material"
"$tools/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel" ./integrations/mkdocs
# The plugin's dependencies (mkdocs, the waymark wheel) are all there.
"$tools/bin/pip" check --disable-pip-version-check >/dev/null || fail "mkdocs-waymark: $("$tools/bin/pip" check)"
export PATH="$tools/bin:$PATH"
waymark=$tools/bin/waymark
"$tools/bin/python" -m unittest discover -v -s integrations/mkdocs/tests

step "remark-waymark with unified, remark-rehype and MDX"
npm_deps integrations/remark
(cd integrations/remark && WAYMARK_BIN="$waymark" node --test)

step "Astro with remark-waymark: a site build, then one with a broken page"
astro=integrations/remark/examples/astro
npm_deps "$astro"
(cd "$astro" && rm -rf dist && npx astro build --silent)
grep -q '<figure class="waymark-figure' "$astro/dist/index.html" || fail "Astro: no map in dist/index.html"
printf -- '---\ntitle: Broken\n---\n\n```journey\nsection S\n  Step: lots: Me\n```\n' > "$astro/src/pages/broken.md"
if (cd "$astro" && npx astro build --silent) > "$work/astro.err" 2>&1; then
  rm -f "$astro/src/pages/broken.md"
  fail "Astro built a page with a broken journey"
fi
rm -rf "$astro/src/pages/broken.md" "$astro/dist" "$astro/.astro"
grep -aq 'src/pages/broken.md:7:9: the score `lots` is neither a number nor a data source' "$work/astro.err" || fail "Astro: the broken page's place was not named: $(cat "$work/astro.err")"
echo "ok - Astro: the map is in the built page; a broken journey fails the build at src/pages/broken.md:7:9"

step "VitePress with the markdown-it plugin: a site build, then one with a broken page"
vp=integrations/vitepress
npm_deps "$vp"
(cd "$vp" && npx vitepress build docs > "$work/vp.log" 2>&1) || fail "VitePress: $(cat "$work/vp.log")"
grep -q '<figure class="waymark-figure' "$vp/docs/.vitepress/dist/index.html" || fail "VitePress: no map in the built page"
grep -q 'Checkout {{ price }}' "$vp/docs/.vitepress/dist/index.html" || fail "VitePress: Vue read the map's text as a template"
printf '# Bad\n\n```journey\nsection S\n  Step: lots: Me\n```\n' > "$vp/docs/bad.md"
if (cd "$vp" && npx vitepress build docs) > "$work/vp-bad.err" 2>&1; then
  rm -f "$vp/docs/bad.md"
  fail "VitePress built a page with a broken journey"
fi
rm -rf "$vp/docs/bad.md" "$vp/docs/.vitepress/dist" "$vp/docs/.vitepress/cache"
grep -aq 'the journey at bad.md:3 could not be drawn' "$work/vp-bad.err" || fail "VitePress: the broken page was not named: $(cat "$work/vp-bad.err")"
echo "ok - VitePress: the map is in the built page, {{ }} in it kept; a broken journey fails the build at bad.md:3"

step "pandoc: the Lua filter and a pipe through waymark render"
page=$work/pandoc.md
printf '# Checkout\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: 2: Maya\n```\n\n``` {.journey layout=timeline}\nsection Wait\n  Parcel is late: 1: Maya\n```\n' > "$page"
pandoc --lua-filter integrations/pandoc/waymark.lua "$page" -o "$work/lua.html"
[ "$(grep -o '<figure class="waymark-figure' "$work/lua.html" | wc -l)" = 2 ] || fail "pandoc --lua-filter: expected 2 maps in $work/lua.html"
grep -q 'waymark-layout-timeline' "$work/lua.html" || fail "pandoc --lua-filter: {.journey layout=timeline} was not applied"
waymark render "$page" | pandoc -f gfm -o "$work/pipe.html"
grep -q '<figure class="waymark-figure' "$work/pipe.html" || fail "waymark render | pandoc -f gfm: no map"
printf '```journey\nsection S\n  Step: lots: Me\n```\n' > "$work/bad.md"
if pandoc --lua-filter integrations/pandoc/waymark.lua "$work/bad.md" -o "$work/bad.html" 2> "$work/bad.err"; then
  fail "pandoc --lua-filter: a broken journey did not fail"
fi
grep -q 'the score `lots` is neither a number nor a data source' "$work/bad.err" || fail "pandoc --lua-filter: the problem was not shown: $(cat "$work/bad.err")"
echo "ok - pandoc: maps through the Lua filter and the pipe; a broken journey fails with its problem"

step "Hugo: content written by waymark render, the render hook guarding undrawn fences"
cp -r integrations/hugo "$work/hugo"
(cd "$work/hugo" && mkdir content && cp -r content-src/. content/)
if (cd "$work/hugo" && hugo) > "$work/hugo.err" 2>&1; then
  fail "Hugo built undrawn journey fences"
fi
grep -q 'a ```journey fence reached Hugo undrawn' "$work/hugo.err" || fail "Hugo: the render hook did not explain: $(cat "$work/hugo.err")"
rm -rf "$work/hugo/content"
(cd "$work/hugo" && ./render-journeys.sh && hugo --quiet)
grep -q '<figure class="waymark-figure' "$work/hugo/public/index.html" || fail "Hugo: no map on the home page"
grep -q 'waymark-layout-timeline' "$work/hugo/public/guides/returns/index.html" || fail "Hugo: no map on guides/returns"
printf -- '---\ntitle: Bad\n---\n\n```journey\nsection S\n  Step: lots: Me\n```\n' > "$work/hugo/content-src/bad.md"
if (cd "$work/hugo" && ./render-journeys.sh) 2> "$work/hugo-bad.err"; then
  fail "render-journeys.sh went on past a broken journey"
fi
grep -q 'content-src/bad.md:7:' "$work/hugo-bad.err" || fail "Hugo: the broken page's line was not named: $(cat "$work/hugo-bad.err")"
echo "ok - Hugo: maps on both pages; undrawn fences and broken journeys stop the build at their file"

printf '\nintegrations: all passed in %ss\n' "$((SECONDS - start))"
