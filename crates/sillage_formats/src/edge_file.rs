//! The binary edge file (`SLGEDGE1`): a directed graph as fixed-width pairs of `u32` vertex ids,
//! for benchmarks whose graphs are too large for text.
//!
//! Layout, all integers little-endian:
//!
//! | bytes | field |
//! |---|---|
//! | 0–7 | magic `SLGEDGE1` |
//! | 8–15 | `u64` vertex count, at most `u32::MAX` |
//! | 16–23 | `u64` edge count |
//! | 24–31 | `u64` flags: bit 0 "simple" (no duplicate edge, no self-loop), other bits 0 |
//! | 32– | `edges` records of (`u32` source, `u32` target), every id below the vertex count |
//!
//! The format is fixed: other tools read it without this crate, so a change needs a new magic.
//! A text edge list of the benchmark graphs would be several times larger and slow to parse; fixed
//! records let a reader split the file into chunks and decode them on every core at once, with
//! positioned reads and no shared cursor. Those positioned reads and writes (`FileExt`) make this
//! module Unix-only.

use std::fs::{File, Permissions};
use std::io;
use std::os::unix::fs::{FileExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A temporary file `.NAME.XXXXXX.partial` in `path`'s folder, for a writer that renames it to
/// `path` once complete, so that a crash never leaves a half-written file under the final name.
/// Its permissions are those `File::create` would give (0666 less the umask), not a temporary
/// file's private 0600: the result is meant for everyone who may read the folder.
pub fn temp_file_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(folder)
}

/// The first eight bytes of every edge file.
pub const MAGIC: [u8; 8] = *b"SLGEDGE1";
/// The size of the header, in bytes.
pub const HEADER_BYTES: u64 = 32;
/// The size of one edge record, in bytes.
pub const EDGE_BYTES: u64 = 8;
/// Edges read or written at a time by one task: 8 MiB of records, large enough that a positioned
/// read or write costs one system call per few milliseconds of decoding, small enough that a few
/// buffers in flight stay negligible beside the graph.
pub const CHUNK_EDGES: usize = 1 << 20;
/// Flag bit 0: no duplicate edge and no self-loop.
const FLAG_SIMPLE: u64 = 1;

/// What an edge file's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeFileHeader {
    /// The number of vertices: every id is below it.
    pub vertices: u64,
    /// The number of edge records after the header.
    pub edges: u64,
    /// The writer vouched that no edge is repeated and none is a self-loop.
    pub simple: bool,
}

impl EdgeFileHeader {
    /// The header's 32 bytes.
    fn encode(&self) -> [u8; HEADER_BYTES as usize] {
        let mut out = [0; HEADER_BYTES as usize];
        out[0..8].copy_from_slice(&MAGIC);
        out[8..16].copy_from_slice(&self.vertices.to_le_bytes());
        out[16..24].copy_from_slice(&self.edges.to_le_bytes());
        let flags = if self.simple { FLAG_SIMPLE } else { 0 };
        out[24..32].copy_from_slice(&flags.to_le_bytes());
        out
    }

    /// The file size this header announces, `None` if it does not fit in a `u64` (a corrupt
    /// header).
    fn file_bytes(&self) -> Option<u64> {
        self.edges.checked_mul(EDGE_BYTES)?.checked_add(HEADER_BYTES)
    }
}

/// Why an edge file cannot be written or read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum EdgeFileError {
    /// The operating system refused an operation; `action` says which (`opening`, `reading edges
    /// 0..1048576`, …).
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: String,
        source: io::Error,
    },

    /// The file does not start with `SLGEDGE1`.
    #[error("{}: not a Sillage edge file (its first bytes are {found:?}, expected \"SLGEDGE1\")", path.display())]
    BadMagic { path: PathBuf, found: String },

    /// The file is shorter than its header.
    #[error("{}: {bytes} bytes, shorter than the {HEADER_BYTES}-byte header", path.display())]
    NoHeader { path: PathBuf, bytes: u64 },

    /// Flag bits this version does not know: a newer writer meant something this reader would
    /// ignore, so the file is refused rather than misread.
    #[error("{}: unknown header flags {flags:#x} (only bit 0, \"simple\", is defined)", path.display())]
    UnknownFlags { path: PathBuf, flags: u64 },

    /// More vertices than `u32` ids can name.
    #[error("{}: {vertices} vertices, more than the {} that u32 ids can name", path.display(), u32::MAX)]
    TooManyVertices { path: PathBuf, vertices: u64 },

    /// The file's size disagrees with its header's edge count: cut short, or with bytes after the
    /// last edge.
    #[error(
        "{}: the header announces {edges} edges, which take {expected} bytes, but the file has {actual} \
         bytes ({})",
        path.display(),
        if actual < expected { "cut short" } else { "trailing bytes" }
    )]
    WrongSize {
        path: PathBuf,
        edges: u64,
        expected: u64,
        actual: u64,
    },

    /// An edge names a vertex the header does not count.
    #[error(
        "{}: edge {index} ({source_id} -> {target}) names a vertex id not below the vertex count {vertices}",
        path.display()
    )]
    VertexOutOfRange {
        path: PathBuf,
        /// The edge's 0-based position in the file.
        index: u64,
        source_id: u32,
        target: u32,
        vertices: u64,
    },
}

/// Writes `edges` as an edge file at `path`, replacing any file there.
///
/// The records go to a temporary file in the same folder, which is flushed to disk and then
/// renamed over `path`: a crash leaves either the old file or the complete new one under that
/// name, never a half-written graph that a benchmark would read as a smaller one. Chunks are
/// encoded and written in parallel with positioned writes, so the disk, not the encoding, sets
/// the pace.
///
/// `simple` is the caller's word that no edge is repeated and none is a self-loop; it is recorded,
/// not checked (checking needs a sort). Every id is checked against `vertices`: an out-of-range id
/// is an error and nothing is written under `path`.
pub fn write_edge_file(
    path: impl AsRef<Path>,
    vertices: u64,
    edges: &[[u32; 2]],
    simple: bool,
) -> Result<(), EdgeFileError> {
    let path = path.as_ref();
    let io_error = |action: &str| {
        let path = path.to_path_buf();
        let action = action.to_owned();
        move |source| EdgeFileError::Io { path, action, source }
    };
    if vertices > u64::from(u32::MAX) {
        return Err(EdgeFileError::TooManyVertices {
            path: path.to_path_buf(),
            vertices,
        });
    }
    let header = EdgeFileHeader {
        vertices,
        edges: edges.len() as u64,
        simple,
    };

    let temp = temp_file_beside(path).map_err(io_error("creating a temporary file beside it"))?;
    let file = temp.as_file();
    // A slice holds at most isize::MAX bytes, so its size in records cannot overflow.
    file.set_len(HEADER_BYTES + EDGE_BYTES * header.edges)
        .map_err(io_error("setting the file's size"))?;
    file.write_all_at(&header.encode(), 0)
        .map_err(io_error("writing the header"))?;
    edges
        .par_chunks(CHUNK_EDGES)
        .enumerate()
        .try_for_each_init(Vec::new, |bytes, (chunk, slice)| {
            let first = (chunk * CHUNK_EDGES) as u64;
            check_ids(path, vertices, first, slice)?;
            bytes.clear();
            bytes.reserve(slice.len() * EDGE_BYTES as usize);
            for &[source, target] in slice {
                bytes.extend_from_slice(&source.to_le_bytes());
                bytes.extend_from_slice(&target.to_le_bytes());
            }
            file.write_all_at(bytes, HEADER_BYTES + first * EDGE_BYTES)
                .map_err(io_error(&format!(
                    "writing edges {first}..{}",
                    first + slice.len() as u64
                )))
        })?;
    file.sync_all().map_err(io_error("flushing to disk"))?;
    // Dropping `temp` on an error above removed the temporary file; only a complete one is renamed.
    temp.persist(path).map_err(|e| EdgeFileError::Io {
        path: path.to_path_buf(),
        action: "renaming the temporary file into place".to_owned(),
        source: e.error,
    })?;
    Ok(())
}

/// Checks that every id of `edges`, the first of which is edge `first` of the file, is below
/// `vertices`.
fn check_ids(path: &Path, vertices: u64, first: u64, edges: &[[u32; 2]]) -> Result<(), EdgeFileError> {
    // One comparison of the larger id per edge keeps this loop cheap beside the IO.
    match edges.iter().position(|e| u64::from(e[0].max(e[1])) >= vertices) {
        None => Ok(()),
        Some(i) => Err(EdgeFileError::VertexOutOfRange {
            path: path.to_path_buf(),
            index: first + i as u64,
            source_id: edges[i][0],
            target: edges[i][1],
            vertices,
        }),
    }
}

/// An edge file opened for reading, its header checked against its size.
#[derive(Debug)]
pub struct EdgeFile {
    path: PathBuf,
    file: File,
    header: EdgeFileHeader,
}

impl EdgeFile {
    /// Opens `path` and checks its header: the magic, known flags, a vertex count that `u32` ids
    /// can name, and a file size of exactly `32 + 8 · edges` bytes. The records are read later,
    /// by [`EdgeFile::par_for_each_chunk`] or [`EdgeFile::read_all`].
    pub fn open(path: impl AsRef<Path>) -> Result<EdgeFile, EdgeFileError> {
        let path = path.as_ref().to_path_buf();
        let io_error = |action: &str, source| EdgeFileError::Io {
            path: path.clone(),
            action: action.to_owned(),
            source,
        };
        let file = File::open(&path).map_err(|e| io_error("opening", e))?;
        let actual = file.metadata().map_err(|e| io_error("reading its size", e))?.len();
        if actual < HEADER_BYTES {
            return Err(EdgeFileError::NoHeader { path, bytes: actual });
        }
        let mut raw = [0u8; HEADER_BYTES as usize];
        file.read_exact_at(&mut raw, 0)
            .map_err(|e| io_error("reading the header", e))?;
        let word = |at: usize| {
            let mut b = [0; 8];
            b.copy_from_slice(&raw[at..at + 8]);
            u64::from_le_bytes(b)
        };
        if raw[0..8] != MAGIC {
            return Err(EdgeFileError::BadMagic {
                path,
                found: String::from_utf8_lossy(&raw[0..8]).into_owned(),
            });
        }
        let (vertices, edges, flags) = (word(8), word(16), word(24));
        if flags & !FLAG_SIMPLE != 0 {
            return Err(EdgeFileError::UnknownFlags { path, flags });
        }
        if vertices > u64::from(u32::MAX) {
            return Err(EdgeFileError::TooManyVertices { path, vertices });
        }
        let header = EdgeFileHeader {
            vertices,
            edges,
            simple: flags & FLAG_SIMPLE != 0,
        };
        match header.file_bytes() {
            Some(expected) if expected == actual => Ok(EdgeFile { path, file, header }),
            expected => Err(EdgeFileError::WrongSize {
                path,
                edges,
                expected: expected.unwrap_or(u64::MAX),
                actual,
            }),
        }
    }

    /// The file's header.
    pub fn header(&self) -> EdgeFileHeader {
        self.header
    }

    /// The file's path, as given to [`EdgeFile::open`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of chunks of [`CHUNK_EDGES`] edges (the last one shorter) the file splits into.
    pub fn chunks(&self) -> u64 {
        self.header.edges.div_ceil(CHUNK_EDGES as u64)
    }

    /// Reads the edges chunk by chunk on rayon's threads and hands each chunk to `f`, which may be
    /// called from several threads at once, in no particular order. Each task reads into buffers
    /// of its own with positioned reads, so memory stays at a few chunks (16 MiB each) per thread,
    /// whatever the file's size. Every id is checked against the vertex count first: an id out of
    /// range stops the reading with an error naming the edge (chunks already handed to `f` stay
    /// handed).
    pub fn par_for_each_chunk<F>(&self, f: F) -> Result<(), EdgeFileError>
    where
        F: Fn(&[[u32; 2]]) + Sync + Send,
    {
        (0..self.chunks()).into_par_iter().try_for_each_init(
            || (Vec::new(), Vec::new()),
            |(bytes, edges), chunk| {
                let first = chunk * CHUNK_EDGES as u64;
                let len = (self.header.edges - first).min(CHUNK_EDGES as u64) as usize;
                edges.clear();
                edges.resize(len, [0; 2]);
                self.read_chunk(first, bytes, edges)?;
                f(edges);
                Ok(())
            },
        )
    }

    /// Every edge, in file order. Meant for files that fit in memory: 8 bytes per edge, plus a
    /// chunk buffer per thread; the chunks are read in parallel straight into place.
    pub fn read_all(&self) -> Result<Vec<[u32; 2]>, EdgeFileError> {
        let len = usize::try_from(self.header.edges).map_err(|_| EdgeFileError::Io {
            path: self.path.clone(),
            action: "reading every edge".to_owned(),
            source: io::Error::new(io::ErrorKind::OutOfMemory, "more edges than this platform can address"),
        })?;
        let mut out = vec![[0u32; 2]; len];
        out.par_chunks_mut(CHUNK_EDGES)
            .enumerate()
            .try_for_each_init(Vec::new, |bytes, (chunk, slot)| {
                self.read_chunk((chunk * CHUNK_EDGES) as u64, bytes, slot)
            })?;
        Ok(out)
    }

    /// Reads the `out.len()` edges starting at edge `first` into `out`, through `bytes`, and checks
    /// their ids.
    fn read_chunk(&self, first: u64, bytes: &mut Vec<u8>, out: &mut [[u32; 2]]) -> Result<(), EdgeFileError> {
        bytes.resize(out.len() * EDGE_BYTES as usize, 0);
        let offset = HEADER_BYTES + first * EDGE_BYTES;
        self.file
            .read_exact_at(bytes, offset)
            .map_err(|source| EdgeFileError::Io {
                path: self.path.clone(),
                action: format!("reading edges {first}..{}", first + out.len() as u64),
                source,
            })?;
        let (records, _) = bytes.as_chunks::<8>();
        for (slot, &[s0, s1, s2, s3, t0, t1, t2, t3]) in out.iter_mut().zip(records) {
            *slot = [
                u32::from_le_bytes([s0, s1, s2, s3]),
                u32::from_le_bytes([t0, t1, t2, t3]),
            ];
        }
        check_ids(&self.path, self.header.vertices, first, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    /// A graph of `n` edges with ids below 1000, spread over a few chunks when `n` is large.
    fn edges(n: usize) -> Vec<[u32; 2]> {
        (0..n as u32).map(|i| [i % 1000, (i * 7 + 3) % 1000]).collect()
    }

    /// Collects the chunks handed out in parallel, sorted by content so that the order of the
    /// tasks does not matter.
    fn chunked(file: &EdgeFile) -> Vec<[u32; 2]> {
        let seen = std::sync::Mutex::new(Vec::new());
        file.par_for_each_chunk(|chunk| {
            assert!(chunk.len() <= CHUNK_EDGES);
            seen.lock().expect("no panic while holding it").extend_from_slice(chunk);
        })
        .expect("reading chunks");
        let mut seen = seen.into_inner().expect("no panic while holding it");
        seen.sort_unstable();
        seen
    }

    #[test]
    fn round_trip_over_several_chunks() {
        let dir = folder();
        let path = dir.path().join("g.edges");
        let graph = edges(2 * CHUNK_EDGES + 12_345);
        write_edge_file(&path, 1000, &graph, false).expect("writing");
        assert_eq!(
            std::fs::metadata(&path).expect("the file").len(),
            HEADER_BYTES + EDGE_BYTES * graph.len() as u64
        );
        let file = EdgeFile::open(&path).expect("opening");
        assert_eq!(
            file.header(),
            EdgeFileHeader {
                vertices: 1000,
                edges: graph.len() as u64,
                simple: false
            }
        );
        assert_eq!(file.chunks(), 3);
        assert_eq!(file.read_all().expect("reading"), graph);
        let mut sorted = graph.clone();
        sorted.sort_unstable();
        assert_eq!(chunked(&file), sorted);
        // Nothing but the file is left in the folder: the temporary file was renamed.
        assert_eq!(std::fs::read_dir(dir.path()).expect("listing").count(), 1);
        // And it has the permissions of any file the user creates, not a temporary file's 0600.
        let plain = dir.path().join("plain");
        File::create(&plain).expect("a plain file");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode();
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn the_layout_is_the_documented_one() {
        let dir = folder();
        let path = dir.path().join("g.edges");
        write_edge_file(&path, 5, &[[1, 2], [4, 0]], true).expect("writing");
        let mut expected = b"SLGEDGE1".to_vec();
        for word in [5u64, 2, 1] {
            expected.extend_from_slice(&word.to_le_bytes());
        }
        for id in [1u32, 2, 4, 0] {
            expected.extend_from_slice(&id.to_le_bytes());
        }
        assert_eq!(std::fs::read(&path).expect("reading"), expected);
        assert!(EdgeFile::open(&path).expect("opening").header().simple);
    }

    #[test]
    fn an_empty_graph_round_trips() {
        let dir = folder();
        let path = dir.path().join("empty.edges");
        write_edge_file(&path, 0, &[], true).expect("writing");
        let file = EdgeFile::open(&path).expect("opening");
        assert_eq!(
            file.header(),
            EdgeFileHeader {
                vertices: 0,
                edges: 0,
                simple: true
            }
        );
        assert_eq!(file.chunks(), 0);
        assert!(file.read_all().expect("reading").is_empty());
        assert!(chunked(&file).is_empty());
    }

    #[test]
    fn a_truncated_file_is_refused_with_its_sizes() {
        let dir = folder();
        let path = dir.path().join("g.edges");
        write_edge_file(&path, 1000, &edges(10), false).expect("writing");
        let bytes = std::fs::read(&path).expect("reading");
        std::fs::write(&path, &bytes[..bytes.len() - 3]).expect("cutting");
        let err = EdgeFile::open(&path).expect_err("a cut file");
        assert!(matches!(
            err,
            EdgeFileError::WrongSize {
                edges: 10,
                expected: 112,
                actual: 109,
                ..
            }
        ));
        let message = err.to_string();
        assert!(
            message.contains("g.edges") && message.contains("cut short"),
            "{message}"
        );

        std::fs::write(&path, &bytes[..20]).expect("cutting into the header");
        assert!(matches!(
            EdgeFile::open(&path),
            Err(EdgeFileError::NoHeader { bytes: 20, .. })
        ));

        let mut longer = bytes.clone();
        longer.push(0);
        std::fs::write(&path, &longer).expect("extending");
        let message = EdgeFile::open(&path).expect_err("trailing bytes").to_string();
        assert!(message.contains("trailing bytes"), "{message}");
    }

    #[test]
    fn bad_magic_and_unknown_flags_are_refused() {
        let dir = folder();
        let path = dir.path().join("g.edges");
        write_edge_file(&path, 1000, &edges(3), false).expect("writing");
        let good = std::fs::read(&path).expect("reading");

        let mut bad = good.clone();
        bad[..8].copy_from_slice(b"SLGEDGE2");
        std::fs::write(&path, &bad).expect("writing");
        let message = EdgeFile::open(&path).expect_err("bad magic").to_string();
        assert!(
            message.contains("g.edges") && message.contains("SLGEDGE2") && message.contains("not a Sillage edge file"),
            "{message}"
        );

        let mut flagged = good.clone();
        flagged[24] = 0b11;
        std::fs::write(&path, &flagged).expect("writing");
        assert!(matches!(
            EdgeFile::open(&path),
            Err(EdgeFileError::UnknownFlags { flags: 3, .. })
        ));

        let mut huge = good;
        huge[8..16].copy_from_slice(&(1u64 << 32).to_le_bytes());
        std::fs::write(&path, &huge).expect("writing");
        assert!(matches!(
            EdgeFile::open(&path),
            Err(EdgeFileError::TooManyVertices { .. })
        ));
    }

    #[test]
    fn an_out_of_range_id_names_its_edge() {
        let dir = folder();
        let path = dir.path().join("g.edges");
        // Written with 1000 vertices, then the header lowered to 999: the edges naming vertex 999
        // (the first is edge 428, whose target is 428 · 7 + 3 = 2999 ≡ 999) are out of range, in
        // both chunks.
        let graph = edges(CHUNK_EDGES + 5);
        write_edge_file(&path, 1000, &graph, false).expect("writing");
        let mut bytes = std::fs::read(&path).expect("reading");
        bytes[8..16].copy_from_slice(&999u64.to_le_bytes());
        std::fs::write(&path, &bytes).expect("writing");
        let file = EdgeFile::open(&path).expect("the header alone is fine");
        for err in [
            file.read_all().expect_err("read_all sees it"),
            file.par_for_each_chunk(|_| {}).expect_err("the chunks see it"),
        ] {
            match &err {
                // Chunks are checked in parallel: the error names the first bad edge of whichever
                // chunk failed first.
                EdgeFileError::VertexOutOfRange {
                    index, vertices: 999, ..
                } => {
                    let e = graph[*index as usize];
                    assert!(e[0] == 999 || e[1] == 999, "edge {index} is {e:?}");
                }
                other => panic!("unexpected error {other}"),
            }
            assert!(err.to_string().contains("g.edges: edge "), "{err}");
        }
        assert_eq!(graph.iter().position(|e| e.contains(&999)), Some(428));

        // The writer refuses such a graph and leaves nothing behind.
        let other = dir.path().join("h.edges");
        let err = write_edge_file(&other, 10, &[[1, 2], [3, 10]], false).expect_err("id 10 of 10");
        assert!(matches!(err, EdgeFileError::VertexOutOfRange { index: 1, .. }), "{err}");
        assert!(!other.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listing")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, ["g.edges"], "the temporary file is removed");
    }

    #[test]
    fn a_missing_file_is_named() {
        let message = EdgeFile::open("/nonexistent/g.edges").expect_err("missing").to_string();
        assert!(message.starts_with("/nonexistent/g.edges: opening: "), "{message}");
    }
}
