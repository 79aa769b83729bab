#!/usr/bin/env bash
# Builds the libFuzzer harness for NumPyIO's .npy and .npz readers with AddressSanitizer and runs it.
#
#   Fuzz/run-numpy-fuzzer.sh [seconds] [extra libFuzzer flags…]
#
# The harness is its own package (Fuzz/Package.swift) that depends on the main package by path,
# so a normal `swift build` never sees it. Everything it builds goes to .build-fuzz/ (git-ignored).
# New interesting inputs go to .build-fuzz/corpus; crashes to .build-fuzz/artifacts/. Seeds and
# every crasher worth keeping live in Tests/NumPyIOTests/FuzzCorpus/, which the normal test
# suite replays (FuzzCorpusTests).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-600}"
shift || true
scratch="$root/.build-fuzz"

# SwiftPM caches the main package's file list per scratch folder; touching the manifest makes
# it notice files added to Sources/NumPyIO since the last fuzz build.
touch "$root/Fuzz/Package.swift"
set +e
swift build --package-path "$root/Fuzz" --scratch-path "$scratch" -c debug \
    -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -v "Cannot export local symbol"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "run-numpy-fuzzer: build failed ($status)" >&2
    exit "$status"
fi

mkdir -p "$scratch/corpus" "$scratch/artifacts"
# Swift's own crash backtracer fights ASan's; ZIPFoundation's known leak is suppressed (see lsan.supp).
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp"
exec "$scratch/debug/NumPyFuzzer" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -dict="$root/Fuzz/numpy.dict" -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 \
    "$@" "$scratch/corpus" "$root/Tests/NumPyIOTests/FuzzCorpus"
