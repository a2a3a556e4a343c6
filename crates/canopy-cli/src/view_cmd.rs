//! `canopy view`: serves a run folder's replay to the browser (see `canopy-view`).

use anyhow::{Context, Result};
use canopy_view::{Assets, RunDir, bind, router, serve};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

/// Arguments of `canopy view`.
#[derive(clap::Args)]
pub struct ViewArgs {
    /// Run folder written by `canopy run` or `canopy demo` (it holds replay.czml).
    dir: PathBuf,
    /// TCP port; 0 picks any free port (the URL printed says which).
    #[arg(long, default_value_t = 8600)]
    port: u16,
    /// Address to listen on. The default serves this machine only; anything
    /// else shows the run to the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Open the viewer in the default browser.
    #[arg(long)]
    open: bool,
    /// The viewer's web folder [default: crates/canopy-view/web of this source tree].
    #[arg(long)]
    assets: Option<PathBuf>,
}

/// Opens `url` in the desktop's browser; a failure is only a note (the URL is printed).
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("note: could not open a browser ({program}: {e}); open {url} yourself");
    }
}

pub fn view(args: &ViewArgs) -> Result<ExitCode> {
    let run = RunDir::open(&args.dir)?;
    let assets = args
        .assets
        .clone()
        .map_or_else(Assets::bundled, Assets::new);
    assets.ensure()?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can see this run",
            args.bind
        );
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = bind(SocketAddr::new(args.bind, args.port)).await?;
        let url = format!("http://{}/", listener.local_addr()?);
        // The browser test reads the URL from this line.
        println!(
            "canopy view: serving {} at {url} (Ctrl-C to stop)",
            run.path().display()
        );
        if args.open {
            open_browser(&url);
        }
        let stop = async {
            // If the signal cannot be watched, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        serve(listener, router(&assets, &run), stop)
            .await
            .context("serving the viewer")?;
        Ok(ExitCode::SUCCESS)
    })
}
