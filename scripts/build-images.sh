#!/usr/bin/env bash
# Builds the five UDF images from the repository root (needs a Docker engine).
#   scripts/build-images.sh [registry] [tag]      default: numalogic 0.1.0 (what charts/numalogic expects)
set -euo pipefail
registry=${1:-numalogic}
tag=${2:-0.1.0}
cd "$(dirname "$0")/.."
for udf in preprocess inference threshold postprocess trainer; do
  echo "== $registry/$udf:$tag"
  docker build -f "packages/$udf/Dockerfile" -t "$registry/$udf:$tag" .
done
