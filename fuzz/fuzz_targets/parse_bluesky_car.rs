//! Fuzz target: the Bluesky car reader never panics on any bytes and accounts for every record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sillage_formats::{EventReader, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = EventReader::from_reader("fuzz", std::io::Cursor::new(data.to_vec()), Format::BlueskyCar) else {
        return;
    };
    for record in reader {
        if let Err(reject) = record {
            // A reject always says where and why.
            assert!(reject.line >= 1 && !reject.reason.is_empty());
        }
    }
});
