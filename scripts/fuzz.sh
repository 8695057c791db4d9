#!/usr/bin/env bash
# Long fuzzing run of every parser (CI runs a short one inside `mvn verify`).
# Usage: scripts/fuzz.sh [ITERATIONS] [SEED]     e.g. scripts/fuzz.sh 5000000 42
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-2000000}"
seed="${2:-$RANDOM}"
echo "fuzzing with $iterations iterations, seed $seed" >&2
mvn -B -q -pl ekino-core test -Dtest=ParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dekino.fuzz.iterations="$iterations" -Dekino.fuzz.seed="$seed"
echo "no parser let anything but its declared outcome escape" >&2
