//! `rank`: PageRank on a binary edge file, checked against a plain power iteration written here,
//! with and without an engine snapshot, global and personalised.

use sillage_formats::EdgeFile;

use crate::util::{Sandbox, args};

/// The textbook power iteration, in f64, dangling rank handed back uniformly (or to the seeds).
fn reference(n: usize, edges: &[[u32; 2]], seeds: &[u32], iterations: usize) -> Vec<f64> {
    let mut out = vec![0usize; n];
    for e in edges {
        out[e[0] as usize] += 1;
    }
    let teleport: Vec<f64> = if seeds.is_empty() {
        vec![1.0 / n as f64; n]
    } else {
        let mut t = vec![0.0; n];
        for &s in seeds {
            t[s as usize] = 1.0 / seeds.len() as f64;
        }
        t
    };
    let d = 0.85;
    let mut r = teleport.clone();
    for _ in 0..iterations {
        let lost: f64 = (0..n).filter(|&u| out[u] == 0).map(|u| r[u]).sum();
        let mut next: Vec<f64> = teleport.iter().map(|t| t * ((1.0 - d) + d * lost)).collect();
        for e in edges {
            next[e[1] as usize] += d * r[e[0] as usize] / out[e[0] as usize] as f64;
        }
        r = next;
    }
    r
}

fn top(ranks: &[f64], k: usize) -> Vec<u64> {
    let mut ids: Vec<usize> = (0..ranks.len()).collect();
    ids.sort_by(|&a, &b| ranks[b].total_cmp(&ranks[a]).then(a.cmp(&b)));
    ids.into_iter().take(k).map(|v| v as u64).collect()
}

fn listed(doc: &serde_json::Value) -> Vec<(u64, f64)> {
    doc["top"]
        .as_array()
        .expect("a top list")
        .iter()
        .map(|row| (row["vertex"].as_u64().unwrap(), row["rank"].as_f64().unwrap()))
        .collect()
}

#[test]
fn rank_matches_a_plain_power_iteration_and_reuses_its_snapshot() {
    let sb = Sandbox::new();
    let graph = sb.path("g.edges");
    sb.run(&args!["gen", "kron", "--scale", "11", "--degree", "8", "--out", &graph])
        .ok();
    let edges = EdgeFile::open(&graph).unwrap().read_all().unwrap();
    let oracle = reference(2048, &edges, &[], 300);

    let snapshot = sb.path("g.snap");
    let first = sb.run(&args![
        "rank",
        &graph,
        "--snapshot",
        &snapshot,
        "--top",
        "10",
        "--precision",
        "f64",
        "--tolerance",
        "1e-13",
        "--json"
    ]);
    let doc = first.json();
    assert!(doc["converged"].as_bool().unwrap());
    let got = listed(&doc);
    assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), top(&oracle, 10));
    for (v, r) in &got {
        assert!(
            (r - oracle[*v as usize]).abs() < 1e-9 * oracle[*v as usize],
            "vertex {v}: {r}"
        );
    }
    assert!(snapshot.exists());
    let written = std::fs::metadata(&snapshot).unwrap().modified().unwrap();

    // The second run maps the snapshot (it is not rewritten) and gives the same answer, to the bit.
    let second = sb.run(&args![
        "rank",
        &graph,
        "--snapshot",
        &snapshot,
        "--top",
        "10",
        "--precision",
        "f64",
        "--tolerance",
        "1e-13",
        "--json"
    ]);
    assert_eq!(std::fs::metadata(&snapshot).unwrap().modified().unwrap(), written);
    assert_eq!(second.json(), doc);

    // f32 ranks agree with the f64 reference within the documented error.
    let f32_doc = sb.run(&args!["rank", &graph, "--top", "10", "--json"]).json();
    for (v, r) in listed(&f32_doc) {
        assert!(
            (r - oracle[v as usize]).abs() < 1e-5 * oracle[v as usize] + 1e-9,
            "vertex {v}: {r}"
        );
    }
}

#[test]
fn personalised_rank_follows_its_seeds() {
    let sb = Sandbox::new();
    let graph = sb.path("g.edges");
    sb.run(&args!["gen", "kron", "--scale", "10", "--degree", "8", "--out", &graph])
        .ok();
    let edges = EdgeFile::open(&graph).unwrap().read_all().unwrap();
    let seeds = [5u32, 77, 300];
    let oracle = reference(1024, &edges, &seeds, 300);
    let doc = sb
        .run(&args![
            "rank",
            &graph,
            "--seed",
            "5",
            "--seed",
            "77",
            "--seed",
            "300",
            "--precision",
            "f64",
            "--tolerance",
            "1e-13",
            "--top",
            "5",
            "--json"
        ])
        .json();
    let got = listed(&doc);
    assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), top(&oracle, 5));
    let global = reference(1024, &edges, &[], 300);
    assert_ne!(top(&global, 5), top(&oracle, 5), "the seeds should change the ranking");
}

#[test]
fn rank_refuses_bad_input_with_the_reason() {
    let sb = Sandbox::new();
    let graph = sb.path("g.edges");
    sb.run(&args!["gen", "kron", "--scale", "8", "--out", &graph]).ok();
    let err = sb.run(&args!["rank", &graph, "--seed", "256"]).fails_with(2).to_owned();
    assert!(err.contains("--seed 256"), "{err}");
    let junk = sb.write("junk.edges", b"not an edge file at all, not even close to it");
    let err = sb.run(&args!["rank", &junk]).fails_with(1).to_owned();
    assert!(err.contains("junk.edges"), "{err}");
    // A damaged snapshot is an error naming it, never wrong ranks.
    let snapshot = sb.path("g.snap");
    sb.run(&args!["rank", &graph, "--snapshot", &snapshot]).ok();
    let mut bytes = std::fs::read(&snapshot).unwrap();
    let last = bytes.len() - 1;
    bytes.truncate(last);
    std::fs::write(&snapshot, bytes).unwrap();
    let err = sb
        .run(&args!["rank", &graph, "--snapshot", &snapshot])
        .fails_with(1)
        .to_owned();
    assert!(err.contains("g.snap"), "{err}");
}
