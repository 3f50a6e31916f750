#!/usr/bin/env bash
# Refreshes the README's screenshots of the panel: runs the browser test that takes them
# (it runs in every `bash .ci/run` too, writing target/screenshots/) and copies two of them
# into docs/screenshots/. Run after a change to the pages, then commit the pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test -Dtest=PanelOnPhoneBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
for name in panel-desktop panel-phone; do
  cp "target/screenshots/$name.png" "docs/screenshots/$name.png"
done
echo "docs/screenshots/ updated from target/screenshots/"
