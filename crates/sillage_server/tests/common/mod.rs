//! Stores and servers for the server's tests.

#![allow(dead_code)]

use std::path::Path;

use sillage_server::{AppState, ServerOptions};

/// A token long enough for the CLI's rule.
pub const TOKEN: &str = "test-token-0123456789";

/// A generated community (the demo's generator, small) scored twice, 30 days apart, so that
/// histories have two recorded points. Deterministic: the same seed gives the same store.
pub fn demo_store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let config = sillage_demo::DemoConfig {
        accounts: 1_500,
        events: 30_000,
        ..Default::default()
    };
    sillage_pipeline::run_demo(&db, &config, 5, sillage_pipeline::Progress::new(false)).expect("demo store");
    let mut store = sillage_store::Store::open(&db).unwrap();
    let newest = store.newest_event_at().unwrap().unwrap();
    // An earlier run, then the latest again: the latest run's configuration is what serve uses.
    for as_of in [newest - 30 * 86_400, newest] {
        let options = sillage_pipeline::ScoreOptions {
            as_of: Some(as_of),
            ..Default::default()
        };
        sillage_pipeline::compute_scores(&mut store, &options, sillage_pipeline::Progress::new(false)).unwrap();
    }
    db
}

/// Options for a test server on `db`, writes enabled with [`TOKEN`].
pub fn options(db: &Path) -> ServerOptions {
    let mut options = ServerOptions::new(db.to_path_buf());
    options.token = Some(TOKEN.to_owned());
    options
}

/// A state without the background thread: tests call `refresh()` where a push must show.
pub fn state(db: &Path) -> AppState {
    AppState::open(options(db), false).expect("server state")
}
