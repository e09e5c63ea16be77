//! Fuzz target: the Mastodon REST reader never panics on any bytes and every reject says where and why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sillage_formats::{EventReader, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = EventReader::from_reader("fuzz", std::io::Cursor::new(data.to_vec()), Format::Mastodon) else {
        return;
    };
    for record in reader {
        if let Err(reject) = record {
            assert!(reject.line >= 1 && !reject.reason.is_empty());
        }
    }
});
