//! The graph engine's files: binary edge files read as an [`EdgeSource`], and engine snapshots,
//! which hold a built (and renumbered) [`EngineGraph`] so that a later run maps it from disk in
//! a fraction of a second instead of rebuilding it.
//!
//! **Snapshot layout** (`SLGSNAP1`), in the machine's byte order (little-endian on every platform
//! Sillage runs on; a marker in the header refuses any other):
//!
//! | bytes | field |
//! |---|---|
//! | 0–7 | magic `SLGSNAP1` |
//! | 8–11 | `u32` byte-order marker `0x0102_0304` |
//! | 12–15 | `u32` flags: bit 0, the vertex order is stored |
//! | 16–23 | `u64` vertices `n` |
//! | 24–31 | `u64` edges `m` |
//! | 32–39 | `u64` the source's length in bytes, 40–47 its modification time (ns since 1970) |
//! | 48–63 | zero |
//! | 64– | offsets (`(n + 1)·u64`), sources (`m·u32`), out-degrees (`n·u32`), order (`n·u32`), each section starting on a 64-byte boundary |
//!
//! Opening a snapshot maps the file and checks it ([`EngineView::new`]: offsets, ids, degrees,
//! the order's permutation), so a damaged file is an error, never wrong ranks. The recorded
//! length and modification time of the source let a caller see that the snapshot is stale.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use memmap2::Mmap;
use sillage_formats::{EdgeFile, EdgeFileError};
use sillage_graph::{EdgeSource, EngineView, LayoutError};

/// An edge file read as the engine's edge source: parallel positioned reads, one pass per call.
#[derive(Debug)]
pub struct FileEdges(pub EdgeFile);

impl EdgeSource for FileEdges {
    type Error = EdgeFileError;
    fn vertices(&self) -> u32 {
        self.0.header().vertices as u32
    }
    fn for_each_chunk(&self, visit: &(dyn Fn(&[[u32; 2]]) + Sync)) -> Result<(), EdgeFileError> {
        self.0.par_for_each_chunk(visit)
    }
    fn simple(&self) -> bool {
        self.0.header().simple
    }
}

const MAGIC: [u8; 8] = *b"SLGSNAP1";
const BYTE_ORDER: u32 = 0x0102_0304;
const HEADER: usize = 64;
const ALIGN: usize = 64;
const FLAG_ORDER: u32 = 1;

/// The file a snapshot was built from, as its length and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fingerprint {
    pub len: u64,
    pub modified_ns: u64,
}

impl Fingerprint {
    pub fn of(path: &Path) -> io::Result<Fingerprint> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()?
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(Fingerprint {
            len: meta.len(),
            modified_ns,
        })
    }
}

/// A snapshot that cannot be written or read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    #[error("{path}: not an engine snapshot ({reason})")]
    Format { path: PathBuf, reason: String },
    #[error("{path}: damaged snapshot: {source}")]
    Layout { path: PathBuf, source: LayoutError },
}

fn io_error<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> SnapshotError + 'a {
    move |source| SnapshotError::Io {
        path: path.to_owned(),
        action,
        source,
    }
}

/// Writes `graph` to `path` through a temporary file in the same folder, renamed into place at
/// the end, so that a crash never leaves a partial snapshot under the final name.
pub fn write_snapshot(path: &Path, graph: EngineView<'_>, source: Fingerprint) -> Result<(), SnapshotError> {
    let sillage_graph::EngineParts {
        offsets,
        sources,
        out_degree,
        order,
    } = graph.parts();
    let temporary = path.with_extension("partial");
    let file = File::create(&temporary).map_err(io_error(&temporary, "creating the snapshot"))?;
    let mut out = BufWriter::with_capacity(1 << 22, file);
    let mut header = [0u8; HEADER];
    header[0..8].copy_from_slice(&MAGIC);
    header[8..12].copy_from_slice(&BYTE_ORDER.to_ne_bytes());
    let flags = if order.is_some() { FLAG_ORDER } else { 0 };
    header[12..16].copy_from_slice(&flags.to_ne_bytes());
    header[16..24].copy_from_slice(&u64::from(graph.vertex_count()).to_ne_bytes());
    header[24..32].copy_from_slice(&graph.edge_count().to_ne_bytes());
    header[32..40].copy_from_slice(&source.len.to_ne_bytes());
    header[40..48].copy_from_slice(&source.modified_ns.to_ne_bytes());
    let write = |out: &mut BufWriter<File>, bytes: &[u8]| -> io::Result<()> {
        out.write_all(bytes)?;
        let pad = bytes.len().next_multiple_of(ALIGN) - bytes.len();
        out.write_all(&[0u8; ALIGN][..pad])
    };
    let result = (|| {
        write(&mut out, &header)?;
        write(&mut out, bytemuck::cast_slice(offsets))?;
        write(&mut out, bytemuck::cast_slice(sources))?;
        write(&mut out, bytemuck::cast_slice(out_degree))?;
        if let Some(order) = order {
            write(&mut out, bytemuck::cast_slice(order))?;
        }
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()
    })();
    result.map_err(io_error(&temporary, "writing the snapshot"))?;
    std::fs::rename(&temporary, path).map_err(io_error(path, "moving the snapshot into place"))
}

/// A mapped snapshot file.
#[derive(Debug)]
pub struct Snapshot {
    map: Mmap,
    vertices: usize,
    edges: usize,
    has_order: bool,
    source: Fingerprint,
}

impl Snapshot {
    /// Maps and checks the snapshot at `path`.
    pub fn open(path: &Path) -> Result<Snapshot, SnapshotError> {
        let file = File::open(path).map_err(io_error(path, "opening the snapshot"))?;
        // SAFETY: the map is read-only and every byte is checked before use (see `view`); the
        // only hazard, another process truncating or rewriting the file while it is mapped, is
        // why snapshots are replaced by rename, never rewritten in place.
        #[allow(unsafe_code)]
        let map = unsafe { Mmap::map(&file) }.map_err(io_error(path, "mapping the snapshot"))?;
        let format = |reason: String| SnapshotError::Format {
            path: path.to_owned(),
            reason,
        };
        if map.len() < HEADER || map[0..8] != MAGIC {
            return Err(format("no SLGSNAP1 header".to_owned()));
        }
        let u32_at = |at: usize| u32::from_ne_bytes(map[at..at + 4].try_into().expect("4 bytes"));
        let u64_at = |at: usize| u64::from_ne_bytes(map[at..at + 8].try_into().expect("8 bytes"));
        if u32_at(8) != BYTE_ORDER {
            return Err(format("written on a machine of another byte order".to_owned()));
        }
        let flags = u32_at(12);
        if flags & !FLAG_ORDER != 0 {
            return Err(format(format!("unknown flags {flags:#x}")));
        }
        let (vertices, edges) = (u64_at(16), u64_at(24));
        if vertices > u64::from(u32::MAX) {
            return Err(format(format!("{vertices} vertices")));
        }
        let (vertices, edges) = (vertices as usize, edges as usize);
        let has_order = flags & FLAG_ORDER != 0;
        let snapshot = Snapshot {
            vertices,
            edges,
            has_order,
            source: Fingerprint {
                len: u64_at(32),
                modified_ns: u64_at(40),
            },
            map,
        };
        let expected = snapshot.sections().4;
        if snapshot.map.len() != expected {
            return Err(format(format!(
                "{} bytes where the header implies {expected}",
                snapshot.map.len()
            )));
        }
        snapshot.view().map_err(|source| SnapshotError::Layout {
            path: path.to_owned(),
            source,
        })?;
        Ok(snapshot)
    }

    /// The byte ranges of the four sections and the file's total length.
    fn sections(&self) -> (usize, usize, usize, usize, usize) {
        let offsets = HEADER;
        let sources = offsets + ((self.vertices + 1) * 8).next_multiple_of(ALIGN);
        let degrees = sources + (self.edges * 4).next_multiple_of(ALIGN);
        let order = degrees + (self.vertices * 4).next_multiple_of(ALIGN);
        let end = if self.has_order {
            order + (self.vertices * 4).next_multiple_of(ALIGN)
        } else {
            order
        };
        (offsets, sources, degrees, order, end)
    }

    /// The graph, borrowed from the mapping. The layout was checked when the file was opened.
    pub fn graph(&self) -> EngineView<'_> {
        self.view().expect("checked when the snapshot was opened")
    }

    fn view(&self) -> Result<EngineView<'_>, LayoutError> {
        let (offsets, sources, degrees, order, _) = self.sections();
        let bytes = &self.map[..];
        let offsets: &[u64] = bytemuck::cast_slice(&bytes[offsets..offsets + (self.vertices + 1) * 8]);
        let sources: &[u32] = bytemuck::cast_slice(&bytes[sources..sources + self.edges * 4]);
        let degrees: &[u32] = bytemuck::cast_slice(&bytes[degrees..degrees + self.vertices * 4]);
        let order: Option<&[u32]> = self
            .has_order
            .then(|| bytemuck::cast_slice(&bytes[order..order + self.vertices * 4]));
        EngineView::new(offsets, sources, degrees, order)
    }

    /// The length and modification time of the file the snapshot was built from.
    pub fn source(&self) -> Fingerprint {
        self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sillage_graph::{Dangling, EdgeSlice, EngineGraph, Iteration, Order};

    fn graph(order: Order) -> EngineGraph {
        let edges: Vec<[u32; 2]> = (0..500u32).map(|i| [(i * 7) % 97, (i * i) % 101]).collect();
        EngineGraph::build(&EdgeSlice::new(101, &edges).unwrap(), order)
            .unwrap()
            .0
    }

    #[test]
    fn a_snapshot_maps_back_to_the_same_graph_and_ranks() {
        let dir = tempfile::tempdir().unwrap();
        for order in [Order::Input, Order::Degree] {
            let g = graph(order);
            let path = dir.path().join("g.snap");
            let print = Fingerprint {
                len: 42,
                modified_ns: 7,
            };
            write_snapshot(&path, g.view(), print).unwrap();
            let snap = Snapshot::open(&path).unwrap();
            assert_eq!(snap.source(), print);
            assert_eq!(snap.graph().parts(), g.view().parts());
            let settings = Iteration {
                damping: 0.85,
                tolerance: 0.0,
                max_iterations: 20,
                dangling: Dangling::Redistribute,
            };
            assert_eq!(
                snap.graph().pagerank::<f32>(&settings, None),
                g.pagerank::<f32>(&settings, None)
            );
        }
    }

    #[test]
    fn damaged_snapshots_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.snap");
        write_snapshot(&path, graph(Order::Degree).view(), Fingerprint::default()).unwrap();
        let good = std::fs::read(&path).unwrap();

        std::fs::write(&path, &good[..good.len() - 64]).unwrap();
        assert!(matches!(Snapshot::open(&path), Err(SnapshotError::Format { .. })));

        let mut bad = good.clone();
        bad[0] = b'X';
        std::fs::write(&path, &bad).unwrap();
        assert!(matches!(Snapshot::open(&path), Err(SnapshotError::Format { .. })));

        // An in-edge naming vertex 0xFFFF_FFFF, in the sources section.
        let mut bad = good.clone();
        let sources = HEADER + (102 * 8usize).next_multiple_of(ALIGN);
        bad[sources..sources + 4].copy_from_slice(&u32::MAX.to_ne_bytes());
        std::fs::write(&path, &bad).unwrap();
        let err = Snapshot::open(&path).unwrap_err();
        assert!(matches!(err, SnapshotError::Layout { .. }), "{err}");
        assert!(err.to_string().contains("g.snap"), "{err}");
    }
}
