"""PageRank with one Python peer (NetworKit, igraph, scipy or networkx) on a binary edge file.

What is measured, in this process: loading the edge file and building the tool's graph (`build_s`,
the file read included), then its PageRank (`pagerank_s`). It prints one JSON line shaped like
Sillage's `graph-bench` and, with --ranks-out, writes the ranks as n little-endian f64 indexed by
the original vertex id. `bench/graph/peers.py` runs it as a subprocess and measures its peak memory
and wall time from outside; see bench/graph/README.md.

How each tool is run (damping 0.85, uniform start 1/n, all n vertices, dangling rank spread over
every vertex, as Sillage's "redistribute"):

- networkit: `PageRank(..., distributeSinks=SinkHandling.DistributeSinks)` with `maxIterations` = N and a
  negative tolerance, so it runs exactly N Jacobi iterations (networkit/cpp/centrality/PageRank.cpp:
  it stops when iterations >= maxIterations or when the norm of the change is <= tol).
- igraph: `Graph.pagerank()` solves with PRPACK to convergence; it has no iteration count, so its
  whole solve is timed and its ranks are checked against Sillage at convergence.
- scipy: the transposed transition matrix as CSR, then exactly N sparse matrix–vector products
  with the dangling term, float64.
- networkx: `nx.pagerank(max_iter=N, tol=0)` is timed (it raises PowerIterationFailedConvergence
  after exactly N iterations); the ranks come from a second call run to convergence
  (`max_iter=200, tol=1e-13`), checked against Sillage at convergence.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np

DAMPING = 0.85
MAGIC = b"SLGEDGE1"


def read_edges(path):
    """The header's vertex and edge counts and the (m, 2) array of u32 (source, target) pairs."""
    with open(path, "rb") as f:
        header = f.read(32)
    if len(header) != 32 or header[:8] != MAGIC:
        sys.exit(f"{path}: not a SLGEDGE1 edge file")
    vertices, edges, _flags = np.frombuffer(header[8:], dtype="<u8")
    pairs = np.fromfile(path, dtype="<u4", offset=32).reshape(-1, 2)
    if pairs.shape[0] != edges:
        sys.exit(f"{path}: the header announces {edges} edges, the file holds {pairs.shape[0]}")
    return int(vertices), int(edges), pairs


def run_networkit(path, threads, iterations):
    import networkit as nk

    nk.setNumberOfThreads(threads)
    start = time.perf_counter()
    n, m, pairs = read_edges(path)
    sources = np.ascontiguousarray(pairs[:, 0])
    targets = np.ascontiguousarray(pairs[:, 1])
    del pairs
    graph = nk.GraphFromCoo((sources, targets), n=n, directed=True)
    del sources, targets
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    # `SinkHandling.DistributeSinks`: in networkit 11.3 the class spells the documented
    # `DISTRIBUTE_SINKS` as `L2_NORM` (centrality.pyx), and keeps this older name for it.
    pr = nk.centrality.PageRank(
        graph, damp=DAMPING, tol=-1.0, distributeSinks=nk.centrality.SinkHandling.DistributeSinks
    )
    pr.maxIterations = iterations
    pr.run()
    pagerank_s = time.perf_counter() - start
    done = pr.numberOfIterations()
    if done != iterations:
        sys.exit(f"networkit ran {done} iterations, not {iterations}")
    return n, m, build_s, pagerank_s, iterations, np.asarray(pr.scores(), dtype="<f8"), {}


def run_igraph(path, threads, iterations):
    import igraph as ig

    start = time.perf_counter()
    n, m, pairs = read_edges(path)
    # A NumPy array goes to igraph's C layer as one buffer (igraph converts it to its integer
    # type); a Python list of pairs would cost a Python object per edge.
    graph = ig.Graph(n=n, edges=pairs, directed=True)
    del pairs
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    ranks = graph.pagerank(damping=DAMPING, directed=True)
    pagerank_s = time.perf_counter() - start
    return n, m, build_s, pagerank_s, "solver", np.asarray(ranks, dtype="<f8"), {"implementation": "prpack"}


def run_scipy(path, threads, iterations):
    import scipy.sparse as sp

    start = time.perf_counter()
    n, m, pairs = read_edges(path)
    sources = pairs[:, 0].astype(np.int64)
    targets = pairs[:, 1].astype(np.int64)
    del pairs
    out_degree = np.bincount(sources, minlength=n).astype(np.float64)
    # Row v of the transposed transition matrix holds 1/outdeg(u) for each in-neighbour u.
    matrix = sp.csr_matrix((1.0 / out_degree[sources], (targets, sources)), shape=(n, n))
    del sources, targets
    dangling = np.flatnonzero(out_degree == 0)
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    ranks = np.full(n, 1.0 / n)
    for _ in range(iterations):
        spread = ranks[dangling].sum()
        ranks = DAMPING * (matrix @ ranks) + ((1.0 - DAMPING) + DAMPING * spread) / n
    pagerank_s = time.perf_counter() - start
    return n, m, build_s, pagerank_s, iterations, ranks, {}


def run_networkx(path, threads, iterations):
    import networkx as nx

    start = time.perf_counter()
    n, m, pairs = read_edges(path)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(pairs.tolist())
    del pairs
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    try:
        nx.pagerank(graph, alpha=DAMPING, max_iter=iterations, tol=0.0)
        sys.exit("networkx converged with tol=0, which should not happen")
    except nx.PowerIterationFailedConvergence:
        pass
    pagerank_s = time.perf_counter() - start

    start = time.perf_counter()
    by_node = nx.pagerank(graph, alpha=DAMPING, max_iter=200, tol=1e-13)
    check_s = time.perf_counter() - start
    ranks = np.fromiter((by_node[v] for v in range(n)), dtype="<f8", count=n)
    return n, m, build_s, pagerank_s, iterations, ranks, {"check_s": check_s, "check": "max_iter=200, tol=1e-13"}


TOOLS = {
    "networkit": run_networkit,
    "igraph": run_igraph,
    "scipy": run_scipy,
    "networkx": run_networkx,
}


def version_of(tool):
    module = {"networkit": "networkit", "igraph": "igraph", "scipy": "scipy", "networkx": "networkx"}[tool]
    return __import__(module).__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", required=True, choices=sorted(TOOLS))
    parser.add_argument("--edges", required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--iterations", type=int, required=True)
    parser.add_argument("--dangling", choices=["redistribute"], default="redistribute")
    parser.add_argument("--ranks-out")
    args = parser.parse_args()
    if args.iterations < 1 or args.threads < 1:
        parser.error("--threads and --iterations take whole numbers of at least 1")

    n, m, build_s, pagerank_s, iterations, ranks, extra = TOOLS[args.tool](
        args.edges, args.threads, args.iterations
    )
    if ranks.shape != (n,):
        sys.exit(f"{args.tool} returned {ranks.shape[0]} ranks for {n} vertices")
    if args.ranks_out:
        ranks.astype("<f8").tofile(args.ranks_out)

    fixed = isinstance(iterations, int)
    per_iteration_s = pagerank_s / iterations if fixed else None
    line = {
        "tool": args.tool,
        "version": version_of(args.tool),
        "threads": args.threads,
        "vertices": n,
        "edges": m,
        "build_s": build_s,
        "reorder_s": 0.0,
        "iterations": iterations,
        "pagerank_s": pagerank_s,
        "per_iteration_s": per_iteration_s,
        "ns_per_edge_iteration": per_iteration_s * 1e9 / m if fixed and m else None,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    line.update(extra)
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
