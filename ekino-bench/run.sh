#!/usr/bin/env bash
# Builds and runs the ekino benchmarks; writes JMH JSON per round and a Markdown table.
#
#   ekino-bench/run.sh --quick    # about 5 minutes: 1 round, short iterations
#   ekino-bench/run.sh --full     # about 80 minutes: 3 rounds, longer iterations
#   ekino-bench/run.sh --quick Token   # only the groups whose name matches
#
# Each round runs every benchmark group once; the table gives each ratio (ekino's path over
# its baseline, both from the same round) as the median over rounds, because this kind of
# host drifts in speed by tens of percent from minute to minute. Set EKINO_TEST_POSTGRES_URL
# to include PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:---quick}"
only="${2:-}"
case "$mode" in
  --quick) rounds=1; jmh=(-f 1 -wi 1 -w 1s -i 3 -r 1s); per=20000 ;;
  --full) rounds=3; jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s); per=60000 ;;
  *) echo "usage: $0 [--quick|--full] [GROUP]" >&2; exit 2 ;;
esac

echo "building the benchmarks..." >&2
mvn -q -B -DskipTests -pl ekino-bench -am package >&2
jar=ekino-bench/target/benchmarks.jar
out="ekino-bench/target/results/$(date -u +%Y%m%dT%H%M%SZ)${mode/--/-}"
mkdir -p "$out"

stores=sqlite
if [ -n "${EKINO_TEST_POSTGRES_URL:-}" ]; then
  stores=sqlite,postgresql
fi
groups=(TokenBenchmark QrBenchmark ScanBenchmark MerkleBenchmark RegistryBenchmark ServerBenchmark)
for round in $(seq 1 "$rounds"); do
  for group in "${groups[@]}"; do
    if [ -n "$only" ] && [[ "$group" != *"$only"* ]]; then
      continue
    fi
    extra=()
    if [ "$group" = ServerBenchmark ]; then
      extra=(-p "perIteration=$per")
    elif [ "$group" = RegistryBenchmark ]; then
      extra=(-p "store=$stores" -p "perIteration=$per")
    elif [ "$group" = MerkleBenchmark ]; then
      extra=(-p "nodes=memory,$stores")
    fi
    echo "round $round/$rounds: $group" >&2
    java -jar "$jar" "$group" "${jmh[@]}" "${extra[@]}" -rf json -rff "$out/$group-$round.json" \
      > "$out/$group-$round.log" 2>&1 || { tail -20 "$out/$group-$round.log" >&2; exit 1; }
  done
done
java -cp "$jar" kz.ekino.bench.Report "$out" | tee "$out/report.md"
echo "results: $out" >&2
