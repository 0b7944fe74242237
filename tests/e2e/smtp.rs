//! A real SMTP server on loopback for the email tests (mailin-embedded, no TLS): it
//! keeps every message it accepts, or refuses them with the reply the test sets.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin_embedded::{Handler, Response, Server, SslConfig, response};

#[derive(Clone, Default)]
struct Sink {
    current: Vec<u8>,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    refuse_with: Arc<Mutex<Option<u16>>>,
}

impl Handler for Sink {
    fn rcpt(&mut self, _to: &str) -> Response {
        match *self.refuse_with.lock().unwrap() {
            Some(code) => Response::custom(code, "Mailbox unavailable (refused by the test server)".to_owned()),
            None => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, _to: &[String]) -> Response {
        self.current.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.received.lock().unwrap().push(std::mem::take(&mut self.current));
        response::OK
    }
}

pub struct SmtpServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    refuse_with: Arc<Mutex<Option<u16>>>,
}

impl SmtpServer {
    /// Serves on `127.0.0.1:port` (0: any free port).
    pub fn start(port: u16) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the SMTP port");
        let port = listener.local_addr().unwrap().port();
        let sink = Sink::default();
        let (received, refuse_with) = (sink.received.clone(), sink.refuse_with.clone());
        let mut server = Server::new(sink);
        // One thread per connection: room for several dispatchers, each keeping a few open.
        server
            .with_name("smtp.test")
            .with_num_threads(32)
            .with_ssl(SslConfig::None)
            .unwrap()
            .with_tcp_listener(listener);
        // serve() runs for the life of the test process; its error is not Send.
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, received, refuse_with }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuse every message from now on with `code` (a 5xx is a permanent refusal).
    pub fn refuse_with(&self, code: u16) {
        *self.refuse_with.lock().unwrap() = Some(code);
    }

    pub fn received(&self) -> Vec<Vec<u8>> {
        self.received.lock().unwrap().clone()
    }
}

/// A port nothing listens on: the SMTP server is down.
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
