// End-to-end test of `canopy view` in real headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), on the output of `canopy demo`.
//
//   node test/e2e.mjs --canopy PATH/TO/canopy --run RUN_DIR [--screenshot FILE]
//
// It starts `canopy view RUN_DIR --port 0`, checks that a second server on the
// same port fails cleanly, loads the page, waits for window.__viewerReady, and
// checks: entity counts match the run, no page error, no failed request, no
// request off the machine, the layer toggles and per-threat timeline exist;
// then it clicks a kill in the timeline, checks the clock moved there, takes
// the screenshot (--screenshot FILE) and checks the globe
// is drawn and the kill marker is shown on screen. Prints `N passed, M failed`;
// exits non-zero on failure.

import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const READY_TIMEOUT_MS = 240_000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// ../shared/VIEWER.md (the offline CesiumJS spike): explicit SwiftShader WebGL, plus the machine probe's quiet flags.
const CHROMIUM_ARGS = [
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run',
];

function args() {
  const a = process.argv.slice(2);
  const get = (name, fallback) => {
    const i = a.indexOf(name);
    return i >= 0 && a[i + 1] ? a[i + 1] : fallback;
  };
  const canopy = get('--canopy');
  const run = get('--run');
  if (!canopy || !run) {
    console.error('usage: node test/e2e.mjs --canopy BIN --run RUN_DIR [--screenshot FILE]');
    process.exit(2);
  }
  return { canopy: resolve(canopy), run: resolve(run), screenshot: resolve(get('--screenshot', 'viewer.png')) };
}

let passed = 0, failed = 0;
function check(ok, what, detail = '') {
  if (ok) { passed++; console.log(`ok - ${what}`); }
  else { failed++; console.log(`not ok - ${what}${detail ? `: ${detail}` : ''}`); }
}

/** RFC 4180 CSV rows as objects (the run's CSV files). */
function csv(path) {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const split = line => {
    const out = []; let f = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) { if (c === '"' && line[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c; }
      else if (c === '"') q = true; else if (c === ',') { out.push(f); f = ''; } else f += c;
    }
    out.push(f); return out;
  };
  const h = split(head);
  return lines.map(l => Object.fromEntries(split(l).map((v, i) => [h[i], v])));
}

/** Starts `canopy view`, resolving with the process and its URL (read from stdout). */
function startServer(canopy, run, port) {
  const child = spawn(canopy, ['view', run, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', d => { stderr += d; process.stderr.write(d); });
  const url = new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/\S+\/)/);
      if (m) resolveUrl(m[1]);
    });
    child.on('exit', code => reject(new Error(`canopy view exited with ${code}: ${stderr}`)));
    // npm ci may run on first use: allow for it.
    setTimeout(() => reject(new Error('canopy view printed no URL within 300 s')), 300_000).unref();
  });
  return { child, url, stderr: () => stderr };
}

/** Runs a command to completion: exit code and output. */
function runToEnd(cmd, argv) {
  return new Promise(res => {
    const c = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    c.stdout.on('data', d => { out += d; });
    c.stderr.on('data', d => { err += d; });
    c.on('exit', code => res({ code, out, err }));
  });
}

/** Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes): {width, height, px(x, y)}. */
function decodePng(buf) {
  let pos = 8, width = 0, height = 0, channels = 4;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unsupported PNG');
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (!channels) throw new Error('unsupported PNG colour type');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels, out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let v = src[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, px: (x, y) => { const i = y * stride + x * channels; return [out[i], out[i + 1], out[i + 2]]; } };
}

async function main() {
  const { canopy, run, screenshot } = args();
  const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
  const events = csv(join(run, 'events.csv'));
  const shots = csv(join(run, 'engagements.csv'));
  const launched = events.filter(e => e.event === 'launch').length;

  const server = startServer(canopy, run, 0);
  const url = await server.url;
  const origin = new URL(url).origin;
  console.log(`# viewer at ${url}`);
  check(new URL(url).hostname === '127.0.0.1', 'serves on 127.0.0.1 by default', url);

  // A second server on the same port: a clear error, no panic.
  const clash = await runToEnd(canopy, ['view', run, '--port', new URL(url).port]);
  check(clash.code !== 0 && /already in use/.test(clash.err) && !/panicked/.test(clash.err),
    'a taken port is a clear error', `exit ${clash.code}: ${clash.err.trim()}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  const pageErrors = [], failedRequests = [], offMachine = [], consoleErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  page.on('requestfailed', r => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('request', r => {
    const u = r.url();
    if (!(u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:'))) offMachine.push(u);
  });
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.__viewerReady === true || window.__viewerError !== undefined,
    null, { timeout: READY_TIMEOUT_MS, polling: 250 });
  const readyS = (Date.now() - t0) / 1000;
  const error = await page.evaluate(() => window.__viewerError);
  check(!error, 'the viewer starts', error);
  console.log(`# time to ready: ${readyS.toFixed(1)} s`);

  const counts = await page.evaluate(() => window.__canopy.counts);
  console.log(`# entities: ${JSON.stringify(counts)}`);
  check(counts.threats === launched && launched === summary.threats,
    'one threat entity per threat of the run', `${counts.threats} vs ${launched} launched, ${summary.threats} in summary.json`);
  const rounds = summary.engagement.rounds_expended;
  check(counts.interceptors === rounds && shots.length === rounds,
    'one interceptor entity per round fired', `${counts.interceptors} vs ${rounds}`);
  check(counts.engagements === rounds, 'one engagement line per round', `${counts.engagements}`);
  check(counts.kills === summary.engagement.killed, 'one kill marker per kill', `${counts.kills}`);
  check(counts.leaks === summary.engagement.leaked, 'one leak marker per leak', `${counts.leaks}`);
  check(counts.tracks > 0 && counts.radars > 0 && counts.coverage > 0 && counts.assets > 0,
    'tracks, radars, coverage and assets are drawn');

  const layers = await page.locator('#layers input[type=checkbox]').count();
  check(layers === 5, 'five layer toggles', String(layers));
  // Toggling a layer hides its entities (the parent's show propagates).
  const hidden = await page.evaluate(async () => {
    document.getElementById('layer-coverage').click();
    const e = window.__canopy.czml.entities.values.find(v => v.id.startsWith('coverage-'));
    const off = !e.isShowing;
    document.getElementById('layer-coverage').click();
    return off && e.isShowing;
  });
  check(hidden, 'the coverage toggle hides and shows its layer');
  const threatsListed = await page.locator('#timeline .threat').count();
  check(threatsListed === summary.threats, 'a timeline per threat', String(threatsListed));

  // Scrub to the kill with the most rounds in the air, by clicking its timeline entry.
  const kills = shots.filter(s => s.result === 'kill');
  const inFlight = t => shots.filter(s => +s.launch_time_s <= t && t <= +s.intercept_time_s).length;
  const kill = kills.reduce((best, s) => (inFlight(+s.intercept_time_s) > inFlight(+best.intercept_time_s) ? s : best));
  const t = +kill.intercept_time_s;
  const entry = page.locator('#timeline .threat', { hasText: kill.threat })
    .locator('button', { hasText: `round ${kill.shot}: kill` });
  await entry.click();
  const clock = await page.evaluate(() => {
    const c = window.__canopy.viewer.clock;
    return Cesium.JulianDate.secondsDifference(c.currentTime, c.startTime);
  });
  check(Math.abs(clock - t) < 0.01, `the timeline entry jumps the clock to the intercept (${t} s)`, `${clock}`);
  // Close the info box the click opened and look at the engagement from
  // closer (top-down, about 180 km tall), for the README picture.
  await page.evaluate(threat => {
    const v = window.__canopy.viewer;
    v.selectedEntity = undefined;
    const e = window.__canopy.czml.entities.values.find(x => x.id.startsWith('threat-') && x.name === threat);
    const c = Cesium.Cartographic.fromCartesian(e.position.getValue(v.clock.currentTime));
    const d = Cesium.Math.toRadians(0.8);
    v.camera.setView({ destination: new Cesium.Rectangle(c.longitude - 1.6 * d, c.latitude - d, c.longitude + 1.6 * d, c.latitude + d) });
  }, kill.threat);
  // Wait until every tile is in and one more frame is drawn.
  await page.evaluate(() => new Promise(res => {
    const s = window.__canopy.viewer.scene;
    const done = () => { if (s.globe.tilesLoaded) { s.postRender.removeEventListener(done); res(); } else s.requestRender(); };
    s.postRender.addEventListener(done); s.requestRender();
  }));
  // The kill marker's pixel, before the screenshot (same frame, nothing animates).
  const killPx = await page.evaluate(idx => {
    const v = window.__canopy.viewer;
    const e = window.__canopy.czml.entities.getById(`kill-${idx}`);
    const p = e && e.position.getValue(v.clock.currentTime);
    const w = p && Cesium.SceneTransforms.worldToWindowCoordinates(v.scene, p);
    const r = v.canvas.getBoundingClientRect();
    return w && { x: Math.round(w.x + r.left), y: Math.round(w.y + r.top), visible: e.isShowing };
  }, await page.evaluate(name => window.__canopy.czml.entities.values
    .find(e => e.id.startsWith('threat-') && e.name === name).id.slice('threat-'.length), kill.threat));
  mkdirSync(dirname(screenshot), { recursive: true });
  const png = await page.screenshot({ path: screenshot });
  console.log(`# screenshot: ${screenshot}`);
  const img = decodePng(png);
  // Non-blank globe: most of the map area is neither black nor one flat colour.
  let lit = 0, n = 0;
  const colours = new Set();
  for (let y = 20; y < img.height - 120; y += 7) {
    for (let x = 20; x < img.width - 360; x += 7) {
      const [r, g, b] = img.px(x, y);
      n++;
      if (r + g + b > 60) lit++;
      colours.add(`${r >> 4},${g >> 4},${b >> 4}`);
    }
  }
  // A zoomed-in imagery tile has few colour bins (50 seen at theatre scale); a
  // black or flat canvas has one or two.
  check(lit / n > 0.5 && colours.size > 20, 'the globe is drawn', `${(100 * lit / n).toFixed(0)} % lit, ${colours.size} colours`);
  // The kill marker must be shown and project inside the canvas (left of
  // the info panel). Its colour is not checked: the rounds, track and
  // fire-line symbols that meet at the intercept point can cover it (seen
  // under SwiftShader at 1198 s).
  const inside = killPx && killPx.x >= 0 && killPx.y >= 0 && killPx.x < img.width - 340 && killPx.y < img.height;
  check(killPx && killPx.visible && inside, `the kill marker of ${kill.threat} is on screen`, JSON.stringify(killPx));

  check(pageErrors.length === 0, 'no page errors', pageErrors.join('; '));
  check(failedRequests.length === 0, 'no failed requests', failedRequests.join('; '));
  check(offMachine.length === 0, 'no request leaves the machine', offMachine.join('; '));
  check(consoleErrors.length === 0, 'no console errors (CSP violations included)', consoleErrors.join('; '));

  await browser.close();
  // Ctrl-C stops the server cleanly.
  const exited = new Promise(res => server.child.on('exit', (code, signal) => res({ code, signal })));
  server.child.kill('SIGINT');
  const end = await Promise.race([exited, new Promise(res => setTimeout(() => res(null), 15_000))]);
  check(end && end.code === 0, 'Ctrl-C stops the server with exit 0', JSON.stringify(end));
  if (!end) server.child.kill('SIGKILL');

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(e => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
