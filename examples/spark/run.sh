#!/usr/bin/env bash
# End to end: build termalign, cut the seed articles (and NTREX-128, when
# ../shared/data/ntrex128 is there) into JSON Lines shards, run the Spark job
# (one termalign per partition, then `termalign merge`), run termalign once
# over all the shards, and compare. Exit 0 when the two are byte-identical.
#
#   examples/spark/run.sh [PARTITIONS]        (default 4)
#
# Environment: MODE (concordance, the default, or suggest: comparable-mode
# suggestions from `suggest --partial` partials), SHARDS (default 4), CORES
# (local[CORES], default 2), WORK (default target/spark-example), NTREX (the
# NTREX-128 folder).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
partitions=${1:-4}
mode=${MODE:-concordance}
case $mode in concordance | suggest) ;; *) echo "run.sh: MODE is concordance or suggest, not $mode" >&2; exit 2 ;; esac
shards=${SHARDS:-4}
cores=${CORES:-2}
work=${WORK:-$root/target/spark-example}
ntrex=${NTREX:-$root/../shared/data/ntrex128}
bin=$root/target/release/termalign

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

command -v java >/dev/null || { echo "run.sh: Spark needs Java (17 works): no java on PATH" >&2; exit 2; }
if ! python3 -c 'import pyspark' 2>/dev/null; then
    t=$(now)
    echo "run.sh: installing pyspark 3.5 (about 350 MB)" >&2
    python3 -m pip install --quiet 'pyspark>=3.5,<3.6'
    echo "run.sh: pyspark installed in $(since "$t")" >&2
fi
echo "run.sh: pyspark $(python3 -c 'import pyspark; print(pyspark.__version__)')" >&2

t=$(now)
(cd "$root" && cargo build --release --bins --quiet < /dev/null)
echo "run.sh: build $(since "$t")" >&2

mkdir -p "$work"
python3 "$here/make_shards.py" "$work/shards" "$shards" --seeds "$root/seeds" --ntrex "$ntrex"

t=$(now)
python3 "$here/termalign_spark.py" --bin "$bin" --input "$work/shards" \
    --partitions "$partitions" --cores "$cores" --work "$work" --output "$work/merged.csv" \
    --mode "$mode"
echo "run.sh: spark job and merge $(since "$t")" >&2

t=$(now)
case $mode in
    concordance) "$bin" --quiet concordance --jsonl "$work"/shards/*.jsonl --by-concept "$work/single.csv" -o /dev/null ;;
    suggest) "$bin" --quiet suggest --jsonl "$work"/shards/*.jsonl -o "$work/single.csv" ;;
esac
echo "run.sh: single run $(since "$t")" >&2

if cmp -s "$work/merged.csv" "$work/single.csv"; then
    echo "OK: $work/merged.csv ($(($(wc -l < "$work/merged.csv") - 1)) rows) equals the single run"
else
    echo "DIFFERENT: $work/merged.csv vs $work/single.csv" >&2
    diff -u "$work/single.csv" "$work/merged.csv" | head -40 >&2
    exit 1
fi
