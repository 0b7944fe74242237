use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStderr, Command, Output, Stdio};
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::time::Duration;

use pim_store::DataKeys;

/// The data key of every database this run makes: one for the run, so that a store the
/// test opens and a `pim` it starts agree.
static DATA_KEYS: LazyLock<DataKeys> = LazyLock::new(DataKeys::generate);

pub fn data_keys() -> DataKeys {
    DATA_KEYS.clone()
}

/// The same, as `PIM_DATA_KEY` holds it.
pub fn data_key_text() -> String {
    DATA_KEYS.to_text()
}

/// Runs `pim` with `args`, feeding `stdin`, and waits for it.
pub fn pim(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pim"))
        .env("PIM_DATA_KEY", crate::helpers::data_key_text())
        .args(args)
        .env_remove("PIM_POLICY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pim");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("run pim")
}

/// The base URL in `pim serve`'s log line "… is listening on http://ADDRESS: open
/// http://ADDRESS/register …", if `line` is that line.
pub fn listening_url(line: &str) -> Option<String> {
    let rest = line.split(" is listening on ").nth(1)?;
    rest.split(" open ").nth(1).and_then(|rest| rest.split("/register").next()).map(str::to_owned)
}

/// A started `pim serve`: its process, base URL, the log up to the line saying where it
/// listens, and the rest of its log to read on.
pub struct PimServe {
    pub child: Child,
    /// Its working directory.
    pub directory: std::path::PathBuf,
    pub url: String,
    pub started_log: String,
    pub log: BufReader<ChildStderr>,
}

/// Starts `pim serve` on `database` on a free port, with its mail in a folder of its own
/// and `args` added; returns it once it listens.
pub fn start_pim_serve(database: &str, args: &[&str]) -> PimServe {
    start_pim_serve_logging(database, args, "info")
}

/// The same, logging at `level` (`RUST_LOG`).
pub fn start_pim_serve_logging(database: &str, args: &[&str], level: &str) -> PimServe {
    spawn_pim_serve(database, args, level, DataKeyGiven::Variable)
}

/// The same, its data key in `key_file` (and none in its environment), logging warnings
/// and its own start only: nothing reads its log after the start, and a log of every request of a long load
/// would fill the pipe and stall the server.
pub fn start_pim_serve_with_key_file(database: &str, args: &[&str], key_file: &std::path::Path) -> PimServe {
    spawn_pim_serve(database, args, "warn,pim::serve_command=info", DataKeyGiven::File(key_file))
}

/// How a started `pim` is given its data key.
enum DataKeyGiven<'a> {
    /// The run's key, in `PIM_DATA_KEY`.
    Variable,
    File(&'a std::path::Path),
}

fn spawn_pim_serve(database: &str, args: &[&str], level: &str, key: DataKeyGiven<'_>) -> PimServe {
    // A working directory of its own: the first operator's password file goes there.
    let directory = crate::app::fresh_dir("serve");
    std::fs::create_dir_all(&directory).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_pim"));
    match key {
        DataKeyGiven::Variable => command.env("PIM_DATA_KEY", data_key_text()),
        DataKeyGiven::File(path) => command.env_remove("PIM_DATA_KEY").env("PIM_DATA_KEY_FILE", path),
    };
    let mut child = command
        .current_dir(&directory)
        .args(["serve", "--bind", "127.0.0.1:0", "--database", database])
        .args(args)
        .arg("--mail-dir")
        .arg(crate::app::fresh_dir("serve-mail"))
        .env_remove("PIM_POLICY")
        .env("RUST_LOG", level)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pim serve");
    let (url, started_log, log) = read_until_listening(&mut child);
    PimServe { child, directory, url, started_log, log }
}

/// Reads a started `pim serve`'s log until the line saying where it listens: returns its
/// base URL, the log so far, and the rest to read on.
fn read_until_listening(child: &mut Child) -> (String, String, BufReader<ChildStderr>) {
    let mut log = BufReader::new(child.stderr.take().expect("pim serve's stderr is piped"));
    let mut started_log = String::new();
    loop {
        let mut line = String::new();
        assert!(log.read_line(&mut line).unwrap() > 0, "pim serve ended before listening:\n{started_log}");
        started_log += &line;
        if let Some(url) = listening_url(&line) {
            return (url, started_log, log);
        }
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Each stdout line as JSON.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).expect("each line is JSON")).collect()
}

/// A file of this test's own under cargo's temporary directory.
pub fn temp_file(name: &str, contents: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
        .expect("read fixture")
}

/// A `pim serve` process for loads and faults, as one instance of several behind a load
/// balancer: no per-address limits (every runner comes from loopback), the forms' secret
/// shared, its log kept line by line as it runs. Stopped (SIGTERM) when dropped.
pub struct Instance {
    child: Child,
    pub address: String,
    /// Its log, line by line, as it runs.
    log: Arc<Mutex<Vec<String>>>,
    killed: bool,
}

impl Instance {
    pub fn start(database: &str, policy: &std::path::Path, smtp: &str) -> Instance {
        Instance::start_with(database, policy, smtp, &[])
    }

    /// The same, with `args` added to `pim serve`'s.
    pub fn start_with(database: &str, policy: &std::path::Path, smtp: &str, args: &[&str]) -> Instance {
        let directory = crate::app::fresh_dir("instance");
        std::fs::create_dir_all(&directory).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pim"))
            .env("PIM_DATA_KEY", data_key_text())
            .current_dir(directory)
            .args(["serve", "--bind", "127.0.0.1:0", "--database", database])
            // 2,000 runners from one address.
            .args(["--registration-rate-limit", "off", "--connections-per-address", "off"])
            .args(args)
            .env("PIM_POLICY", policy)
            .env("PIM_SMTP_URL", smtp)
            // Shared by every instance: a form from one is accepted by another.
            .env("PIM_SECRET", "one secret for every instance")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pim serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (listening, address) = mpsc::channel();
        std::thread::spawn({
            let log = log.clone();
            move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(url) = listening_url(&line) {
                        let _ = listening.send(url);
                    }
                    log.lock().unwrap().push(line);
                }
            }
        });
        let address = address.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| {
            panic!("pim serve did not start listening: {:?}", log.lock().unwrap());
        });
        Instance { child, address, log, killed: false }
    }

    /// Log lines containing `text`.
    pub fn logged(&self, text: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|line| line.contains(text)).count()
    }

    /// Ends it with SIGKILL, as a power cut or the kernel's OOM killer would: no shutdown.
    pub fn kill(mut self) {
        self.child.kill().expect("send SIGKILL");
        self.child.wait().expect("reap pim serve");
        self.killed = true;
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if !self.killed {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
            let _ = self.child.wait();
        }
    }
}
