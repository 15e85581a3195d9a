#!/usr/bin/env bash
# Packaging gate: what users install is what we test.
#   1. npm pack (dist/ must be built: npm run build)
#   2. install the tarball into a fresh temp project, --prefer-offline (dependencies from the npm cache where it
#      can: npm ci caches the lockfile's abbreviated packuments, npm install asks for the full ones, so a
#      fresh machine fetches those from the registry; --offline failed there with ENOTCACHED)
#   3. import (ESM) and require (CJS) every subpath; bundle the edge and browser examples from it with esbuild's resolver; run the packaged ONNX entry once. The CJS smoke compares each
#      entry's exports with its ESM build's and makes one loopback call through each entry; it runs a second time
#      with --no-experimental-require-module, which refuses require() of an ES module as Node 20.18 (the `engines`
#      floor) does, where this machine's Node 20.19+ would load an ESM-only dependency the CJS build requires
#   4. type-check consumer files against the published types: moduleResolution node16 and nodenext (ESM .mts, CJS
#      .cts, and .ts in a "type": "commonjs" package), bundler, and node10 (typesVersions); consumer-types.ts
#      asserts inferred return types exactly and not `any`; and modelwire/onnx in a project with onnxruntime-web
#      alone (no onnxruntime-node); and the repository's type-level tests (test/**/*.test-d.ts, which `npm test` checks
#      against src/) against the built declarations: dist/*.d.ts (tsc's) and dist/*.d.cts (tsup's bundled ones)
#   5. publint and attw --pack (strict profile)
# Usage: bash scripts/check-package.sh        Prints PASS/FAIL lines and `N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false npm_config_loglevel=error
TSC="$ROOT/node_modules/.bin/tsc"
ok=0; bad=0
pass() { echo "PASS $*"; ok=$((ok + 1)); }
fail() { echo "FAIL $*"; bad=$((bad + 1)); }
step() { # step <name> <command...>: runs the command, shows its output indented on failure
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name"; echo "$out" | sed 's/^/    /' | tail -40; fi
}

[ -f dist/index.js ] || { echo "FAIL dist/ is not built: run npm run build"; echo "0 passed, 1 failed"; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/modelwire-pack.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# 1. pack
if TARBALL=$(npm pack --silent --pack-destination "$TMP" 2>/dev/null | tail -1) && [ -f "$TMP/$TARBALL" ]; then
  pass "npm pack -> $TARBALL ($(du -k "$TMP/$TARBALL" | cut -f1) KB, $(tar -tzf "$TMP/$TARBALL" | wc -l | tr -d ' ') files)"
else
  fail "npm pack"; echo "$bad failed"; exit 1
fi
UNWANTED='^package/(src|test|conformance|bench|models|scripts|examples|docs/api|node_modules)/|\.tgz$'
tar -tzf "$TMP/$TARBALL" > "$TMP/files.txt"   # (a listing file: `tar | grep -q` would SIGPIPE tar under pipefail)
if grep -Eq "$UNWANTED" "$TMP/files.txt"; then
  fail "tarball contains $(grep -Ec "$UNWANTED" "$TMP/files.txt") files users do not need, e.g.:"; grep -E "$UNWANTED" "$TMP/files.txt" | head -5 | sed 's/^/    /'
fi

# 2. fresh consumer project; the optional peers the subpaths need come from the cache (undici) or,
#    for the 290 MB onnxruntime-node, are linked from the repo instead of copied.
APP=$TMP/app
mkdir -p "$APP/node_modules"
cat > "$APP/package.json" <<'EOF'
{ "name": "modelwire-consumer", "private": true, "type": "module" }
EOF
v() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }
PEERS="undici@$(v undici) @types/node@$(v @types/node)"   # same versions as the repo's lockfile, so the cache has them
if (cd "$APP" && npm install --prefer-offline --no-save --ignore-scripts "$TMP/$TARBALL" $PEERS >"$TMP/install.log" 2>&1); then
  pass "npm install <tarball> (deps: $(cd "$APP" && node -p "Object.keys(require('./node_modules/modelwire/package.json').dependencies).join(', ')"))"
else
  fail "npm install <tarball>"; sed 's/^/    /' "$TMP/install.log" | tail -20
  echo "$ok passed, $bad failed"; exit 1
fi
for dep in onnxruntime-node onnxruntime-common; do ln -s "$ROOT/node_modules/$dep" "$APP/node_modules/$dep"; done
cp conformance/package/smoke.mjs conformance/package/smoke.cjs "$APP/"

# 3. import / require
step "ESM import of every subpath (node $(node -v))" env MODELS="$ROOT/models" node "$APP/smoke.mjs"
step "CJS require of every subpath: ESM's exports, cross-build instanceof, a loopback call per entry" env MODELS="$ROOT/models" node "$APP/smoke.cjs"
step "CJS require without require(esm), as on Node 20.18 (--no-experimental-require-module)" env MODELS="$ROOT/models" node --no-experimental-require-module "$APP/smoke.cjs"
#    the examples bundled from the installed package by esbuild's own resolver, under a Worker's, an Edge Function's
#    and a browser's conditions: only dist/*.js, no node: module
mkdir -p "$APP/examples" && cp -r examples/cloudflare-worker examples/vercel-edge examples/browser "$APP/examples/"
step "esbuild bundles of the installed package for workerd, edge-light and browser conditions: dist/*.js only, no node:" node conformance/package/bundle-edge.mjs "$APP" "$ROOT"

# 4. consumer type-check against the published .d.ts / .d.cts
#    web entry points: DOM lib only, no @types/node; Node-only subpaths: with @types/node.
#    cjs/: the same files as .ts in a "type": "commonjs" package (the consumer project is "type": "module")
mkdir -p "$APP/cjs" && echo '{ "type": "commonjs" }' > "$APP/cjs/package.json"
for f in consumer consumer-node consumer-types; do
  for ext in mts cts ts; do cp "conformance/package/$f.ts" "$APP/$f.$ext"; done
  cp "conformance/package/$f.ts" "$APP/cjs/$f.ts"
done
tsconfig() { # tsconfig <name> <module> <resolution> <types> <files...>
  local name=$1 module=$2 res=$3 types=$4; shift 4
  local files; files=$(printf '"%s",' "$@")
  printf '{ "compilerOptions": { %s"strict": true, "exactOptionalPropertyTypes": true, "noEmit": true, "skipLibCheck": false, "target": "ES2022", "lib": ["ES2023", "DOM", "DOM.Iterable"], "module": "%s", "moduleResolution": "%s", "types": [%s] }, "files": [%s] }\n' \
    "${EXTRA:-}" "$module" "$res" "$types" "${files%,}" > "$APP/tsconfig.$name.json"
}
tsconfig web-node16 node16 node16 "" consumer.mts consumer.cts
tsconfig web-bundler esnext bundler "" consumer.ts
tsconfig node-node16 node16 node16 '"node"' consumer-node.mts consumer-node.cts consumer-types.mts consumer-types.cts cjs/consumer-node.ts cjs/consumer-types.ts
tsconfig node-nodenext nodenext nodenext '"node"' consumer.mts consumer.cts consumer-node.mts consumer-node.cts consumer-types.mts consumer-types.cts cjs/consumer.ts cjs/consumer-node.ts cjs/consumer-types.ts
tsconfig node-bundler esnext bundler '"node"' consumer-node.ts consumer-types.ts
#    node10 with esModuleInterop (node16/nodenext imply it): zod's own .d.cts default-import its locales, an error without
EXTRA='"esModuleInterop": true, ' tsconfig node-node10 commonjs node10 '"node"' consumer.ts consumer-node.ts consumer-types.ts
step "tsc web consumer (core, oip, replicate, openai), node16 ESM .mts + CJS .cts, without @types/node" "$TSC" -p "$APP/tsconfig.web-node16.json"
step "tsc web consumer, moduleResolution bundler, without @types/node" "$TSC" -p "$APP/tsconfig.web-bundler.json"
step "tsc Node consumer (undici, onnx) + exact types, node16 ESM .mts + CJS .cts + .ts in a CJS package" "$TSC" -p "$APP/tsconfig.node-node16.json"
step "tsc every consumer + exact types, nodenext ESM .mts + CJS .cts + .ts in a CJS package" "$TSC" -p "$APP/tsconfig.node-nodenext.json"
step "tsc Node consumer (undici, onnx) + exact types, moduleResolution bundler" "$TSC" -p "$APP/tsconfig.node-bundler.json"
step "tsc every consumer + exact types, moduleResolution node10 (typesVersions)" "$TSC" -p "$APP/tsconfig.node-node10.json"
#    modelwire/onnx with onnxruntime-web alone: a copy of the consumer project without onnxruntime-node
#    (modelwire's ONNX types come from onnxruntime-common, which onnxruntime-web depends on)
WEB=$TMP/app-onnx-web
mkdir -p "$WEB"
cp -R "$APP/node_modules" "$APP/package.json" "$WEB/"
rm "$WEB/node_modules/onnxruntime-node"
ln -s "$ROOT/node_modules/onnxruntime-web" "$WEB/node_modules/onnxruntime-web"
for ext in mts cts; do cp conformance/package/consumer-onnx-web.ts "$WEB/consumer-onnx-web.$ext"; done
tsconfig onnx-web node16 node16 '"node"' consumer-onnx-web.mts consumer-onnx-web.cts && mv "$APP/tsconfig.onnx-web.json" "$WEB/"
step "tsc onnxruntime-web-only consumer (onnx), node16 ESM .mts + CJS .cts, no onnxruntime-node installed" "$TSC" -p "$WEB/tsconfig.onnx-web.json"
#    the type-level tests of test/**/*.test-d.ts, which tsconfig.json's paths check against src/, against dist/ instead:
#    the ESM declarations (tsc's, one per source file) with exactOptionalPropertyTypes off as the repository has it, the
#    CJS ones (tsup's dts bundle, with its own chunks) with it on. Each pairing checks both declaration sets and both
#    settings in two runs (~7 s of CPU each) instead of four.
step "tsc test/**/*.test-d.ts against dist/*.d.ts (ESM declarations)" "$TSC" -p conformance/package/tsconfig.test-d.json
step "tsc test/**/*.test-d.ts against dist/*.d.cts (CJS declarations) + exact types" "$TSC" -p conformance/package/tsconfig.test-d.cjs.json

# 5. linters on the packed package
step "publint" npx --no-install publint --strict
step "attw --pack (strict profile: node10, node16 ESM/CJS, bundler)" npx --no-install attw --pack . --no-emoji --no-color

echo "$ok passed, $bad failed"
[ "$bad" -eq 0 ]
