#!/usr/bin/env bash
# Builds the production install of one UDF into OUT: exactly what its image holds.
#   scripts/prune-udf.sh <udf> <out>      e.g. scripts/prune-udf.sh inference /app
# Only the packages the UDF depends on (turbo prune), built, then pruned to production dependencies.
# The Dockerfiles run this in their build stage; tests run it here, where there is no Docker engine.
set -euo pipefail
udf=${1:?usage: prune-udf.sh <udf> <out>}
out=${2:?usage: prune-udf.sh <udf> <out>}
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/packages/$udf/package.json" ] || { echo "prune-udf: no package packages/$udf" >&2; exit 2; }
export ONNXRUNTIME_NODE_INSTALL=skip   # its install script would download CUDA files; the CPU runtime ships in the package

rm -rf "$out"
(cd "$root" && npx --no-install turbo prune "@numalogic/$udf" --out-dir "$out" >/dev/null)
cp "$root/tsconfig.base.json" "$out/"
cp -r "$root/protos" "$out/"
cd "$out"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
npx --no-install turbo run build --filter="@numalogic/$udf" --output-logs=errors-only >/dev/null
npm prune --omit=dev --no-audit --no-fund --loglevel=error
# Sources, tests and build state are not part of the image.
find node_modules -depth -type d -empty -delete
rm -rf .turbo packages/*/src packages/*/test packages/*/.turbo packages/*/*.tsbuildinfo protos tsconfig.base.json turbo.json
echo "prune-udf: $udf in $out ($(du -sh . | cut -f1))"
