//! Byte sources: a file or any reader, counted for progress and gunzipped when it starts with the gzip magic.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::bufread::MultiGzDecoder;

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Large enough that reading a file costs few system calls, small enough to be irrelevant to memory.
const BUFFER_BYTES: usize = 64 * 1024;

/// A decoded byte stream, ready to be split into lines.
pub(crate) type Source = Box<dyn BufRead + Send>;

/// Opens a file for reading; see [`wrap`].
pub(crate) fn open_path(path: &Path, counter: Arc<AtomicU64>) -> io::Result<Source> {
    wrap(File::open(path)?, counter)
}

/// Buffers a reader, counting the bytes taken from it in `counter`, and decompresses it when it
/// starts with the gzip magic. The magic decides rather than the file name: `.gz` files are
/// sometimes stored already decompressed, and stdin has no name at all.
pub(crate) fn wrap(reader: impl Read + Send + 'static, counter: Arc<AtomicU64>) -> io::Result<Source> {
    let mut counted = Counting { inner: reader, counter };
    let head = read_head(&mut counted)?;
    let gzipped = head == GZIP_MAGIC;
    let stream = Cursor::new(head).chain(counted);
    if gzipped {
        // Multi-member decoding because `cat a.gz b.gz` and bgzip produce several members and
        // a single-member decoder would silently stop after the first.
        let decoder = MultiGzDecoder::new(BufReader::with_capacity(BUFFER_BYTES, stream));
        Ok(Box::new(BufReader::with_capacity(BUFFER_BYTES, decoder)))
    } else {
        Ok(Box::new(BufReader::with_capacity(BUFFER_BYTES, stream)))
    }
}

/// Reads up to two bytes. A single `read` may return fewer than asked for (pipes do), so this loops
/// until it has two bytes or the stream ends.
fn read_head(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = [0u8; 2];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(head[..filled].to_vec())
}

/// Counts bytes as they are read from the underlying source, so another thread can draw progress.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // Relaxed is enough: the count is only displayed, never used to synchronise memory.
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn read_all(bytes: Vec<u8>) -> (Vec<u8>, u64) {
        let counter = Arc::new(AtomicU64::new(0));
        let mut out = Vec::new();
        wrap(Cursor::new(bytes), counter.clone())
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        (out, counter.load(Ordering::Relaxed))
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn plain_bytes_pass_through_and_are_counted() {
        assert_eq!(read_all(b"hello\n".to_vec()), (b"hello\n".to_vec(), 6));
        assert_eq!(read_all(Vec::new()), (Vec::new(), 0));
        assert_eq!(read_all(vec![0x1f]), (vec![0x1f], 1));
    }

    #[test]
    fn gzip_is_recognised_by_magic_and_members_are_concatenated() {
        let mut both = gzip(b"first\n");
        both.extend(gzip(b"second\n"));
        let len = both.len() as u64;
        assert_eq!(
            read_all(both),
            (b"first\nsecond\n".to_vec(), len),
            "compressed bytes are counted"
        );
    }
}
