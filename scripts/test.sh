#!/usr/bin/env bash
# The test command: installs what it needs, then runs every Swift test (and the Python tests
# when the python/ package is present).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh
swift build --build-tests
swift test --skip-build
if [ -d python/tests ]; then
    # The Python package calls the C ABI: build the dynamic library and point the package at it.
    swift build --product imitationgame
    IMITATION_GAME_LIB="$(swift build --show-bin-path)/libimitationgame.so" python3 -m pytest -q python/tests
fi
