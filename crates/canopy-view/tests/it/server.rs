//! The HTTP server over real loopback sockets, with raw requests (so request
//! targets reach the server exactly as written, unnormalised).

use crate::{Fixture, SECRET};
use canopy_view::{Assets, CONTENT_SECURITY_POLICY, RunDir, ViewError, bind, router, serve};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// A parsed response.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends one raw HTTP/1.1 request and reads the whole reply.
async fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

async fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target).await
}

/// A running server on a free loopback port; stops when dropped.
struct Running {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

async fn start(f: &Fixture) -> Running {
    let app = router(
        &Assets::new(f.web()),
        &RunDir::open(f.run()).expect("run folder"),
    );
    let listener = bind("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("bound");
    assert_ne!(addr.port(), 0, "port 0 picks a real port");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(serve(listener, app, async {
        let _ = stopped.await;
    }));
    Running { addr, _stop: stop }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_page_the_packages_and_the_run() {
    let f = Fixture::new();
    let s = start(&f).await;
    let cases = [
        ("/", "web/index.html", "text/html"),
        ("/index.html", "web/index.html", "text/html"),
        ("/app.js", "web/app.js", "javascript"),
        ("/style.css", "web/style.css", "text/css"),
        (
            "/vendor/cesium/Cesium.js",
            "web/node_modules/cesium/Build/Cesium/Cesium.js",
            "javascript",
        ),
        (
            "/vendor/cesium/Assets/Textures/NaturalEarthII/0/0/0.jpg",
            "web/node_modules/cesium/Build/Cesium/Assets/Textures/NaturalEarthII/0/0/0.jpg",
            "image/jpeg",
        ),
        (
            "/vendor/atlas/countries-110m.json",
            "web/node_modules/world-atlas/countries-110m.json",
            "application/json",
        ),
        (
            "/vendor/topojson/topojson-client.min.js",
            "web/node_modules/topojson-client/dist/topojson-client.min.js",
            "javascript",
        ),
        ("/run/summary.json", "run/summary.json", "application/json"),
        ("/run/replay.czml", "run/replay.czml", ""),
    ];
    for (target, file, mime) in cases {
        let r = get(s.addr, target).await;
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.body, f.read(file), "{target}");
        let ct = r.header("content-type").unwrap_or_default();
        assert!(ct.contains(mime), "{target}: content-type {ct}");
        assert_eq!(
            r.header("content-security-policy"),
            Some(CONTENT_SECURITY_POLICY),
            "{target}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    // HEAD works, other methods do not.
    let r = request(s.addr, "HEAD", "/run/summary.json").await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let r = request(s.addr, "POST", "/run/summary.json").await;
    assert_eq!(r.status, 405);
    let r = get(s.addr, "/run/no-such-file.csv").await;
    assert_eq!(r.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_path_traversal_and_unlisted_files() {
    let f = Fixture::new();
    let s = start(&f).await;
    let attempts = [
        "/run/../secret.txt",
        "/run/../../secret.txt",
        "/run/%2e%2e/secret.txt",
        "/run/%2E%2E/secret.txt",
        "/run/..%2fsecret.txt",
        "/run/%2e%2e%2fsecret.txt",
        "/run/..%5csecret.txt",
        "/run/%5c..%5csecret.txt",
        "/run/....//secret.txt",
        "/run/%252e%252e/secret.txt",
        "/run//secret.txt",
        "/run/%2fsecret.txt",
        "/vendor/cesium/../../package.json",
        "/vendor/cesium/%2e%2e/%2e%2e/package.json",
        "/vendor/cesium/..%2f..%2f..%2f..%2fsecret.txt",
        "/vendor/atlas/package.json",
        "/vendor/atlas/%2e%2e/cesium/package.json",
        "/vendor/topojson/../package.json",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/secret.txt",
        "/package.json",
        "/node_modules/cesium/package.json",
        "/test/e2e.mjs",
        "/web/index.html",
        "http://127.0.0.1/../secret.txt",
    ];
    for target in attempts {
        let r = get(s.addr, target).await;
        assert!(
            (400..500).contains(&r.status),
            "{target}: status {}",
            r.status
        );
        let body = String::from_utf8_lossy(&r.body);
        assert!(!body.contains(SECRET), "{target} leaked a file");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_many_clients_at_once() {
    let f = Fixture::new();
    let s = start(&f).await;
    let czml = f.read("run/replay.czml");
    let cesium = f.read("web/node_modules/cesium/Build/Cesium/Cesium.js");
    // A client that sends half a request and stalls: a server that handled
    // one connection at a time would never answer the others.
    let mut stalled = tokio::net::TcpStream::connect(s.addr)
        .await
        .expect("connects");
    tokio::io::AsyncWriteExt::write_all(&mut stalled, b"GET /run/replay.czml HTTP/1.1\r\n")
        .await
        .expect("writes");
    // 48 more clients at once, while it stalls.
    let mut streams = Vec::new();
    for i in 0..48 {
        let target = if i % 2 == 0 {
            "/run/replay.czml"
        } else {
            "/vendor/cesium/Cesium.js"
        };
        streams.push(tokio::spawn(get(s.addr, target)));
    }
    for (i, h) in streams.into_iter().enumerate() {
        // Not a speed check: a generous bound that turns a server stuck
        // behind the stalled client into a failure instead of a hang.
        let r = tokio::time::timeout(std::time::Duration::from_secs(120), h)
            .await
            .unwrap_or_else(|_| panic!("client {i} not served while another stalls"))
            .expect("client task");
        assert_eq!(r.status, 200, "client {i}");
        let want = if i % 2 == 0 { &czml } else { &cesium };
        assert_eq!(&r.body, want, "client {i} got a wrong or short body");
    }
    drop(stalled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = taken.local_addr().expect("bound");
    let e = bind(addr).await.expect_err("the port is taken");
    assert!(matches!(e, ViewError::PortInUse(a) if a == addr), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("already in use"), "{msg}");
    assert!(msg.contains("--port"), "{msg}");
    assert!(msg.contains(&addr.port().to_string()), "{msg}");
}
