//! `sillage gen events`.

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct EventsArgs {}

pub fn run(_args: EventsArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("not written yet")
}
