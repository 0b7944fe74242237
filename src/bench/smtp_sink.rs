//! A loopback SMTP server that accepts every message and keeps only its Message-ID: the
//! far end of the `mail` scenario, so that what is measured is PIM's side.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The sink, listening until dropped.
pub struct SmtpSink {
    pub address: SocketAddr,
    /// Each Message-ID received, with how many times.
    received: Arc<Mutex<HashMap<String, u32>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> anyhow::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let received = Arc::new(Mutex::new(HashMap::new()));
        let kept = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let _ = converse(stream, kept).await;
                });
            }
        });
        Ok(SmtpSink { address, received, task })
    }

    /// (messages received, distinct Message-IDs).
    pub fn counts(&self) -> (u64, u64) {
        let received = self.received.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (received.values().map(|n| u64::from(*n)).sum(), received.len() as u64)
    }
}

async fn converse(stream: TcpStream, received: Arc<Mutex<HashMap<String, u32>>>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 bench sink ESMTP\r\n").await?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") {
            b"250-bench sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
        } else if command.starts_with("DATA") {
            write.write_all(b"354 go on\r\n").await?;
            let mut message_id = None;
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                if message_id.is_none()
                    && let Some(id) = line.strip_prefix("Message-ID:").or_else(|| line.strip_prefix("Message-Id:"))
                {
                    message_id = Some(id.trim().to_owned());
                }
            }
            let id = message_id.unwrap_or_default();
            *received.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).entry(id).or_default() += 1;
            b"250 kept\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"250 ok\r\n"
        };
        write.write_all(answer).await?;
    }
}
