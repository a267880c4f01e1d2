// The live view's browser end (a Streamlit components.v2 component; live.feed is the sending end), after
// wire.js (reading the messages) and links.js (drawing in place), which live.component joins before it.
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
// when a batch arrives is shown at once (so the view is never more than one batch behind). data-queued is the
// number of frames still waiting ("0": every frame received is shown; tests wait on it after a Pause).
function pump(st, root, setTriggerValue) {
  clearTimeout(st.pumpTimer);
  st.pumpTimer = null;
  if (st.queue.length) applyMessage(st, root, st.queue.shift(), setTriggerValue);
  if (st.queue.length) st.pumpTimer = setTimeout(() => pump(st, root, setTriggerValue), st.interval);
  root.dataset.queued = String(st.queue.length);
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
