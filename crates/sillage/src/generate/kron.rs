//! `sillage gen kron`.

use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct KronArgs {}

pub fn run(_args: KronArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("not written yet")
}
