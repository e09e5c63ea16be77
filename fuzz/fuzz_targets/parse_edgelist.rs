//! Fuzz target: the edge-list reader never panics on any bytes and accounts for every record. The
//! first byte picks the spec (with or without a time column), the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sillage_formats::{EdgeListSpec, EventReader, Format, Item, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let spec = EdgeListSpec {
        time_column: (pick & 1 == 1).then_some(2),
        weight_column: (pick & 2 == 2).then_some(3),
        at: Some(0),
        ..EdgeListSpec::default()
    };
    let options = ReadOptions { edge_list: spec };
    let Ok(reader) =
        EventReader::from_reader_with("fuzz", std::io::Cursor::new(bytes.to_vec()), Format::EdgeList, &options)
    else {
        return;
    };
    for record in reader {
        match record {
            Ok(Item::Event(e)) => assert!(e.target.is_some() && !e.actor.is_empty()),
            Ok(Item::Account(_)) => panic!("an edge list has no account records"),
            Err(reject) => assert!(reject.line >= 1 && !reject.reason.is_empty()),
        }
    }
});
