// Canopy replay viewer: plays run/replay.czml (written by `canopy run`) on an
// offline CesiumJS globe, with the run's summary and a per-threat timeline.
//
// Everything is loaded from the server that serves this page (`canopy view`):
// Cesium and its NaturalEarthII imagery, world-atlas borders, the run folder.
// When the replay is on screen and every imagery tile has loaded,
// window.__viewerReady becomes true (the browser test waits for it);
// window.__canopy exposes the viewer and the entity counts to that test.
'use strict';

// Read by Cesium.js, which loads after this file.
window.CESIUM_BASE_URL = 'vendor/cesium/';
window.__viewerReady = false;

// Layer groups of the CZML (parent packets) and their legend colours.
const LAYERS = [
  { id: 'truth', label: 'Truth (threats, leaks)', color: '#ff5050' },
  { id: 'tracks', label: 'Track picture (estimates)', color: '#00e6ff' },
  { id: 'coverage', label: 'Radar coverage', color: '#ffd040' },
  { id: 'engagements', label: 'Engagements (rounds, fire lines, kills)', color: '#3cff5a' },
  { id: 'sites', label: 'Sites (radars, fire units, assets)', color: '#ffffff' },
];

/** Parses CSV text (RFC 4180 quoting) into objects keyed by the header row. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.filter(r => r.length === header.length)
    .map(r => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Fetches a run file; a missing optional file gives null. */
async function fetchRun(name, kind) {
  const res = await fetch(`run/${name}`);
  if (!res.ok) return null;
  return kind === 'json' ? res.json() : parseCsv(await res.text());
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

const fmtS = s => `${Number(s).toFixed(1)} s`;

/** The run summary table. */
function showSummary(summary, counts) {
  document.getElementById('scenario').textContent =
    `${summary.scenario} — seed ${summary.seed}, Canopy ${summary.canopy_version} (${summary.git_hash})`;
  const rows = [
    ['threats', `${summary.threats} (${counts.threats} in the replay)`],
    ['end time', fmtS(summary.end_time_s)],
  ];
  const e = summary.engagement;
  if (e) {
    const causes = Object.entries(e.leaked_by_cause).filter(([, n]) => n > 0)
      .map(([c, n]) => `${n} ${c}`).join(', ');
    rows.push(['killed', String(e.killed)]);
    rows.push(['leaked', `${e.leaked}${causes ? ` (${causes})` : ''}`]);
    rows.push(['rounds', `${e.rounds_expended} (${counts.interceptors} in the replay)`]);
  }
  rows.push(['impacts', String(summary.impacts)]);
  const t = summary.tracking;
  if (t) {
    const gospa = t.gospa_mean_m === null ? 'n/a' : `${Math.round(t.gospa_mean_m)} m`;
    rows.push(['track picture', `mean GOSPA ${gospa}, ${t.confirmed_tracks} confirmed, ` +
      `${t.false_tracks} false, ${t.track_breaks} breaks`]);
  }
  const table = document.getElementById('summary');
  table.replaceChildren(...rows.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v))));
}

/** Checkboxes that show or hide each layer group. */
function showLayers(entities) {
  const box = document.getElementById('layers');
  for (const layer of LAYERS) {
    const group = entities.getById(layer.id);
    if (!group) continue;
    const input = el('input', { type: 'checkbox', id: `layer-${layer.id}` });
    input.checked = group.show;
    input.addEventListener('change', () => { group.show = input.checked; window.__canopy.viewer.scene.requestRender(); });
    const swatch = el('span', { class: 'swatch', style: `background:${layer.color}` });
    box.append(el('label', { for: `layer-${layer.id}` }, input, swatch, layer.label));
  }
}

/** `k=v;k=v` details of events.csv as an object. */
const details = d => Object.fromEntries(d.split(';').filter(Boolean).map(kv => kv.split('=')));

/** How each events.csv row reads in the timeline. */
function describe(e) {
  const d = details(e.detail);
  switch (e.event) {
    case 'launch': return 'launched';
    case 'assign': return `assigned to ${d.unit} (track ${d.track}, ${d.rounds} round${d.rounds === '1' ? '' : 's'})`;
    case 'fire': return `round ${d.shot} fired by ${d.unit}`;
    case 'intercept': {
      const miss = d.miss_m && d.miss_m !== 'none' ? `, miss ${Number(d.miss_m).toFixed(0)} m` : '';
      return `round ${d.shot}: ${d.killed === 'true' ? 'kill' : 'miss'}${miss}`;
    }
    case 'assess': return `assessed ${d.judged} after round ${d.shot}`;
    case 'end': return e.detail === 'killed' ? 'killed' : `ended: ${e.detail}`;
    case 'leak': return `leaked (${e.detail})`;
    default: return `${e.event} ${e.detail}`;
  }
}

/** Every event of each threat (events.csv), with its fate (threats.csv). */
function threatTimelines(events, fates) {
  const byName = new Map();
  const of = name => {
    if (!byName.has(name)) byName.set(name, { name, fate: null, entries: [] });
    return byName.get(name);
  };
  for (const f of fates || []) {
    of(f.threat).fate = f.fate === 'killed' ? 'killed' : `leaked: ${f.cause}`;
  }
  for (const e of events || []) of(e.entity).entries.push({ t: +e.time_s, text: describe(e) });
  // events.csv is in time order already; keep it stable for equal times.
  for (const t of byName.values()) t.entries.sort((a, b) => a.t - b.t);
  return [...byName.values()];
}

/** Moves the clock to `seconds` after the start of the run and stops it there. */
function jumpTo(seconds) {
  const viewer = window.__canopy.viewer;
  const clock = viewer.clock;
  clock.shouldAnimate = false;
  clock.currentTime = Cesium.JulianDate.addSeconds(clock.startTime, seconds, new Cesium.JulianDate());
  viewer.scene.requestRender();
}

function showTimeline(timelines, entities) {
  const byName = new Map(entities.values.filter(e => e.id.startsWith('threat-')).map(e => [e.name, e]));
  const box = document.getElementById('timeline');
  box.replaceChildren(...timelines.map(t => {
    const entity = byName.get(t.name);
    const select = () => { if (entity) window.__canopy.viewer.selectedEntity = entity; };
    const fate = el('span', { class: `fate ${t.fate === 'killed' ? 'killed' : 'leaked'}` }, t.fate || '');
    const items = t.entries.map(e => el('li', {}, el('button', {
      onclick: () => { jumpTo(e.t); select(); },
      title: 'jump the clock here',
    }, el('span', { class: 't' }, fmtS(e.t)), e.text)));
    return el('div', { class: 'threat' },
      el('div', { class: 'name', onclick: select }, t.name, fate), el('ol', {}, ...items));
  }));
}

/**
 * The rectangle (radians) around every site and sample of the replay, with a
 * margin; coverage rings are left out so the action fills the view.
 */
function replayRectangle(packets) {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  const add = (lon, lat) => {
    west = Math.min(west, lon); east = Math.max(east, lon);
    south = Math.min(south, lat); north = Math.max(north, lat);
  };
  for (const p of packets) {
    const v = p.position && p.position.cartographicDegrees;
    if (!v) continue;
    const stride = p.position.epoch ? 4 : 3, first = p.position.epoch ? 1 : 0;
    for (let i = first; i + 1 < v.length; i += stride) add(v[i], v[i + 1]);
  }
  if (west > east) return null;
  const padLon = Math.max((east - west) * 0.08, 0.1), padLat = Math.max((north - south) * 0.08, 0.1);
  return Cesium.Rectangle.fromDegrees(west - padLon, Math.max(south - padLat, -89),
    east + padLon, Math.min(north + padLat, 89));
}

/** Resolves once the globe has every tile it needs for the current view. */
function tilesLoaded(viewer) {
  return new Promise(resolve => {
    const check = () => {
      if (viewer.scene.globe.tilesLoaded) {
        viewer.scene.postRender.removeEventListener(check);
        resolve();
      } else {
        viewer.scene.requestRender();
      }
    };
    viewer.scene.postRender.addEventListener(check);
    viewer.scene.requestRender();
  });
}

async function main() {
  // No Cesium ion: every layer below is local.
  Cesium.Ion.defaultAccessToken = undefined;
  // The replay first, so the camera starts on it and no tile is fetched for
  // a view that is never shown.
  const packets = await (await fetch('run/replay.czml')).json();
  const rectangle = replayRectangle(packets);
  if (rectangle) {
    Cesium.Camera.DEFAULT_VIEW_RECTANGLE = rectangle;
    Cesium.Camera.DEFAULT_VIEW_FACTOR = 0;
  }
  const viewer = new Cesium.Viewer('globe', {
    baseLayer: Cesium.ImageryLayer.fromProviderAsync(
      Cesium.TileMapServiceImageryProvider.fromUrl(Cesium.buildModuleUrl('Assets/Textures/NaturalEarthII'))),
    terrainProvider: new Cesium.EllipsoidTerrainProvider(),
    baseLayerPicker: false, geocoder: false, homeButton: false, sceneModePicker: false,
    navigationHelpButton: false, fullscreenButton: false, skyBox: false, skyAtmosphere: false,
    animation: true, timeline: true, infoBox: true, selectionIndicator: true,
    // Render only when something changes: SwiftShader and laptops both thank us.
    requestRenderMode: true, maximumRenderTimeChange: 0,
  });
  window.__canopy = { viewer, jumpTo };

  const czml = await Cesium.CzmlDataSource.load(packets);
  await viewer.dataSources.add(czml);
  viewer.clock.shouldAnimate = false;
  viewer.timeline.zoomTo(viewer.clock.startTime, viewer.clock.stopTime);
  const entities = czml.entities;
  const count = prefix => entities.values.filter(e => e.id.startsWith(prefix)).length;
  const counts = {
    threats: count('threat-'), interceptors: count('interceptor-'), engagements: count('engagement-'),
    tracks: count('track-'), radars: count('radar-'), coverage: count('coverage-'),
    assets: count('asset-'), fireUnits: count('fire-unit-'), kills: count('kill-'), leaks: count('leak-'),
  };
  Object.assign(window.__canopy, { czml, counts });

  // Sharp borders over the level-2 imagery, which is blurry at theatre scale.
  const topo = await (await fetch('vendor/atlas/countries-110m.json')).json();
  await viewer.dataSources.add(await Cesium.GeoJsonDataSource.load(
    { type: 'Feature', geometry: topojson.mesh(topo, topo.objects.countries), properties: {} },
    { stroke: Cesium.Color.WHITE.withAlpha(0.6), strokeWidth: 1 }));

  const [summary, events, fates] = await Promise.all([
    fetchRun('summary.json', 'json'), fetchRun('events.csv'), fetchRun('threats.csv'),
  ]);
  if (summary) showSummary(summary, counts);
  showLayers(entities);
  showTimeline(threatTimelines(events, fates), entities);

  await tilesLoaded(viewer);
  window.__viewerReady = true;
}

window.addEventListener('load', () => {
  main().catch(e => {
    window.__viewerError = String(e && e.stack || e);
    const p = document.getElementById('scenario');
    p.textContent = `cannot show this run: ${e}`;
    p.className = 'error';
    throw e;
  });
});
