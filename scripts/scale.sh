#!/usr/bin/env bash
# Scale run of the registry's long-range reads (docs/registry.md, "Scale"): builds a registry
# database of N realistic records, times every monitoring query for a day, a week and a
# month, the revocation list, status lookups, proofs and the start-up count, prints the
# plans, and audits the whole log in a JVM of bounded heap. Long: never run by `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
Usage: scripts/scale.sh [OPTIONS] [STEP...]

Steps (default: build measure audit; build is skipped when the database already exists):
  build      bulk-load N records: a year of ~100 cinemas over the regions, ~360 films, six
             screenings a day per hall, ~2 % refunds, admissions, late uploads; real
             submissions (placeholder vendor signatures), leaf hashes by LogEntry, nodes by
             the registry's MerkleTree, a head signed with the TEST-ONLY registry key
  measure    time each query (median of 3) and print EXPLAIN QUERY PLAN / EXPLAIN
  audit      LogAudit over the whole log in a JVM limited to --audit-heap

Options:
  --records N        records in the log (default 5000000)
  --dialect D        sqlite (default) or postgresql
  --db X             sqlite: database file (default ekino-bench/target/scale/ekino-scale-N.db)
                     postgresql: a server JDBC URL (default $EKINO_TEST_POSTGRES_URL); the data
                     go into schema ekino_scale_N, which build drops and recreates
  --out FILE         also write the measure report there
                     (default ekino-bench/target/scale/scale-DIALECT-N.md)
  --audit-heap SIZE  -Xmx of the audit JVM (default 256m)
  --rebuild          build even if the database exists
  --no-package       do not rebuild ekino-bench/target/benchmarks.jar
  -h, --help         this text

Output: progress on stderr; the measure report (a Markdown table: query, range, median ms,
rows, plan summary; then every plan in full) on stdout and in --out; the audit's time and
heap on stdout. Everything runs under `nice -n 10`. On a 2-core machine 5 000 000 records take
about 4.5 min to build on SQLite (a 4 GB file), 1 min to measure and 30 s to audit; on
PostgreSQL about 3 min to build (COPY, then indexes and VACUUM ANALYZE) and 1.5 min to measure.
For PostgreSQL measure with JIT off, as the registry should run: put options=-c%20jit=off in
the --db URL (docs/registry.md, "Scale").
EOF
}

records=5000000
dialect=sqlite
db=""
out=""
heap=256m
rebuild=0
package=1
steps=()
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --dialect) dialect="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --audit-heap) heap="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    --no-package) package=0; shift ;;
    -h|--help) usage; exit 0 ;;
    build|measure|audit) steps+=("$1"); shift ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ${#steps[@]} -eq 0 ]; then
  steps=(build measure audit)
fi
mkdir -p ekino-bench/target/scale
out="${out:-ekino-bench/target/scale/scale-$dialect-$records.md}"

exists=0
case "$dialect" in
  sqlite)
    db="${db:-ekino-bench/target/scale/ekino-scale-$records.db}"
    url="jdbc:sqlite:$db"
    [ -s "$db" ] && exists=1
    ;;
  postgresql)
    server="${db:-${EKINO_TEST_POSTGRES_URL:-}}"
    if [ -z "$server" ]; then
      echo "postgresql needs --db JDBC_URL or EKINO_TEST_POSTGRES_URL" >&2
      exit 2
    fi
    schema="ekino_scale_$records"
    sep='?'; [[ "$server" == *\?* ]] && sep='&'
    url="$server${sep}currentSchema=$schema"
    ;;
  *) echo "unknown dialect $dialect (sqlite or postgresql)" >&2; exit 2 ;;
esac

if [ "$package" = 1 ]; then
  echo "building ekino-bench/target/benchmarks.jar..." >&2
  mvn -q -B -Dstyle.color=never -DskipTests -pl ekino-bench -am package >&2
fi
jar=ekino-bench/target/benchmarks.jar
run() {
  nice -n 10 java -cp "$jar" kz.ekino.bench.scale.ScaleRun "$@"
}
has_schema() {
  java -cp "$jar" kz.ekino.bench.scale.PgSchema exists "$server" "$schema"
}

for step in "${steps[@]}"; do
  case "$step" in
    build)
      if [ "$dialect" = postgresql ]; then
        if [ "$rebuild" = 0 ] && has_schema; then
          echo "schema $schema exists: not rebuilding (--rebuild to force)" >&2
          continue
        fi
        java -cp "$jar" kz.ekino.bench.scale.PgSchema recreate "$server" "$schema"
      else
        if [ "$exists" = 1 ] && [ "$rebuild" = 0 ]; then
          echo "$db exists: not rebuilding (--rebuild to force)" >&2
          continue
        fi
        rm -f "$db" "$db-wal" "$db-shm" "$db.building"*
      fi
      echo "building $records records ($dialect)..." >&2
      target="$url"
      # SQLite builds under another name, so that a failed build leaves no database behind.
      [ "$dialect" = sqlite ] && target="jdbc:sqlite:$db.building"
      /usr/bin/time -f "build: %e s wall, %M KB max RSS" nice -n 10 \
        java -cp "$jar" kz.ekino.bench.scale.ScaleRun build "$target" "$records"
      if [ "$dialect" = sqlite ]; then
        mv "$db.building" "$db"
        ls -l "$db" >&2
      fi
      ;;
    measure)
      run measure "$url" "$out"
      echo "report written to $out" >&2
      ;;
    audit)
      /usr/bin/time -f "audit: %e s wall, %M KB max RSS" \
        nice -n 10 java "-Xmx$heap" -cp "$jar" kz.ekino.bench.scale.ScaleRun audit "$url"
      ;;
  esac
done
