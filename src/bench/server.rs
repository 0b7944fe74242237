//! The processes a bench measures: `pim serve` (this same binary) on a fresh database,
//! and the bare axum handler it is compared with; each stopped when dropped.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context;

/// A server process the bench started.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Gives `command` the data key the servers started in `directory` share, if they have
/// one (on PostgreSQL; a SQLite file keeps its key beside it).
pub fn pass_data_key(command: &mut Command, directory: &Path) {
    let data_key = directory.join("data.key");
    if data_key.exists() {
        command.env("PIM_DATA_KEY_FILE", data_key);
    }
}

/// The SQLite database a scenario's server keeps in `directory`.
pub fn sqlite_url(directory: &Path) -> String {
    format!("sqlite://{}", directory.join("bench.db").display())
}

/// A free port on loopback.
fn free_address() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

impl Server {
    /// `pim serve` in `directory` on a fresh SQLite database there, with `policy`: without
    /// its email dispatcher (the outbox keeps what is queued) and without the limits
    /// meant for one client, since the bench is one client.
    pub fn pim(directory: &Path, policy: &Path) -> anyhow::Result<Server> {
        Server::pim_on(directory, policy, &sqlite_url(directory), "serve")
    }

    /// `pim serve` as [`Server::pim`] starts it, but on `database` (which another
    /// instance may already serve), with its log in `directory/<name>.log`. On a server
    /// database, the instances started in one directory share its data key, made by the
    /// first; a SQLite file gets its key beside it, where the bench's other commands find it.
    pub fn pim_on(directory: &Path, policy: &Path, database: &str, name: &str) -> anyhow::Result<Server> {
        let address = free_address()?;
        let mut command = Command::new(std::env::current_exe()?);
        if !database.starts_with("sqlite:") {
            let data_key = directory.join("data.key");
            if !data_key.exists() {
                let made =
                    Command::new(std::env::current_exe()?).args(["keys", "new", "--file"]).arg(&data_key).output()?;
                anyhow::ensure!(made.status.success(), "pim keys new: {}", String::from_utf8_lossy(&made.stderr));
            }
        }
        pass_data_key(&mut command, directory);
        command
            .current_dir(directory)
            .args(["serve", "--no-dispatcher", "--registration-rate-limit", "off", "--connections-per-address", "off"])
            .args(["--max-connections", "20000"])
            .env("PIM_BIND", address.to_string())
            .env("DATABASE_URL", database)
            .env("PIM_SECRET", "the bench's secret, for its own server only")
            .env("PIM_POLICY", policy)
            .env("PIM_MAIL_DIR", directory.join("mail"))
            // Warnings only, unless asked (`PIM_BENCH_SERVER_LOG=pim_store=info`, to see each batch).
            .env("RUST_LOG", std::env::var("PIM_BENCH_SERVER_LOG").unwrap_or_else(|_| "warn".into()));
        let log = std::fs::File::create(directory.join(format!("{name}.log")))?;
        Server::start(command, address, log)
    }

    /// The ceiling: a bare axum handler (`pim bench-ceiling`), the fastest answer this
    /// machine gives over the same loopback.
    pub fn ceiling(directory: &Path) -> anyhow::Result<Server> {
        let address = free_address()?;
        let mut command = Command::new(std::env::current_exe()?);
        command.args(["bench-ceiling", "--bind", &address.to_string()]);
        Server::start(command, address, std::fs::File::create(directory.join("ceiling.log"))?)
    }

    fn start(mut command: Command, address: SocketAddr, log: std::fs::File) -> anyhow::Result<Server> {
        let child =
            command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(log).spawn().context("start the server")?;
        // Held from here: stopped whatever happens next.
        let mut server = Server { child, address };
        for _ in 0..600 {
            if std::net::TcpStream::connect(address).is_ok() {
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                anyhow::bail!("the server stopped at start ({status}): see its log");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        anyhow::bail!("the server did not listen on {address} within 30 s")
    }

    /// The most memory the process has held, from the kernel's count (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> f64 {
        memory_mib(self.child.id(), "VmHWM:")
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The CPU time the process has used so far (user and system), in seconds.
    pub fn cpu_seconds(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // After the command's name, in parentheses (which may hold spaces): the fields
        // from the third on; utime and stime are the 14th and 15th, in USER_HZ (100 a
        // second on Linux whatever the kernel's own tick).
        let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
        let ticks = |n: usize| fields.get(n - 3).and_then(|value| value.parse::<f64>().ok()).unwrap_or(0.0);
        (ticks(14) + ticks(15)) / 100.0
    }

    /// The memory it holds now (VmRSS), in MiB.
    pub fn rss_mib(&self) -> f64 {
        memory_mib(self.child.id(), "VmRSS:")
    }
}

/// A process's memory by its `/proc/PID/status` field (VmHWM, VmRSS), in MiB.
pub fn memory_mib(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// `pim bench-ceiling`: a bare axum handler on `bind`, nothing else on the request path.
pub fn serve_ceiling(bind: SocketAddr) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let app = axum::Router::new().route("/healthz", axum::routing::get(|| async { "ok" }));
        let listener = tokio::net::TcpListener::bind(bind).await?;
        axum::serve(listener, app).await?;
        anyhow::Ok(())
    })
}
