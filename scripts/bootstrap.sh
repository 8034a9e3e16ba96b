#!/usr/bin/env bash
# One-time set-up of a fresh machine: system tools (bubblewrap for the local sandbox, debootstrap for
# building agent images offline, chromium to render the HTML report in tests) and this package with its test extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v chromium >/dev/null 2>&1 || need+=(chromium)  # the HTML report's rendering test
command -v slurmctld >/dev/null 2>&1 || need+=(slurm-wlm)  # a one-node cluster for the Slurm executor tests
command -v munged >/dev/null 2>&1 || need+=(munge)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "bootstrap: please install ${need[*]} (e.g. sudo apt-get install ${need[*]})" >&2
  fi
fi
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".[dev]"
