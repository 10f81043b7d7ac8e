#!/usr/bin/env bash
# The one test command (README "Run the tests"; .ci/run calls it).
# Installs the package with its test extras, makes headless Chromium available for the
# browser tests (Debian package; never a downloaded browser), then runs the whole suite.
set -uo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]" || exit 1

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Debian chromium for the browser tests..."
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
            >/dev/null) || echo "could not install chromium: browser tests will report it"
    else
        echo "no /usr/bin/chromium and no root to apt-get it: browser tests will be skipped"
    fi
fi

python -m pytest "$@"
status=$?
if [ "$status" = 5 ]; then
    echo "pytest collected no tests"  # exit 5 is 'no tests', not a failure of the code
    exit 0
fi
exit "$status"
