//! `gen kron`: small graphs written as a binary edge file and as canonical events, read back
//! through `EdgeFile` and through `sillage ingest`.

use std::collections::HashSet;
use std::path::Path;

use sillage_formats::{EdgeFile, EdgeFileHeader};

use crate::parse::ingest_totals;
use crate::util::{Sandbox, args, event_count, query_i64};

/// Reads an edge file whole, checking what `gen kron` promises of every graph it writes: a simple
/// graph (no self-loop, no repeat) sorted by source then target, ids below the vertex count.
#[track_caller]
fn read_simple(path: &Path) -> (EdgeFileHeader, Vec<[u32; 2]>) {
    let file = EdgeFile::open(path).unwrap_or_else(|e| panic!("{e}"));
    let header = file.header();
    let edges = file.read_all().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edges.len() as u64, header.edges);
    assert!(edges.iter().all(|e| e[0] != e[1]), "a self-loop");
    assert!(edges.windows(2).all(|w| w[0] < w[1]), "not strictly sorted");
    (header, edges)
}

#[test]
fn gen_kron_writes_a_simple_edge_file_that_the_same_flags_repeat() {
    let sb = Sandbox::new();
    let out = sb.path("kron10.edges");
    sb.run(&args!["gen", "kron", "--scale", "10", "--out", &out]).ok();
    let (header, edges) = read_simple(&out);
    assert_eq!(header.vertices, 1024);
    assert!(header.simple);
    // Degree 16 by default: 16,384 edges generated; simplification removes the hubs' repeats
    // (a few thousand at this size) but keeps most edges.
    assert!(
        header.edges < 16 * 1024 && header.edges > 8 * 1024,
        "{} edges",
        header.edges
    );
    // Skewed: the busiest target receives many times the mean in-degree.
    let mut in_degree = vec![0u32; 1024];
    for &[_, t] in &edges {
        in_degree[t as usize] += 1;
    }
    assert!(
        in_degree
            .iter()
            .max()
            .is_some_and(|&m| u64::from(m) > 10 * header.edges / 1024)
    );

    // The same flags give the same bytes; another seed or --uniform another graph.
    let again = sb.path("again.edges");
    sb.run(&args![
        "gen", "kron", "--scale", "10", "--degree", "16", "--seed", "1", "--out", &again
    ])
    .ok();
    assert_eq!(
        std::fs::read(&out).expect("first"),
        std::fs::read(&again).expect("second")
    );
    let seed2 = sb.path("seed2.edges");
    sb.run(&args!["gen", "kron", "--scale", "10", "--seed", "2", "--out", &seed2])
        .ok();
    assert_ne!(read_simple(&seed2).1, edges);
    let uniform = sb.path("uniform.edges");
    sb.run(&args![
        "gen",
        "kron",
        "--scale",
        "10",
        "--degree",
        "4",
        "--uniform",
        "--out",
        &uniform
    ])
    .ok();
    let (uniform_header, uniform_edges) = read_simple(&uniform);
    // Uniform ends rarely collide: almost all 4,096 edges survive.
    assert_eq!(uniform_header.vertices, 1024);
    assert!(uniform_edges.len() > 4000, "{} edges", uniform_edges.len());
    // Every temporary file was renamed into place: none is left.
    assert!(
        std::fs::read_dir(sb.dir()).expect("listing").all(|e| !e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .ends_with(".partial"))
    );
}

#[test]
fn gen_kron_events_ingest_as_one_follow_per_edge() {
    let sb = Sandbox::new();
    let edges_path = sb.path("kron.edges");
    let events_path = sb.path("kron.jsonl");
    sb.run(&args![
        "gen",
        "kron",
        "--scale",
        "10",
        "--degree",
        "8",
        "--seed",
        "3",
        "--out",
        &edges_path
    ])
    .ok();
    sb.run(&args![
        "gen",
        "kron",
        "--scale",
        "10",
        "--degree",
        "8",
        "--seed",
        "3",
        "--format",
        "events",
        "--out",
        &events_path
    ])
    .ok();
    let (_, edges) = read_simple(&edges_path);

    // One line per edge, naming the same pairs.
    let text = std::fs::read_to_string(&events_path).expect("events");
    let mut pairs = HashSet::new();
    for line in text.lines() {
        let event: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(event["kind"], "follow");
        assert_eq!(event["net"], "kron");
        let id = |field: &str| -> u32 { event[field].as_str().expect(field).parse().expect("a vertex id") };
        pairs.insert([id("actor"), id("target")]);
    }
    assert_eq!(text.lines().count(), edges.len());
    assert_eq!(pairs, edges.iter().copied().collect::<HashSet<_>>());

    let run = sb.run(&args!["ingest", &events_path]);
    let (read, stored, duplicates, rejected) = ingest_totals(run.ok());
    let n = edges.len() as u64;
    assert_eq!((read, stored, duplicates, rejected), (n, n, 0, 0), "{run:?}");
    assert_eq!(event_count(&sb.db()), n as i64);
    let accounts = query_i64(&sb.db(), "SELECT count(DISTINCT actor) FROM events");
    let sources = edges.iter().map(|e| e[0]).collect::<HashSet<_>>().len();
    assert_eq!(accounts, sources as i64);
}

#[test]
fn gen_kron_prints_a_summary_and_refuses_bad_sizes() {
    let sb = Sandbox::new();
    let out = sb.run_raw(&["gen", "kron", "--scale", "8", "--out", "g.edges"]);
    let summary = out.fails_with(0);
    assert!(
        summary.starts_with("kron scale 8 (256 vertices), degree 16, seed 1: 4,096 edges generated, "),
        "{summary}"
    );
    assert!(summary.contains(" after simplification ") && summary.contains("g.edges: binary edge file, "));
    assert!(sb.path("g.edges").exists());

    let too_large = sb.run(&args!["gen", "kron", "--scale", "32", "--out", "big.edges"]);
    assert!(too_large.fails_with(2).contains("--scale"), "{too_large:?}");
    let no_out = sb.run(&args!["gen", "kron", "--scale", "4"]);
    assert!(no_out.fails_with(2).contains("--out"), "{no_out:?}");
}
