#!/usr/bin/env bash
# The main job: installs what it needs, builds in release, and runs `irl demo` on the embedded
# default problem (a gridworld with a hidden reward). Extra arguments go to `irl demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh
swift build -c release --product irl
.build/release/irl demo "$@"
