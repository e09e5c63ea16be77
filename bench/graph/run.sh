#!/usr/bin/env bash
# Side-by-side PageRank benchmark: Sillage against NetworKit, igraph, scipy, networkx and the Rust
# `graph` crate on Kronecker graphs (bench/graph/README.md says what it measures).
#
#   bench/graph/run.sh [peers.py options]     e.g. --scales 20 --tools sillage,networkit --timeout 300
#
# It prepares the virtualenv bench/graph/.venv from requirements.txt (again only when that file
# changes), builds the sillage CLI (to generate missing graphs), Sillage's graph-bench runner and
# the graph crate's example in release mode, then runs peers.py with their paths.
# Environment: SILLAGE_GRAPH_DATA, the data folder (default /var/tmp/sillage-graphs: graphs,
# ranks, logs, results); SILLAGE_GRAPH_BENCH, a graph-bench to use instead of building one;
# CARGO_TARGET_DIR as for cargo; PYTHON, the interpreter that makes the virtualenv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$want" >"$stamp"
fi

target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release --quiet -p sillage --bin sillage
cargo build --release --quiet -p sillage_bench --example peer_graph_crate
graph_bench="${SILLAGE_GRAPH_BENCH:-}"
if [ -z "$graph_bench" ]; then
    cargo build --release --quiet -p sillage_bench --bin graph-bench
    graph_bench="$target/release/graph-bench"
fi

exec "$venv/bin/python" "$here/peers.py" \
    --sillage "$target/release/sillage" \
    --graph-bench "$graph_bench" \
    --graph-crate "$target/release/examples/peer_graph_crate" \
    --data-dir "${SILLAGE_GRAPH_DATA:-/var/tmp/sillage-graphs}" \
    "$@"
