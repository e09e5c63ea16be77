"""Side-by-side PageRank: Sillage against NetworKit, igraph, scipy, networkx and the Rust `graph` crate.

What is measured: for each Kronecker graph and each tool (and thread count), the time to load the
edge file and build the tool's graph, the time per PageRank iteration, nanoseconds per edge per
iteration, and the process's peak resident memory (max RSS from `wait4`, the interpreter and its
libraries included for the Python tools). Every tool runs as its own subprocess, pinned to T CPUs
when it runs with T threads, under a wall-clock limit and a memory limit.

No time is printed for a tool before its ranks agree with Sillage's on the same graph: L1 distance
(sum of |a - b|) at most 1e-4 and at least 95 of the same vertices among the top 100.

- NetworKit and scipy run exactly N power iterations with dangling rank spread over all vertices:
  checked against Sillage's N iterations ("redistribute").
- igraph (PRPACK) and networkx are checked at convergence, against Sillage at --check-iterations
  (100: converged to about 1e-7); igraph has no iteration count, so its whole solve is timed.
- The graph crate drops dangling rank and updates in place (Gauss–Seidel), so after N iterations it
  is not the power iteration's vector: a second run of it at --check-iterations is checked against
  Sillage at as many iterations with `--dangling drop`.

How to run: `bench/graph/run.sh` (builds the programs, prepares the virtualenv, then runs this with
the paths filled in); `bench/graph/README.md` has the options.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# Edge factor per scale, as in the issue: Graph500's 16, and 8 at scale 24 to fit the machine.
DEGREE = {20: 16, 22: 16, 24: 8}
DEFAULT_DEGREE = 16

TOOLS = ["sillage", "networkit", "graph-crate", "scipy", "igraph", "networkx"]
# Tools that run on one thread whatever --threads says.
SINGLE_THREADED = {"scipy", "igraph", "networkx"}

L1_MAX = 1e-4
TOP = 100
TOP_MIN = 95


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Running one program


class Outcome:
    """How one subprocess ended: status is ok, timeout, memory or failed."""

    def __init__(self, status, result, wall_s, peak_rss_bytes, message=""):
        self.status = status
        self.result = result
        self.wall_s = wall_s
        self.peak_rss_bytes = peak_rss_bytes
        self.message = message


def current_rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_program(argv, threads, options, log_path):
    """Runs argv pinned to `threads` CPUs; returns its Outcome with its last JSON line."""
    cpus = sorted(os.sched_getaffinity(0))
    pin = cpus[:threads] if options.pin and threads < len(cpus) else None
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)

    def prepare():
        if pin is not None:
            os.sched_setaffinity(0, pin)

    out_path = log_path.with_suffix(".out")
    with open(out_path, "wb") as out, open(log_path, "wb") as err:
        err.write(("$ " + " ".join(map(str, argv)) + "\n").encode())
        err.flush()
        started = time.monotonic()
        child = subprocess.Popen(
            [str(a) for a in argv], stdout=out, stderr=err, env=env, preexec_fn=prepare, start_new_session=True
        )
        killed = None
        try:
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid != 0:
                    break
                elapsed = time.monotonic() - started
                if elapsed > options.timeout:
                    killed = "timeout"
                elif current_rss_bytes(child.pid) > options.memory_limit_bytes:
                    killed = "memory"
                if killed is not None:
                    os.killpg(child.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(child.pid, 0)
                    break
                time.sleep(0.05 if elapsed < 5 else 0.25)
        except BaseException:
            # The child runs in its own session (so that a timeout kills all it started): an
            # interrupted harness must end it itself.
            os.killpg(child.pid, signal.SIGKILL)
            os.wait4(child.pid, 0)
            child.returncode = -signal.SIGKILL
            raise
        wall_s = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * 1024
    if killed == "timeout":
        return Outcome("timeout", None, wall_s, peak, f"did not finish in {fmt_minutes(options.timeout)}")
    if killed == "memory":
        return Outcome("memory", None, wall_s, peak, f"went past the {options.memory_limit_gib:g} GiB memory limit")
    lines = [l for l in out_path.read_text(errors="replace").splitlines() if l.startswith("{")]
    if child.returncode != 0 or not lines:
        tail = [l for l in log_path.read_text(errors="replace").splitlines() if l.strip()][-1:]
        why = f"exit {child.returncode}" if child.returncode != 0 else "printed no JSON line"
        return Outcome("failed", None, wall_s, peak, f"failed ({why}): {' '.join(tail)[:200]}")
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError as e:
        return Outcome("failed", None, wall_s, peak, f"failed: unreadable JSON line ({e})")
    return Outcome("ok", result, wall_s, peak)


def fmt_minutes(seconds):
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


# ---------------------------------------------------------------------------------------------
# Ranks


def read_ranks(path, n):
    ranks = np.fromfile(path, dtype="<f8")
    if ranks.size != n:
        raise ValueError(f"{path.name}: {ranks.size} ranks for {n} vertices")
    return ranks


def top_ids(ranks, k=TOP):
    """The k highest-ranked vertices, ties broken by the smaller id so the set is well defined."""
    k = min(k, ranks.size)
    threshold = np.partition(ranks, ranks.size - k)[ranks.size - k]
    candidates = np.flatnonzero(ranks >= threshold)
    order = np.lexsort((candidates, -ranks[candidates]))
    return set(candidates[order[:k]].tolist())


def agreement(peer_path, reference_path, n):
    """(L1 distance, top-100 overlap) between two ranks files."""
    peer = read_ranks(peer_path, n)
    reference = read_ranks(reference_path, n)
    l1 = float(np.abs(peer - reference).sum())
    overlap = len(top_ids(peer) & top_ids(reference))
    return l1, overlap


def agrees(l1, overlap):
    return l1 <= L1_MAX and overlap >= min(TOP_MIN, TOP)


# ---------------------------------------------------------------------------------------------
# The benchmark


class Bench:
    def __init__(self, options):
        self.options = options
        self.data = Path(options.data_dir)
        self.logs = self.data / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.results_path = Path(options.results) if options.results else self.data / f"peers-{stamp}.jsonl"
        self.results_path.parent.mkdir(parents=True, exist_ok=True)
        self.results = open(self.results_path, "a")
        self.rows = []
        # (tool, threads) -> the scale at which it ran out of time or memory.
        self.gave_up = {}
        self.threads = sorted(set(options.threads), reverse=True)
        self.max_threads = self.threads[0]
        # scale -> Sillage's seconds for --check-iterations, the yardstick of solvers' whole solve.
        self.converged_seconds = {}

    def record(self, line):
        self.results.write(json.dumps(line) + "\n")
        self.results.flush()

    def graph_path(self, scale):
        return self.data / f"kron{scale}.edges"

    def ensure_graph(self, scale):
        path = self.graph_path(scale)
        if path.exists():
            return path
        if not self.options.sillage:
            sys.exit(f"{path} is missing and no --sillage binary was given to generate it")
        degree = DEGREE.get(scale, DEFAULT_DEGREE)
        log(f"generating {path} (scale {scale}, edge factor {degree}, seed 1)")
        argv = [self.options.sillage, "gen", "kron", "--scale", scale, "--degree", degree, "--seed", 1, "--out", path]
        done = subprocess.run([str(a) for a in argv])
        if done.returncode != 0 or not path.exists():
            sys.exit(f"generating {path} failed (exit {done.returncode}): {' '.join(map(str, argv))}")
        return path

    @staticmethod
    def header(path):
        with open(path, "rb") as f:
            raw = f.read(32)
        if raw[:8] != b"SLGEDGE1":
            sys.exit(f"{path}: not a SLGEDGE1 edge file")
        vertices, edges, _ = np.frombuffer(raw[8:], dtype="<u8")
        return int(vertices), int(edges)

    def ranks_path(self, scale, name):
        return self.data / f"ranks-{scale}-{name}.f64"

    # -- programs --------------------------------------------------------------------------

    def sillage_argv(self, graph, threads, iterations, dangling, ranks):
        argv = [self.options.graph_bench, "--edges", graph, "--threads", threads, "--iterations", iterations]
        argv += ["--dangling", dangling] + self.options.sillage_args.split()
        return argv + (["--ranks-out", ranks] if ranks else [])

    def graph_crate_argv(self, graph, threads, iterations, ranks):
        argv = [self.options.graph_crate, "--edges", graph, "--threads", threads, "--iterations", iterations]
        argv += ["--dangling", "drop"]
        return argv + (["--ranks-out", ranks] if ranks else [])

    def python_argv(self, tool, graph, threads, iterations, ranks):
        argv = [sys.executable, HERE / "python_peer.py", "--tool", tool, "--edges", graph]
        return argv + ["--threads", threads, "--iterations", iterations, "--ranks-out", ranks]

    def run(self, scale, tool, threads, role, argv):
        """Runs one program, records its outcome (JSON line and harness figures), returns it."""
        label = f"scale {scale}: {tool}, {threads} thread{'s' if threads > 1 else ''} ({role})"
        log(f"{label} ...")
        outcome = run_program(argv, threads, self.options, self.logs / f"{scale}-{tool}-t{threads}-{role}.log")
        if outcome.status == "ok":
            r = outcome.result
            took = r.get("per_iteration_s")
            took = f"{took:.4g} s/iteration" if took is not None else f"solve {r.get('pagerank_s', 0):.4g} s"
            log(f"{label}: build {r.get('build_s', 0):.3g} s, {took}, peak {outcome.peak_rss_bytes / 2**20:.0f} MiB")
        else:
            log(f"{label}: {outcome.message}")
        self.record(
            {
                "scale": scale,
                "tool": tool,
                "threads": threads,
                "role": role,
                "status": outcome.status,
                "message": outcome.message,
                "wall_s": outcome.wall_s,
                "harness_peak_rss_bytes": outcome.peak_rss_bytes,
                "result": outcome.result,
            }
        )
        return outcome

    # -- one scale ---------------------------------------------------------------------------

    def scale(self, scale):
        """Runs every tool on one graph; the ranks files it writes are gone when it returns."""
        to_delete = []
        try:
            self.run_scale(scale, to_delete)
        finally:
            for path in to_delete:
                path.unlink(missing_ok=True)

    def run_scale(self, scale, to_delete):
        o = self.options
        graph = self.ensure_graph(scale)
        n, m = self.header(graph)
        log(f"scale {scale}: {graph} ({n:,} vertices, {m:,} edges)")
        tools = o.tools
        references = {}  # name -> (ranks path, outcome)

        def reference(name, iterations, dangling):
            """Sillage's ranks at `iterations` with `dangling`, computed once per scale."""
            if name not in references:
                path = self.ranks_path(scale, f"sillage-{name}")
                to_delete.append(path)
                argv = self.sillage_argv(graph, self.max_threads, iterations, dangling, path)
                outcome = self.run(scale, "sillage", self.max_threads, f"reference {name}", argv)
                references[name] = (path if outcome.status == "ok" else None, outcome)
            return references[name]

        def add_row(tool, threads, outcome, check=None, note=""):
            """check: (l1, overlap) or a message saying why there is none."""
            self.rows.append(
                {"scale": scale, "vertices": n, "edges": m, "tool": tool, "threads": threads,
                 "outcome": outcome, "check": check, "note": note}
            )
            if isinstance(check, tuple):
                self.record({"scale": scale, "tool": tool, "threads": threads, "role": "check",
                             "l1": check[0], "top100": check[1], "agrees": agrees(*check)})

        def checked(peer_ranks, reference_name, iterations, dangling):
            ref_path, ref_outcome = reference(reference_name, iterations, dangling)
            if ref_path is None:
                return f"no reference: Sillage {ref_outcome.message}"
            try:
                return agreement(peer_ranks, ref_path, n)
            except (OSError, ValueError) as e:
                return f"ranks unreadable: {e}"

        def skipped(tool, threads):
            key = (tool, threads)
            if key in self.gave_up:
                note = f"skipped: did not finish at scale {self.gave_up[key]}"
                add_row(tool, threads, Outcome("skipped", None, 0.0, 0, note))
                log(f"scale {scale}: {tool}, {threads} thread{'s' if threads > 1 else ''}: {note}")
                return True
            return False

        def gave_up(tool, threads, outcome):
            if outcome.status in ("timeout", "memory"):
                self.gave_up.setdefault((tool, threads), scale)

        def counts_ok(outcome):
            r = outcome.result
            if outcome.status == "ok" and (r.get("vertices") != n or r.get("edges") != m):
                outcome.status = "failed"
                outcome.message = f"failed: reports {r.get('vertices')} vertices, {r.get('edges')} edges"
            return outcome.status == "ok"

        # Sillage: the baseline, and the reference for the fixed-iteration peers (its run with the
        # most threads); the other thread counts are checked against it.
        fixed_name = f"redistribute-{o.iterations}"
        for threads in self.threads:
            if skipped("sillage", threads):
                continue
            path = self.ranks_path(scale, f"sillage-t{threads}")
            to_delete.append(path)
            argv = self.sillage_argv(graph, threads, o.iterations, "redistribute", path)
            outcome = self.run(scale, "sillage", threads, "timed", argv)
            gave_up("sillage", threads, outcome)
            if not counts_ok(outcome):
                add_row("sillage", threads, outcome)
                if threads == self.max_threads:
                    references[fixed_name] = (None, outcome)
                continue
            if threads == self.max_threads:
                references[fixed_name] = (path, outcome)
                add_row("sillage", threads, outcome, check=(0.0, TOP), note="baseline")
            else:
                add_row("sillage", threads, outcome, check=checked(path, fixed_name, o.iterations, "redistribute"))

        converged = f"redistribute-{o.check_iterations}"
        converged_drop = f"drop-{o.check_iterations}"

        if "networkit" in tools:
            for threads in self.threads:
                if skipped("networkit", threads):
                    continue
                path = self.ranks_path(scale, f"networkit-t{threads}")
                to_delete.append(path)
                outcome = self.run(scale, "networkit", threads, "timed",
                                   self.python_argv("networkit", graph, threads, o.iterations, path))
                gave_up("networkit", threads, outcome)
                check = checked(path, fixed_name, o.iterations, "redistribute") if counts_ok(outcome) else None
                add_row("networkit", threads, outcome, check)
                path.unlink(missing_ok=True)

        if "graph-crate" in tools:
            check = None
            for threads in self.threads:
                if skipped("graph-crate", threads):
                    continue
                outcome = self.run(scale, "graph-crate", threads, "timed",
                                   self.graph_crate_argv(graph, threads, o.iterations, None))
                gave_up("graph-crate", threads, outcome)
                if counts_ok(outcome) and check is None:
                    # One check per scale, with the most threads that ran: its ranks after
                    # --check-iterations against Sillage's with dangling rank dropped.
                    path = self.ranks_path(scale, "graph-crate-check")
                    to_delete.append(path)
                    argv = self.graph_crate_argv(graph, threads, o.check_iterations, path)
                    check_outcome = self.run(scale, "graph-crate", threads, "check", argv)
                    if check_outcome.status == "ok":
                        check = checked(path, converged_drop, o.check_iterations, "drop")
                    else:
                        check = f"check run {check_outcome.message}"
                    path.unlink(missing_ok=True)
                add_row("graph-crate", threads, outcome, check if outcome.status == "ok" else None,
                        note=f"f32, in place; checked at {o.check_iterations} iterations against Sillage --dangling drop")

        for tool in ("scipy", "igraph", "networkx"):
            if tool not in tools or skipped(tool, 1):
                continue
            path = self.ranks_path(scale, tool)
            to_delete.append(path)
            outcome = self.run(scale, tool, 1, "timed", self.python_argv(tool, graph, 1, o.iterations, path))
            gave_up(tool, 1, outcome)
            check = None
            if counts_ok(outcome):
                if tool == "scipy":
                    check = checked(path, fixed_name, o.iterations, "redistribute")
                else:
                    check = checked(path, converged, o.check_iterations, "redistribute")
            add_row(tool, 1, outcome, check)
            path.unlink(missing_ok=True)

        if converged in references and references[converged][0] is not None:
            self.converged_seconds[scale] = references[converged][1].result.get("pagerank_s")

    # -- report ------------------------------------------------------------------------------

    def baseline(self, scale):
        for row in self.rows:
            if row["scale"] == scale and row["tool"] == "sillage" and row["note"] == "baseline":
                return row["outcome"].result
        return None

    def table(self):
        o = self.options
        base_label = f"Sillage {self.max_threads} thread{'s' if self.max_threads > 1 else ''}"
        lines = [
            f"| tool | threads | scale | vertices | edges | build s | s/iteration | ns/edge/iteration "
            f"| peak RSS MiB | L1 | top-{TOP} | speed-up of {base_label} |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in self.rows:
            outcome, check = row["outcome"], row["check"]
            cells = [row["tool"], str(row["threads"]), str(row["scale"]), f"{row['vertices']:,}", f"{row['edges']:,}"]
            l1 = top = "—"
            if row["note"] == "baseline":
                l1 = top = "reference"
            elif isinstance(check, tuple):
                l1, top = f"{check[0]:.1e}", str(check[1])
            if outcome.status != "ok":
                rss = f"≥ {outcome.peak_rss_bytes / 2**20:,.0f}" if outcome.status in ("timeout", "memory") else "—"
                cells += ["—", outcome.message, "—", rss, l1, top, "—"]
            elif not isinstance(check, tuple):
                cells += ["—", f"not checked ({check})" if check else "not checked", "—", "—", "—", "—", "—"]
            elif not agrees(*check):
                cells += ["DISAGREES", "DISAGREES", "—", "—", l1, top, "—"]
            else:
                r = outcome.result
                base = self.baseline(row["scale"])
                rss = f"{outcome.peak_rss_bytes / 2**20:,.0f}"
                if r.get("per_iteration_s") is not None:
                    per = r["per_iteration_s"]
                    speed = "—"
                    if base and base.get("per_iteration_s"):
                        speed = f"{per / base['per_iteration_s']:.2f}×"
                    if row["note"] == "baseline":
                        speed = "1 (baseline)"
                    cells += [f"{r['build_s']:.3g}", f"{per:.3g}", f"{r['ns_per_edge_iteration']:.3g}", rss, l1, top, speed]
                else:
                    solve = r["pagerank_s"]
                    conv = self.converged_seconds.get(row["scale"])
                    speed = f"{solve / conv:.2f}× †" if conv else "—"
                    cells += [f"{r['build_s']:.3g}", f"solver: {solve:.3g} s whole solve", "—", rss, l1, top, speed]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def notes(self):
        o = self.options
        versions = self.versions()
        lines = [
            "",
            f"Each program ran as its own process, with T threads pinned to T CPUs"
            f"{'' if o.pin else ' (pinning off)'}, at most {fmt_minutes(o.timeout)} and "
            f"{o.memory_limit_gib:g} GiB each. PageRank: damping 0.85, uniform start, {o.iterations} iterations. "
            "Build s: reading the edge file and building the tool's graph. Peak RSS: the whole process "
            "(wait4), interpreter and libraries included for the Python tools. Speed-up: this row's time per "
            "iteration ÷ the baseline's (above 1: Sillage is faster).",
            f"Agreement with Sillage: L1 ≤ {L1_MAX:g} and top-{TOP} overlap ≥ {TOP_MIN}; a tool that disagrees "
            "gets no time. NetworKit and scipy: against Sillage's ranks after the same iterations. igraph and "
            f"networkx: at convergence, against Sillage at {o.check_iterations} iterations. graph crate "
            "(f32 scores, dangling rank dropped, in-place updates): a second run of "
            f"{o.check_iterations} iterations against Sillage `--dangling drop` at {o.check_iterations}.",
            f"† igraph solves with PRPACK to convergence: its whole solve time ÷ Sillage's {o.check_iterations} "
            "iterations on the same threads as the baseline.",
            "networkx's time per iteration includes its conversion of the graph to a scipy matrix, which "
            "`nx.pagerank` does at every call.",
            "",
            "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
            "",
            "Machine: " + self.machine() + ".",
        ]
        return "\n".join(lines)

    def versions(self):
        found = {}
        for tool in ("networkit", "igraph", "scipy", "networkx"):
            if tool in self.options.tools:
                try:
                    found[tool] = importlib.metadata.version(tool)
                except importlib.metadata.PackageNotFoundError:
                    found[tool] = "not installed"
        lock = ROOT / "Cargo.lock"
        if "graph-crate" in self.options.tools and lock.exists():
            match = re.search(r'name = "graph"\nversion = "([^"]+)"', lock.read_text())
            if match:
                found["graph crate"] = match.group(1)
        found["numpy"] = np.__version__
        found["Python"] = platform.python_version()
        rustc = shutil.which("rustc")
        if rustc:
            out = subprocess.run([rustc, "--version"], capture_output=True, text=True).stdout.split()
            if len(out) > 1:
                found["rustc"] = out[1]
        return found

    @staticmethod
    def machine():
        info = {}
        try:
            out = subprocess.run(["lscpu"], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}).stdout
            for line in out.splitlines():
                key, _, value = line.partition(":")
                info[key.strip()] = value.strip()
        except OSError:
            pass
        memory = ""
        try:
            with open("/proc/meminfo") as f:
                kib = int(next(l for l in f if l.startswith("MemTotal:")).split()[1])
            memory = f"{kib / 2**20:.1f} GiB memory"
        except (OSError, StopIteration, ValueError):
            pass
        parts = [
            info.get("Model name", platform.processor() or "unknown CPU"),
            f"{info.get('CPU(s)', os.cpu_count())} CPUs ({info.get('Core(s) per socket', '?')} cores per socket, "
            f"{info.get('Thread(s) per core', '?')} thread per core, {info.get('Socket(s)', '?')} socket)",
        ]
        caches = [f"{name} {info[name]}" for name in ("L1d cache", "L2 cache", "L3 cache") if name in info]
        if caches:
            parts.append("caches: " + ", ".join(caches))
        if info.get("Hypervisor vendor"):
            parts.append(f"virtual machine ({info['Hypervisor vendor']})")
        parts.append(memory)
        parts.append(f"Linux {platform.release()}")
        return "; ".join(p for p in parts if p)


def parse_list(text, kind):
    try:
        return [kind(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list, got {text!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=lambda t: parse_list(t, int), default=[20, 22, 24],
                        help="Kronecker scales, comma-separated (default 20,22,24); edge factor 16, 8 at 24")
    parser.add_argument("--tools", type=lambda t: parse_list(t, str), default=TOOLS,
                        help=f"comma-separated among {','.join(TOOLS)} (default all; Sillage always runs, as the reference)")
    parser.add_argument("--threads", type=lambda t: parse_list(t, int), default=[1, 2],
                        help="thread counts for Sillage, NetworKit and the graph crate (default 1,2); "
                             "scipy, igraph and networkx run on 1")
    parser.add_argument("--iterations", type=int, default=20, help="PageRank iterations timed (default 20)")
    parser.add_argument("--check-iterations", type=int, default=100,
                        help="iterations of the converged references (default 100)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed to each program (default 600)")
    parser.add_argument("--memory-limit-gib", type=float, default=16,
                        help="a program whose resident memory passes this is stopped (default 16)")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin T threads to T CPUs")
    parser.add_argument("--data-dir", default="/var/tmp/sillage-graphs",
                        help="where the graphs kron<scale>.edges are (or are generated), with ranks and logs")
    parser.add_argument("--results", help="JSON Lines file of raw results (default DATA_DIR/peers-<time>.jsonl)")
    parser.add_argument("--sillage", help="the sillage binary, to generate missing graphs")
    parser.add_argument("--graph-bench", required=True, help="Sillage's graph-bench runner")
    parser.add_argument("--sillage-args", default="",
                        help="extra arguments for every graph-bench run, e.g. \"--precision f64\"")
    parser.add_argument("--graph-crate", help="the peer_graph_crate example (needed for the graph-crate tool)")
    options = parser.parse_args()

    unknown = [t for t in options.tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tools {unknown}; known: {', '.join(TOOLS)}")
    if "graph-crate" in options.tools and not options.graph_crate:
        parser.error("the graph-crate tool needs --graph-crate")
    if not options.threads or min(options.threads) < 1 or options.iterations < 1 or options.check_iterations < 1:
        parser.error("--threads, --iterations and --check-iterations take whole numbers of at least 1")
    options.memory_limit_bytes = int(options.memory_limit_gib * 2**30)

    bench = Bench(options)
    for scale in sorted(options.scales):
        bench.scale(scale)
    report = bench.table() + "\n" + bench.notes() + "\n"
    print(report)
    report_path = bench.results_path.with_suffix(".md")
    report_path.write_text(report)
    log(f"raw results: {bench.results_path}\nreport: {report_path}")


if __name__ == "__main__":
    main()
