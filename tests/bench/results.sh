#!/bin/sh
# results.sh TABLE STARTED SECONDS SIZES: bench/results.md on stdout: the
# machine the figures were measured on, and the figures (tests/bench/run
# writes it after a run in which every measurement did its work).
set -eu
table=$1 started=$2 took=$3 sizes=$4
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
dev=$(df --output=source "${DUN_BENCH_DIR:-/var/tmp/dun-bench}" | tail -1)
rot=$(cat "/sys/block/$(basename "$dev")/queue/rotational" 2>/dev/null || true)
disk="$dev, $(df -h --output=size "${DUN_BENCH_DIR:-/var/tmp/dun-bench}" | tail -1 | tr -d ' '), $(df --output=fstype "${DUN_BENCH_DIR:-/var/tmp/dun-bench}" | tail -1)"
case $rot in 0) disk="$disk, not rotational" ;; 1) disk="$disk, rotational" ;; esac
cat <<MD
# make bench: results

Written by \`make bench\` (tests/bench/run) on $started; the run took $took s,
books $sizes. Medians of ${BENCH_RUNS:-3} runs, each interleaved with its
baseline, unless the figure says otherwise. A ratio is dun over the baseline.

Machine: $cpu, $(nproc) CPUs; $mem of memory; disk $disk;
$("$(pg_config --bindir)/postgres" --version) (the bench's own cluster: fsync off, shared_buffers 256MB,
Unix socket only); $(uname -sr); $("${DUN:-build/dun}" --version).

| figure | dun | baseline | ratio | target | verdict |
|---|---|---|---|---|---|
MD
sed 's/^/| /; s/$/ |/' "$table"

[ ! -f bench/notes.md ] || { echo; cat bench/notes.md; }
