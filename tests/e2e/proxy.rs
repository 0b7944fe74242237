//! A TCP relay on loopback in front of a real server (PostgreSQL, SMTP) that a test can
//! take down and bring back: down, it closes every relayed connection and no longer
//! listens (a client's connect is refused), as when the server behind it stops; up, it
//! listens on the same port again. What pim sees is what it sees when that server
//! restarts.

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

pub struct Relay {
    pub port: u16,
    target: String,
    /// The listener and every relayed connection: aborted together when taken down.
    running: Arc<Mutex<Option<JoinSet<()>>>>,
}

impl Relay {
    /// Relays a free loopback port to `target` ("host:port"); it starts up.
    pub async fn start(target: &str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let relay = Relay { port, target: target.to_owned(), running: Arc::new(Mutex::new(None)) };
        relay.serve(listener);
        relay
    }

    fn serve(&self, listener: TcpListener) {
        let mut tasks = JoinSet::new();
        let (target, running) = (self.target.clone(), self.running.clone());
        tasks.spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { continue };
                let target = target.clone();
                let connection = async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else { return };
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                };
                // Kept with the listener, so that taking the relay down closes it too.
                if let Some(tasks) = running.lock().unwrap().as_mut() {
                    tasks.spawn(connection);
                }
            }
        });
        *self.running.lock().unwrap() = Some(tasks);
    }

    /// Closes every relayed connection and stops listening.
    pub fn down(&self) {
        if let Some(mut tasks) = self.running.lock().unwrap().take() {
            tasks.abort_all();
            // Dropping the set drops the aborted tasks' sockets at once.
            drop(tasks);
        }
    }

    /// Listens on the same port again.
    pub async fn up(&self) {
        let listener = loop {
            // The old listener's socket may take a moment to be released.
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(listener) => break listener,
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        };
        self.serve(listener);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.down();
    }
}
