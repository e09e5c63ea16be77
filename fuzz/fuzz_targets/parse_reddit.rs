//! Fuzz target: the Reddit reader never panics on any bytes and accounts for every record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sillage_formats::{EventReader, Format, Item};

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = EventReader::from_reader("fuzz", std::io::Cursor::new(data.to_vec()), Format::Reddit) else {
        return;
    };
    for record in reader {
        match record {
            // Every event is attributed to an account of the network.
            Ok(Item::Event(e)) => assert!(e.net == "reddit" && !e.actor.is_empty()),
            Ok(Item::Account(_)) => panic!("a Reddit dump has no account records"),
            // A reject always says where and why.
            Err(reject) => assert!(reject.line >= 1 && !reject.reason.is_empty()),
        }
    }
});
