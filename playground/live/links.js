// The network view drawn in place: the images Plotly drew, the dense links drawn from their int8 codes, and the
// fast path that swaps an image or hover values without a redraw. Joined before live.js into the component's
// one module (live.component).
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
