//! Arbitrary bytes through the Twitter archive reader: no input may panic, and every reject has a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sillage_formats::{EventReader, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = EventReader::from_reader("fuzz", std::io::Cursor::new(data.to_vec()), Format::TwitterArchive)
    else {
        return;
    };
    for record in reader {
        if let Err(reject) = record {
            assert!(reject.line >= 1 && !reject.reason.is_empty());
        }
    }
});
