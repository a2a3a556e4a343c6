# Shared prologue of every studies/<name>/run.sh (sourced, not run):
# set `default_runs` first, then `. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"`.
# Builds the release binary, goes to the repository root and sets:
#   here    the study's folder          root  the repository root
#   rel     the study's folder relative to the root (scenario paths as reports print them)
#   canopy  the binary                  runs  $RUNS or default_runs
#   seed    1                           out   $here/out, emptied
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
rel="${here#"$root"/}"
cargo build --release --locked -p canopy-cli
canopy="${CARGO_TARGET_DIR:-$root/target}/release/canopy"
runs="${RUNS:-$default_runs}"
seed=1
out="$here/out"
rm -rf "$out"
mkdir -p "$out"
