#!/usr/bin/env python3
"""Run termalign over JSON Lines shards with Spark's RDD.pipe, then merge.

Each Spark partition is piped through one termalign process, which reads the
partition's articles (JSON Lines) on standard input and writes a partial
result on standard output; saveAsTextFile keeps one part-NNNNN file per
partition, and `termalign merge` sums the partials into what a single run
over all the articles writes.

    termalign_spark.py --bin target/release/termalign --input SHARDS_DIR \
        --partitions 4 --work OUT_DIR --output merged.csv [--mode concordance|suggest]

Modes:
  concordance  each partition: `termalign concordance --jsonl --quiet --jobs 1
               --by-concept - -o /dev/null -`; the merge writes the by-concept CSV
  suggest      each partition: `termalign suggest --jsonl --partial --quiet
               --jobs 1 -`; the merge writes the suggestions CSV

Runs Spark in local mode (local[CORES]); needs pyspark 3.5 and Java 17.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def partition_command(binary, mode, glossary, jobs):
    common = ["--quiet", "--jobs", str(jobs), *(["-g", glossary] if glossary else [])]
    if mode == "concordance":
        args = ["concordance", "--jsonl", *common, "--by-concept", "-", "-o", "/dev/null", "-"]
    else:
        args = ["suggest", "--jsonl", "--partial", *common, "-"]
    return shlex.join([binary, *args])


def spark_context(cores):
    # Spark must be set up before pyspark starts its JVM.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    log4j = HERE / "log4j2.properties"
    os.environ.setdefault(
        "PYSPARK_SUBMIT_ARGS",
        f"--driver-java-options -Dlog4j2.configurationFile=file:{log4j} pyspark-shell",
    )
    from pyspark import SparkConf, SparkContext

    conf = (SparkConf()
            .setMaster(f"local[{cores}]")
            .setAppName("termalign")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    return sc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the termalign binary")
    ap.add_argument("--input", required=True, help="folder of *.jsonl shards")
    ap.add_argument("--partitions", type=int, default=4, help="Spark partitions = termalign processes = partials")
    ap.add_argument("--cores", type=int, default=2, help="local[CORES]: partitions run at once")
    ap.add_argument("--jobs", type=int, default=1,
                    help="threads of each termalign process (default 1: Spark runs CORES of them at once)")
    ap.add_argument("--work", required=True, help="folder for the partials (replaced)")
    ap.add_argument("--output", required=True, help="the merged result")
    ap.add_argument("--mode", choices=["concordance", "suggest"], default="concordance")
    ap.add_argument("-g", "--glossary", help="glossary file (default: termalign's built-in one)")
    args = ap.parse_args()

    # RDD.pipe starts the command with an empty environment (no PATH) and
    # resolves relative paths against the worker's directory: use absolute ones.
    binary = str(Path(args.bin).resolve())
    glossary = str(Path(args.glossary).resolve()) if args.glossary else None
    shards = Path(args.input).resolve()
    if not list(shards.glob("*.jsonl")):
        sys.exit(f"termalign_spark: no *.jsonl under {shards}")
    parts_dir = Path(args.work).resolve() / "parts"
    if parts_dir.exists():
        shutil.rmtree(parts_dir)
    parts_dir.parent.mkdir(parents=True, exist_ok=True)

    command = partition_command(binary, args.mode, glossary, args.jobs)
    print(f"termalign_spark: each partition | {command}", file=sys.stderr)

    # Try the command on no input first, as RDD.pipe runs it (empty
    # environment): a wrong flag or path fails here in one clear message
    # instead of once per task inside Spark.
    trial = subprocess.run(shlex.split(command), input=b"", capture_output=True, env={})
    if trial.returncode != 0:
        sys.stderr.write(trial.stderr.decode("utf-8", "replace"))
        sys.exit(f"termalign_spark: the partition command fails on empty input (exit {trial.returncode})")

    t0 = time.monotonic()
    sc = spark_context(args.cores)
    t1 = time.monotonic()
    try:
        articles = sc.textFile(str(shards / "*.jsonl")).filter(lambda line: line.strip())
        partials = articles.repartition(args.partitions).pipe(command, checkCode=True)
        partials.saveAsTextFile(str(parts_dir))
    except Exception as e:  # py4j's error holds the whole Java trace
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        sys.exit(f"termalign_spark: the Spark job failed: {first}")
    finally:
        sc.stop()
    t2 = time.monotonic()

    # One part file per partition; one from a partition with no article holds
    # whatever termalign writes for no input (a header, or nothing).
    parts = sorted(parts_dir.glob("part-*"))
    empty = [p for p in parts if p.stat().st_size == 0]
    print(f"termalign_spark: {len(parts)} partials ({len(empty)} empty)", file=sys.stderr)
    feed = [p for p in parts if p.stat().st_size > 0]
    if not feed:
        sys.exit("termalign_spark: every partial is empty")
    merge = [binary, "merge", *(["-g", glossary] if glossary else []),
             *map(str, feed), "-o", args.output]
    if subprocess.run(merge).returncode != 0:
        sys.exit(f"termalign_spark: the merge failed: {shlex.join(merge)}")
    t3 = time.monotonic()
    print(f"termalign_spark: spark start {t1 - t0:.1f}s, job {t2 - t1:.1f}s, merge {t3 - t2:.1f}s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
