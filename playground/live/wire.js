// The live view's messages read in the browser (live.feed writes them): the header and the typed blobs, a batch
// of frames, and the changes of a figure applied as copies along their paths. Joined before live.js into the
// component's one module (live.component).
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
