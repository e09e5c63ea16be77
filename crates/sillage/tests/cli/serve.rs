//! `sillage serve` as a real process: pushed events acknowledged by the server survive `kill -9`,
//! a push killed in flight leaves the store whole, and a restarted server serves what was pushed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::util::{Sandbox, event_count, query_i64};

const TOKEN: &str = "durability-test-token-0123";

/// A running server and the address it printed.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(sandbox: &Sandbox, db: &std::path::Path) -> Server {
        let mut child = sandbox
            .command_on(db, &["serve", "--bind", "127.0.0.1:0"])
            .env("SILLAGE_TOKEN", TOKEN)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("starting sillage serve");
        // The server prints its address once the store is loaded and the socket bound.
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines.next().expect("the server printed its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().to_owned();
            }
        };
        // Keep draining stderr so that the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    /// One HTTP/1.1 request on a fresh connection; the status and body.
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
        let body = answer
            .split_once("\r\n\r\n")
            .map(|x| x.1.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// SIGKILL: no shutdown code runs.
    fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn events(batch: usize, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"net\":\"t\",\"id\":\"b{batch}-{i}\",\"kind\":\"repost\",\"actor\":\"fan{i}\",\"target\":\"star{}\",\"parent\":\"p{batch}\",\"at\":{}}}\n",
                batch % 3,
                1_700_000_000 + batch * 100 + i
            )
        })
        .collect()
}

#[test]
fn acknowledged_pushes_survive_kill_9() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let server = Server::start(&sandbox, &db);
    let mut acked = 0;
    for batch in 0..20 {
        let (status, body) = server.request("POST", "/v1/events", &events(batch, 50));
        assert_eq!(status, 200, "{body}");
        let report: serde_json::Value = serde_json::from_str(&body).unwrap();
        acked += report["stored"].as_i64().unwrap();
    }
    assert_eq!(acked, 1000);
    // Killed right after the last acknowledgement: no graceful shutdown, no checkpoint.
    server.kill_9();
    assert_eq!(event_count(&db), 1000);
    for batch in 0..20 {
        let id = format!("b{batch}-49");
        let found = query_i64(&db, &format!("SELECT count(*) FROM events WHERE ext_id = '{id}'"));
        assert_eq!(found, 1, "{id}");
    }
    // A new server on the same store serves what was pushed.
    let server = Server::start(&sandbox, &db);
    let (status, body) = server.request("GET", "/v1/accounts/t:star0", "");
    assert_eq!(status, 200, "{body}");
    let (_, status_body) = server.request("GET", "/v1/status", "");
    let s: serde_json::Value = serde_json::from_str(&status_body).unwrap();
    assert_eq!(s["snapshot_events"], 1000);
    server.kill_9();
}

#[test]
fn a_push_killed_in_flight_stores_all_of_it_or_nothing() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let server = Server::start(&sandbox, &db);
    let (status, _) = server.request("POST", "/v1/events", &events(0, 10));
    assert_eq!(status, 200);
    // A large push; the server is killed as soon as the whole request is sent, while it parses
    // or writes it.
    let big = events(1, 200_000);
    let addr = server.addr.clone();
    let (sent, was_sent) = std::sync::mpsc::channel();
    let sender = std::thread::spawn(move || {
        let mut s = TcpStream::connect(&addr).unwrap();
        let _ = write!(
            s,
            "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: {}\r\n\r\n{big}",
            big.len()
        );
        sent.send(()).unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
    });
    was_sent.recv().unwrap();
    server.kill_9();
    let _ = sender.join();
    let n = event_count(&db);
    assert!(n == 10 || n == 200_010, "a push is one transaction: found {n} events");
    // The store opens and takes new work.
    let server = Server::start(&sandbox, &db);
    let (status, body) = server.request("POST", "/v1/events", &events(2, 5));
    assert_eq!(status, 200, "{body}");
    server.kill_9();
    assert_eq!(event_count(&db), n + 5);
}
