// The live view's browser end (a Streamlit components.v2 component; live.feed is the sending end).
// Mounted once; on every tick Streamlit calls this function again with new `data` (bytes), and each chart
// is updated in place with Plotly.react: no remount, so zoom survives and nothing blinks.
const PLOTLY_SRC = "app/static/plotly.min.js";
const CHARTS = ["main", "loss", "net"];
const CONFIG = { displayModeBar: false, responsive: false, doubleClick: "reset" };

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__nnPlotly) {
    window.__nnPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL(PLOTLY_SRC, document.baseURI).href;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { window.__nnPlotly = null; reject(new Error("plotly.js did not load")); };
      document.head.appendChild(s);
    });
  }
  return window.__nnPlotly;
}

const VIEWS = { f4: Float32Array, f8: Float64Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
  u2: Uint16Array, i1: Int8Array, u1: Uint8Array };

function pngUri(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return "data:image/png;base64," + btoa(s);
}

// Decode a message: header JSON, blobs viewed in place (the copy makes the buffer 8-byte aligned).
function unpack(data) {
  const u8 = new Uint8Array(data);
  const buf = u8.slice().buffer;
  const dv = new DataView(buf);
  const magic = String.fromCharCode(...new Uint8Array(buf, 0, 4));
  if (magic !== "NNLV") throw new Error("not a live-view message");
  const n = dv.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n)));
  const start = 8 + n;
  const decoded = new Map();
  const blob = (ref) => {
    if (decoded.has(ref.$b)) return decoded.get(ref.$b);
    const out = decodeBlob(ref);
    decoded.set(ref.$b, out);
    return out;
  };
  const decodeBlob = (ref) => {
    const [off, len] = header.blobs[ref.$b];
    const bytes = new Uint8Array(buf, start + off, len);
    if (ref.t === "png") return pngUri(bytes);
    const T = VIEWS[ref.t];
    const flat = new T(buf, start + off, len / T.BYTES_PER_ELEMENT);
    if (!ref.s || ref.s.length < 2) return flat;
    const cols = ref.s[ref.s.length - 1];   // 2-D: rows as views (customdata, z)
    const rows = [];
    for (let r = 0; r < ref.s[0]; r++) rows.push(flat.subarray(r * cols, (r + 1) * cols));
    return rows;
  };
  const value = (v) => (v && typeof v === "object" && !Array.isArray(v) && "$b" in v ? blob(v) : v);
  return { header, value };
}

// A payload is one message or a batch of frames: "NNLB", uint32 count, then per message a uint32 length.
function unpackAll(data) {
  const u8 = new Uint8Array(data);
  if (String.fromCharCode(u8[0], u8[1], u8[2], u8[3]) !== "NNLB") return [unpack(u8)];
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const out = [];
  let pos = 8;
  for (let i = 0, n = dv.getUint32(4, true); i < n; i++) {
    const len = dv.getUint32(pos, true);
    out.push(unpack(u8.subarray(pos + 4, pos + 4 + len)));
    pos += 4 + len;
  }
  return out;
}

// A copy of `obj` with `value` at `path`; only the containers along the path are copied, so Plotly.react
// sees exactly what changed.
function setIn(obj, path, i, value) {
  if (i === path.length) return value;
  const key = path[i];
  const copy = Array.isArray(obj) ? obj.slice() : obj && typeof obj === "object" ? { ...obj }
    : typeof key === "number" ? [] : {};
  const next = setIn(copy[key], path, i + 1, value);
  if (next === undefined) delete copy[key]; else copy[key] = next;
  return copy;
}

function getIn(obj, path) {
  return path.reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function applyOps(fig, ops, value) {
  for (const op of ops) {
    const path = op[0];
    if (op[1] === "+") {
      const old = getIn(fig, path);
      const tail = value(op[3]);
      const out = new tail.constructor(op[2] + tail.length);
      out.set(old.subarray(0, op[2]));
      out.set(tail, op[2]);
      fig = setIn(fig, path, 0, out);
    } else {
      const v = value(op[1]);
      fig = setIn(fig, path, 0, v === null ? undefined : v);
    }
  }
  return fig;
}

function setup(parentElement, setTriggerValue) {
  const root = parentElement.querySelector(".live") || parentElement;
  const st = { seq: 0, figs: {}, divs: {}, drawn: {}, drawnAt: {}, images: {}, timers: {}, last: {}, asked: 0,
    calls: 0, queue: [], interval: 33 };
  for (const name of CHARTS) {
    const div = root.querySelector(`.chart-${name}`);
    st.divs[name] = div;
  }
  st.onClick = (name) => (ev) => {
    const p = ev && ev.points && ev.points[0];
    if (!p || !p.data) return;
    if (p.data.name === "nodes" && name === "net") setTriggerValue("node", Array.from(p.customdata).map(Number));
    else if (p.data.name === "link values" && name === "net") {
      const cd = Array.from(p.customdata).map(Number);
      setTriggerValue("link", [cd[0], cd[1], cd[2]]);
    }
  };
  // Draw: while the big map's layout.meta.draw is set, a click on its plot area sends the point clicked, in data
  // coordinates. Plotly passes a click that is not a drag on to the drag layer (.nsewdrag); the second click of
  // a double click is left out, and nothing else (hover, the network view's clicks) is touched.
  st.divs.main.addEventListener("click", (ev) => {
    const gd = st.divs.main, fig = st.figs.main, full = gd._fullLayout;
    if (!fig || !fig.layout || !fig.layout.meta || !fig.layout.meta.draw || !full || ev.detail > 1) return;
    if (!ev.target.classList || !ev.target.classList.contains("nsewdrag")) return;
    const box = gd.getBoundingClientRect(), xa = full.xaxis, ya = full.yaxis;
    const px = ev.clientX - box.left - xa._offset, py = ev.clientY - box.top - ya._offset;
    if (px < 0 || py < 0 || px > xa._length || py > ya._length) return;
    const n = (Number(root.dataset.drawn) || 0) + 1;   // numbered: the server draws each click once
    root.dataset.drawn = String(n);
    setTriggerValue("draw", [xa.p2d(px), ya.p2d(py), n]);
  });
  // counters for tests and benchmarks (read from the DOM: data-mounts, data-calls, data-draws)
  root.dataset.mounts = String((Number(root.dataset.mounts) || 0) + 1);
  st.root = root;
  st.sizes = null;   // the charts' sizes, worked out again only when the window or the page around them changes
  // Charts follow the window, the sidebar and what is above them: new sizes draw them again.
  const refit = () => {
    const next = sizes(st, root);
    if (JSON.stringify(next) === JSON.stringify(st.sizes)) return;
    st.sizes = next;
    if (window.Plotly) for (const name of CHARTS) if (st.drawn[name]) schedule(window.Plotly, st, name);
    markFit(st);
  };
  const observer = new ResizeObserver(refit);
  observer.observe(root);
  observer.observe(document.body);
  // The charts' height depends on where the view starts (sizes: window height less its top), which moves when
  // anything above it changes height (presenter styles, messages, read-outs) while neither the view nor the
  // body changes size: the page's block, which grows and shrinks with all of that, is observed too.
  const page = root.closest(".stMainBlockContainer");
  if (page) observer.observe(page);
  window.addEventListener("resize", refit);
  listenForKeys();
  return st;
}

// Keys for a presenter's clicker: Space plays or pauses, → steps, R resets (Streamlit keeps R for itself, so it is
// taken here first). Not while typing in a field, nor when a focused button would take Space itself.
function listenForKeys() {
  if (window.__nnKeys) return;
  window.__nnKeys = true;
  const press = (keys) => {
    for (const key of keys) {
      const b = document.querySelector(`.st-key-${key} button`);
      if (b && !b.disabled) { b.click(); return true; }
    }
    return false;
  };
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === " " && t && t.tagName === "BUTTON") return;
    const keys = { " ": ["play", "pause"], ArrowRight: ["step"], r: ["reset"], R: ["reset"] }[e.key];
    if (keys && press(keys)) { e.preventDefault(); e.stopPropagation(); }
  }, true);
}

// Elements Plotly drew for images: layout images by index, image traces by trace index.
function indexImages(st, name) {
  const layout = [], traces = {};
  for (const el of st.divs[name].querySelectorAll("image")) {
    const d = el.__data__;
    if (d && typeof d._index === "number") layout[d._index] = el;
    else if (Array.isArray(d) && d[0] && d[0].trace) traces[d[0].trace.index] = el;
  }
  st.images[name] = { layout, traces };
}

function setHref(el, v) {
  el.setAttribute("href", v);
  if (el.hasAttribute("xlink:href")) el.setAttribute("xlink:href", v);
}

// The links of a dense network come as int8 codes in layout.meta.links (figures/network/compact.py: LINK_CODE); they are drawn
// here into the image named "links", with the same bands as figures/network/figure.py: _bands_path draws in Python.
// In a dense network (more than L.dense links) only the strongest L.keep share of each layer's links are drawn
// (compact.py: DENSE_LINKS, DENSE_SHARE): thousands of overlapping bands are a grey mass; the strongest show the
// structure.

function strongest(L) {
  const groups = new Map();
  for (let i = 0; i < L.code.length; i++) {
    const col = Math.round(L.x0[i]);   // the links of one layer start in one column
    if (!groups.has(col)) groups.set(col, []);
    groups.get(col).push(i);
  }
  const keep = new Uint8Array(L.code.length);
  for (const idx of groups.values()) {
    idx.sort((a, b) => Math.abs(L.code[b]) - Math.abs(L.code[a]));
    const m = Math.min(idx.length, Math.max(8, Math.ceil(idx.length * L.keep)));
    for (let t = 0; t < m; t++) keep[idx[t]] = 1;
  }
  return keep;
}

function linksSource(L) {
  const paths = { neg: [], pos: [] };
  const k = (L.thick - L.thin) / L.max, s = L.scale;
  const keep = L.code.length > L.dense ? strongest(L) : null;
  for (let i = 0; i < L.code.length; i++) {
    if (keep && !keep[i]) continue;
    const c = L.code[i], x0 = L.x0[i], y0 = L.y0[i], dx = L.x1[i] - x0, dy = L.y1[i] - y0;
    const h = (L.thin + k * Math.abs(c)) * Math.hypot(dx, dy) / (dx > 0 ? dx : 1);
    const a0 = Math.round(x0 * s), a1 = Math.round((y0 - h / 2) * s);
    const a2 = Math.round(L.x1[i] * s) - a0, a3 = Math.round((L.y1[i] - h / 2) * s) - a1;
    (c < 0 ? paths.neg : paths.pos).push(`M${a0} ${a1}l${a2} ${a3}v${Math.max(Math.round(h * s), 1)}l${-a2} ${-a3}z`);
  }
  const body = [["neg", L.neg], ["pos", L.pos]].filter(([key]) => paths[key].length).map(([key, color]) =>
    `<path fill='${color}' fill-opacity='${L.alpha}' shape-rendering='optimizeSpeed' d='${paths[key].join("")}'/>`);
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='${L.w}' height='${L.h}' ` +
    `viewBox='0 0 ${Math.round(L.w * s)} ${Math.round(L.h * s)}'>${body.join("")}</svg>`;
  return "data:image/svg+xml," + svg.replace(/</g, "%3C").replace(/>/g, "%3E");
}

// Ops on layout.meta.links become ops on the links image's source and on the link-hover customdata.
function withLinks(fig, ops) {
  const L = fig && fig.layout && fig.layout.meta && fig.layout.meta.links;
  if (!L || !ops.some((op) => op[0][0] === "layout" && op[0][1] === "meta")) return [fig, ops];
  const path = ["layout", "images", L.image, "source"], src = linksSource(L);
  const out = ops.filter((op) => !(op[0][0] === "layout" && op[0][1] === "meta")).concat([[path, src]]);
  fig = setIn(fig, path, 0, src);
  const cd = L.wv && fig.data[L.trace] && fig.data[L.trace].customdata;
  if (cd) {
    const rows = Array.from(cd, (r, k) => [r[0], r[1], r[2], L.wv[k]]);
    const cdPath = ["data", L.trace, "customdata"];
    fig = setIn(fig, cdPath, 0, rows);
    out.push([cdPath, rows]);
  }
  return [fig, out];
}

// The fast path: when every op only swaps an image or replaces hover values, change the drawn chart directly
// (a Plotly.react would lay the whole chart out again). Returns false when a real redraw is needed.
function patchDrawn(st, name, ops, value) {
  const gd = st.divs[name], imgs = st.images[name];
  if (!st.drawn[name] || !gd._fullLayout || !imgs) return false;
  const plan = [];
  for (const op of ops) {
    const p = op[0];
    if (op[1] === "+") return false;
    if (p.length === 4 && p[0] === "layout" && p[1] === "images" && p[3] === "source" && imgs.layout[p[2]]) plan.push(op);
    else if (p.length === 3 && p[0] === "data" && p[2] === "source" && imgs.traces[p[1]]) plan.push(op);
    else if (p.length === 3 && p[0] === "data" && (p[2] === "customdata" || p[2] === "hovertext")
             && gd.calcdata && gd.calcdata[p[1]]) plan.push(op);
    else return false;
  }
  for (const op of plan) {
    const p = op[0], v = value(op[1]);
    if (p[0] === "layout") {
      setHref(imgs.layout[p[2]], v);
      gd.layout.images[p[2]].source = v;
      gd._fullLayout.images[p[2]].source = v;
    } else if (p[2] === "source") {
      setHref(imgs.traces[p[1]], v);
      gd.data[p[1]].source = v;
      gd._fullData[p[1]].source = v;
    } else {
      gd.data[p[1]][p[2]] = v;
      gd._fullData[p[1]][p[2]] = v;
      if (p[2] === "hovertext") gd.calcdata[p[1]].forEach((pt, i) => { pt.htx = v[i]; });
    }
  }
  return true;
}

// The app's theme (Streamlit passes it to components as --st-* CSS properties): text colour and font, grid
// lines from the text colour, transparent backgrounds, so the charts read in light and dark mode alike.
function theme(root) {
  const cs = getComputedStyle(root);
  const get = (k) => cs.getPropertyValue(k).trim();
  const text = get("--st-text-color") || "#31333f";
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(text);
  const rgb = m ? m.slice(1).map((h) => parseInt(h, 16)).join(",") : "128,128,128";
  return { text, font: get("--st-font") || "sans-serif", grid: `rgba(${rgb},0.18)`, line: `rgba(${rgb},0.45)` };
}

function themed(layout, th) {
  const axis = (a) => a && { gridcolor: th.grid, zerolinecolor: th.grid, ...a,
    linecolor: a.linecolor && a.linecolor !== "#888888" ? a.linecolor : th.line };
  const out = { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", ...layout,
    font: { family: th.font, color: th.text, ...(layout.font || {}) } };
  for (const k of ["xaxis", "yaxis"]) if (layout[k]) out[k] = axis(layout[k]);
  return out;
}

// Presenter mode (set by the page as a CSS property): larger type and thicker lines for a projector.
function presenting(el) {
  return getComputedStyle(el).getPropertyValue("--nn-presenter").trim() === "1";
}

function presented(fig, layout) {
  const data = (fig.data || []).map((t) => (t.line && t.line.width ? { ...t, line: { ...t.line,
    width: t.line.width * 2 } } : t));
  const font = { ...(layout.font || {}), size: Math.round(((layout.font && layout.font.size) || 12) * 1.5) };
  const m = layout.margin || {};
  const margin = { ...m, l: (m.l || 0) * 1.4, b: (m.b || 0) * 1.4 };   // room for the larger tick labels
  return [data, { ...layout, font, margin }];
}

// Chart sizes from the space there is: the boundary square as large as the window's height and its column allow
// (leaving room for the network view below, except in presenter mode), the loss chart beside it as tall, the
// network view scaled down to the width. Figures come with their natural sizes (Python); these replace them.
function sizes(st, root) {
  const W = root.clientWidth || 800, gap = 16;
  const top = root.getBoundingClientRect().top + window.scrollY;
  const avail = Math.max(window.innerHeight - top - gap, 320);
  const net = st.figs.net && st.figs.net.layout;
  const netScale = net ? Math.min(1, W / (net.width || W)) : 0;
  const netH = net ? (net.height || 0) * netScale : 0;
  const present = presenting(root);
  const side = present || avail - netH - gap < 400 ? avail : avail - netH - gap;   // a small screen: net below
  const main = Math.round(Math.min(Math.max(Math.min(side, (W - gap) * 0.55), 280), 1100));
  const out = { main: [main, main], loss: [Math.max(W - main - gap, 240), main] };
  if (net) out.net = [Math.round((net.width || W) * netScale), Math.round((net.height || 300) * netScale)];
  return out;
}

function sized(layout, size) {
  if (!size) return layout;
  const out = { ...layout, width: size[0], height: size[1], autosize: false };
  const m = layout.margin || {};
  if (layout.legend2 && layout.width && typeof layout.legend2.y === "number") {   // the key's row stays in px
    const plot0 = layout.width - (m.l || 0) - (m.r || 0), plot1 = size[0] - (m.l || 0) - (m.r || 0);
    out.legend2 = { ...layout.legend2, y: 1 + (layout.legend2.y - 1) * plot0 / Math.max(plot1, 1) };
  }
  return out;
}

// data-fit="true" once every chart shown is drawn at the sizes last worked out and no redraw is pending (tests wait
// on it: the charts have fitted themselves to the page as it is); "false" while a refit is on its way.
function markFit(st) {
  const fit = CHARTS.every((name) => !st.figs[name] || (st.drawn[name] && !st.timers[name] && st.sizes
    && st.drawnAt[name] === st.sizes[name]));
  st.root.dataset.fit = String(fit);
}

function draw(Plotly, st, name) {
  const div = st.divs[name];
  const fig = st.figs[name];
  if (!fig) {
    if (st.drawn[name]) { Plotly.purge(div); st.drawn[name] = false; }
    div.style.display = "none";
    markFit(st);
    return;
  }
  div.style.display = "";
  if (!st.sizes) st.sizes = sizes(st, st.root);
  let data = fig.data || [], layout = sized(themed(fig.layout || {}, theme(div)), st.sizes[name]);
  if (presenting(st.root)) [data, layout] = presented(fig, layout);
  Plotly.react(div, data, layout, CONFIG);
  st.drawnAt[name] = st.sizes[name];
  indexImages(st, name);
  const drag = name === "main" && div.querySelector(".nsewdrag");
  if (drag) drag.style.cursor = fig.layout && fig.layout.meta && fig.layout.meta.draw ? "crosshair" : "";
  if (!st.drawn[name]) {
    div.on("plotly_click", st.onClick(name));
    st.drawn[name] = true;
  }
  markFit(st);
}

// Charts whose full redraws are spaced while updates keep coming (ms): the loss curve moves slowly.
const SPACING = { loss: 400 };

function schedule(Plotly, st, name) {
  const wait = (SPACING[name] || 0) - (performance.now() - (st.last[name] || 0));
  if (st.timers[name]) return;
  const run = () => {
    st.timers[name] = null;
    draw(Plotly, st, name);
    st.last[name] = performance.now();
  };
  if (wait <= 0) run(); else st.timers[name] = setTimeout(run, wait);
}

// Apply one message: ops to the figures, then draw (the fast path, or a Plotly.react).
function applyMessage(st, root, msg, setTriggerValue) {
  const { header, value } = msg;
  const charts = header.charts || {};
  const allFull = Object.values(charts).every((c) => c === null || c.full);
  if (!allFull && header.seq <= st.seq) return;        // applied already (the same data again)
  if (!allFull && (header.base === null || st.seq < header.base)) {
    if (st.asked !== header.seq) { st.asked = header.seq; setTriggerValue("resync", header.seq); }
    return;
  }
  const changed = [];
  for (const [name, c] of Object.entries(charts)) {
    if (c === null) { if (st.figs[name]) changed.push(name); st.figs[name] = null; continue; }
    if (!c.full && !c.ops.length) continue;
    const [fig, ops] = withLinks(applyOps(c.full ? {} : st.figs[name], c.ops, value), c.ops);
    const patched = !c.full && !st.timers[name] && patchDrawn(st, name, ops, value);
    st.figs[name] = fig;
    if (!patched) changed.push(name);
  }
  const net = st.figs.net && st.figs.net.layout, netSize = net ? `${net.width}x${net.height}` : "";
  if (netSize !== st.netSize) {   // the network view came, went or changed size: the charts above it refit
    st.netSize = netSize;
    st.sizes = null;
    for (const name of ["main", "loss"]) if (st.drawn[name] && !changed.includes(name)) changed.push(name);
  }
  st.seq = header.seq;
  root.dataset.seq = String(st.seq);
  root.dataset.frames = String((Number(root.dataset.frames) || 0) + 1);
  markFit(st);
  if (changed.length) {
    loadPlotly().then((Plotly) => {
      for (const name of changed) schedule(Plotly, st, name);
    }).catch((e) => { root.dataset.error = String(e); });
  }
}

// Frames are shown one after another, spread over the time until the next batch is due; what is still queued
// when a batch arrives is shown at once (so the view is never more than one batch behind).
function pump(st, root, setTriggerValue) {
  clearTimeout(st.pumpTimer);
  st.pumpTimer = null;
  if (!st.queue.length) return;
  applyMessage(st, root, st.queue.shift(), setTriggerValue);
  if (st.queue.length) st.pumpTimer = setTimeout(() => pump(st, root, setTriggerValue), st.interval);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".live");
  if (!parentElement.__live) parentElement.__live = setup(parentElement, setTriggerValue);
  const st = parentElement.__live;
  st.calls += 1;
  root.dataset.calls = String(st.calls);
  if (!data || data === st.lastData) return;
  st.lastData = data;
  let msgs;
  try { msgs = unpackAll(data); } catch (e) { root.dataset.error = String(e); return; }
  while (st.queue.length) applyMessage(st, root, st.queue.shift(), setTriggerValue);
  const now = performance.now();
  const period = Math.min(Math.max(now - (st.arrived || now - 100), 30), 300);
  st.arrived = now;
  st.interval = period / msgs.length;
  st.queue.push(...msgs);
  pump(st, root, setTriggerValue);
  // No cleanup function: Streamlit also calls it when a newer call overtakes this one, not only on unmount.
}
