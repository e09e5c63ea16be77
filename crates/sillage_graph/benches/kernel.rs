//! Criterion benchmarks of the PageRank kernel and the engine's build, on Kronecker graphs small
//! enough for repeated runs (scale 16 and 18, edge factor 16). The side-by-side comparison with
//! other tools on large graphs is `bench/graph/run.sh`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sillage_graph::{Csr, Dangling, Edge, EdgeSlice, EngineGraph, Iteration, Order, PageRankConfig, Teleport};

const ITERATIONS: u32 = 20;

fn kronecker(scale: u32) -> Vec<[u32; 2]> {
    let mut edges = sillage_gen::kronecker(scale, 16, 1);
    sillage_gen::simplify(&mut edges);
    edges
}

fn settings() -> Iteration {
    Iteration {
        damping: 0.85,
        tolerance: 0.0,
        max_iterations: ITERATIONS,
        dangling: Dangling::Redistribute,
    }
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_pagerank_20_iterations");
    group.sample_size(10);
    for scale in [16u32, 18] {
        let edges = kronecker(scale);
        let source = EdgeSlice::new(1 << scale, &edges).expect("ids in range");
        group.throughput(Throughput::Elements(edges.len() as u64 * u64::from(ITERATIONS)));
        for (name, order) in [("degree_order", Order::Degree), ("input_order", Order::Input)] {
            let (graph, _) = EngineGraph::build(&source, order).expect("in memory");
            group.bench_with_input(BenchmarkId::new(format!("f32_{name}"), scale), &graph, |b, g| {
                b.iter(|| g.pagerank::<f32>(&settings(), None))
            });
            if order == Order::Degree {
                group.bench_with_input(BenchmarkId::new("f64_degree_order", scale), &graph, |b, g| {
                    b.iter(|| g.pagerank::<f64>(&settings(), None))
                });
            }
        }
    }
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_build");
    group.sample_size(10);
    let scale = 18;
    let edges = kronecker(scale);
    let source = EdgeSlice::new(1 << scale, &edges).expect("ids in range");
    group.throughput(Throughput::Elements(edges.len() as u64));
    for (name, order) in [("degree_order", Order::Degree), ("input_order", Order::Input)] {
        group.bench_function(BenchmarkId::new(name, scale), |b| {
            b.iter(|| EngineGraph::build(&source, order))
        });
    }
    group.finish();
}

/// The scoring model's path: a weighted `f64` CSR, ranked to convergence with explanations kept.
fn weighted(c: &mut Criterion) {
    let mut group = c.benchmark_group("weighted_pagerank_20_iterations");
    group.sample_size(10);
    let scale = 16;
    let edges = kronecker(scale);
    let weighted: Vec<Edge> = edges
        .iter()
        .enumerate()
        .map(|(i, &[source, target])| Edge {
            source,
            target,
            weight: 1.0 + (i % 7) as f64,
        })
        .collect();
    let csr = Csr::from_edges(1 << scale, weighted);
    let config = PageRankConfig {
        tolerance: 1e-300,
        max_iterations: ITERATIONS,
        ..Default::default()
    };
    group.throughput(Throughput::Elements(csr.edge_count() as u64 * u64::from(ITERATIONS)));
    group.bench_function(BenchmarkId::new("f64", scale), |b| {
        b.iter(|| sillage_graph::pagerank(&csr, &config, Teleport::Uniform))
    });
    group.finish();
}

criterion_group!(benches, engine, build, weighted);
criterion_main!(benches);
