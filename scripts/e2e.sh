#!/usr/bin/env bash
# End-to-end tests in headless Chromium against the gateway (embedded emulator): examples/web (its
# live task board and To Do list included), and the playground (Apollo Sandbox's GraphiQL fallback and /graphiql)
# with every outside host blocked.
# Uses Debian's chromium (installed here when missing; never downloaded by Playwright) and
# playwright-core from the root install. The screenshots land in test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "installing Debian's chromium"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y chromium
fi

npm ci --prefix examples/web --no-audit --no-fund
npm run --prefix examples/web build

mkdir -p test-artifacts
npx jest --ci --roots '<rootDir>/test/e2e' --testMatch '**/*.e2e.ts' "$@"
