//! A bundle of files read by name: an export folder or its `.zip`. Archive and export formats are
//! collections of JSON documents; their files are read whole (bounded by [`MAX_FILE_BYTES`]).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest single file a bundle reads into memory (a Twitter archive's `tweets.js` of a very
/// active account is a few hundred MB; beyond this the file is refused, not read partially).
pub(crate) const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// An export folder or zip file.
pub(crate) enum Bundle {
    Folder(PathBuf),
    Zip(Box<zip::ZipArchive<File>>),
}

impl Bundle {
    /// Opens a folder or a `.zip`.
    pub fn open(path: &Path) -> io::Result<Bundle> {
        if path.is_dir() {
            return Ok(Bundle::Folder(path.to_owned()));
        }
        let archive =
            zip::ZipArchive::new(File::open(path)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(Bundle::Zip(Box::new(archive)))
    }

    /// Every file's path inside the bundle, with `/` separators, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names = match self {
            Bundle::Folder(root) => {
                let mut out = Vec::new();
                walk(root, root, &mut out, 0);
                out
            }
            Bundle::Zip(archive) => (0..archive.len())
                .filter_map(|i| archive.name_for_index(i).and_then(|n| n.ok()).map(|n| n.into_owned()))
                .filter(|n| !n.ends_with('/'))
                .collect(),
        };
        names.sort();
        names
    }

    /// A file's bytes; `Ok(None)` when there is no such file.
    pub fn read(&mut self, name: &str) -> io::Result<Option<Vec<u8>>> {
        match self {
            Bundle::Folder(root) => {
                let path = root.join(name);
                if !path.is_file() {
                    return Ok(None);
                }
                let file = File::open(&path)?;
                read_bounded(file, name).map(Some)
            }
            Bundle::Zip(archive) => match archive.by_name(name) {
                Ok(file) => read_bounded(file, name).map(Some),
                Err(zip::result::ZipError::FileNotFound) => Ok(None),
                Err(e) => Err(io::Error::new(io::ErrorKind::InvalidData, e)),
            },
        }
    }
}

/// Reads a whole file or stream, refusing more than [`MAX_FILE_BYTES`].
pub(crate) fn read_bounded(reader: impl Read, name: &str) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{name} is larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(bytes)
}

/// Files below `dir`, relative to `root`, at most 4 levels deep (exports are shallow; a deeper
/// walk would wander into unrelated folders).
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out, depth + 1);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}
