//! The HTTP side: routes, listening, serving.

use crate::assets::{PAGE_FILES, VENDORS};
use crate::{Assets, RunDir, ViewError};
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

/// The Content-Security-Policy of every response: the browser may load and
/// connect to this server only (plus the `data:`/`blob:` URLs CesiumJS makes
/// itself), so the page cannot reach the network even by mistake.
/// `'unsafe-eval'` is needed by the Knockout bindings of Cesium's widgets.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob:; connect-src 'self' data: blob:; \
     worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'self'";

/// Adds the security headers to a response.
async fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// The viewer's routes: `/` (and `/index.html`, `/app.js`, `/style.css`) from
/// the web folder; `/vendor/cesium/…` from CesiumJS's build directory, and
/// `/vendor/atlas/countries-110m.json` and `/vendor/topojson/topojson-client.min.js`,
/// the one file needed from each of the other two packages; `/run/…` from the
/// run folder. Everything else is 404. `ServeDir` refuses paths that would climb
/// out of its directory (`..`, also percent-encoded) and answers only GET and HEAD.
pub fn router(assets: &Assets, run: &RunDir) -> Router {
    let web = assets.web_dir();
    let mut app = Router::new().route_service("/", ServeFile::new(web.join("index.html")));
    for f in PAGE_FILES {
        app = app.route_service(&format!("/{f}"), ServeFile::new(web.join(f)));
    }
    for v in VENDORS {
        let dir = web.join(v.dir);
        app = if v.marker_only {
            app.route_service(
                &format!("{}/{}", v.route, v.marker),
                ServeFile::new(dir.join(v.marker)),
            )
        } else {
            app.nest_service(v.route, ServeDir::new(dir))
        };
    }
    app.nest_service("/run", ServeDir::new(run.path()))
        .layer(axum::middleware::map_response(secure))
}

/// Listens on `addr` (port 0 picks a free port: read it back with
/// `local_addr`). A taken port is [`ViewError::PortInUse`].
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, ViewError> {
    TcpListener::bind(addr).await.map_err(|e| match e.kind() {
        io::ErrorKind::AddrInUse => ViewError::PortInUse(addr),
        _ => ViewError::Bind { addr, source: e },
    })
}

/// Serves `app` on `listener`, each connection on its own task, until
/// `shutdown` completes (then it lets open requests finish).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
