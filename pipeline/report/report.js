// newsx run report: draws the payload written by pipeline/report/payload.py. No library, no network.
"use strict";

const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const fold = (s) => String(s ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("fr-FR"));
let P; // the payload

// The payload is gzip-compressed JSON in base64: the browser's own DecompressionStream inflates it.
async function inflate(base64) {
  const binary = atob(base64.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

function el(tag, attrs = {}, html = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.innerHTML = html;
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

const typeName = (t) => P.type_names[t] || t || "";
const typeColor = (t) => P.colors[t] || "#aaaaaa";
const typeBadge = (t) => (t ? `<span class="type" style="background:${typeColor(t)}" title="${esc(t)}">${esc(typeName(t))}</span>` : "");
const docLink = (id) => `#doc=${encodeURIComponent(id)}`;

// --- views -----------------------------------------------------------------

function show(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const button of document.querySelectorAll("#nav button")) button.classList.toggle("active", button.dataset.view === view);
  if (view === "map") MAP.fit(false);
}

async function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has("doc")) {
    await openDocument(params.get("doc"), params.get("event"));
    show("document");
  } else {
    show(params.get("view") || "summary");
  }
}

// --- summary ---------------------------------------------------------------

const STATUS = { ok: "lus", error: "en erreur", empty: "vides" };
const TABLE_NAMES = { documents: "documents", mentions: "mentions", entities: "entités", events: "événements", incidents: "incidents", "fatalities (incidents)": "victimes (incidents)" };

function kvTable(title, obj) {
  const rows = Object.entries(obj).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(typeof v === "number" ? fmt(v) : v)}</td></tr>`);
  return rows.length ? `<h2>${title}</h2><table class="kv">${rows.join("")}</table>` : "";
}

function drawSummary() {
  const s = P.summary;
  const cards = Object.entries(s.tables).map(([k, v]) => `<div class="card"><b>${fmt(v)}</b>${esc(TABLE_NAMES[k] || k)}</div>`);
  const status = Object.entries(s.status).map(([k, v]) => `<div class="card"><b>${fmt(v)}</b>documents ${esc(STATUS[k] || k)}</div>`);
  $("view-summary").innerHTML =
    `<p class="note">Sortie : ${esc(s.path)}</p><h2>Documents par statut</h2><div class="cards">${status.join("")}</div>` +
    `<h2>Lignes par table</h2><div class="cards">${cards.join("")}</div>` +
    kvTable("Versions", s.versions) + kvTable("Options", s.options) + kvTable("Durées (s)", s.timings);
}

// --- tables ----------------------------------------------------------------

// A table over rows held in memory: filter (text and type), sort, and only one page in the DOM.
class Table {
  constructor(root, { title, columns, rows, typeKey, open }) {
    Object.assign(this, { columns, rows, open, typeKey, query: "", type: "", sort: null, page: 0 });
    this.keys = columns.map((c) => c.key);
    this.typeIndex = typeKey ? this.keys.indexOf(typeKey) : -1;
    this.haystack = null;
    const types = this.typeIndex >= 0 ? [...new Set(rows.map((r) => r[this.typeIndex]))].filter(Boolean) : [];
    const options = types.sort((a, b) => collator.compare(typeName(a), typeName(b)) || collator.compare(a, b))
      .map((t) => `<option value="${esc(t)}">${esc(columns[this.typeIndex].label === "Étiquette" ? (P.label_names[t] || t) : typeName(t))}</option>`);
    root.innerHTML = `<h2>${esc(title)} <span class="note">(${fmt(rows.length)})</span></h2>
      <div class="filters"><input type="search" placeholder="Filtrer (texte)…" aria-label="Filtrer">
      ${types.length ? `<select aria-label="Type"><option value="">Tous les types</option>${options.join("")}</select>` : ""}
      <span class="count note"></span></div>
      <table><thead><tr>${columns.map((c, i) => `<th data-i="${i}" class="${c.num ? "num" : ""}">${esc(c.label)}</th>`).join("")}</tr></thead><tbody></tbody></table>
      <div class="pager"><button data-step="-1">‹ Précédent</button><span class="page note"></span><button data-step="1">Suivant ›</button></div>`;
    this.root = root;
    this.tbody = root.querySelector("tbody");
    root.querySelector("input").addEventListener("input", (e) => { this.query = fold(e.target.value.trim()); this.refilter(); });
    root.querySelector("select")?.addEventListener("change", (e) => { this.type = e.target.value; this.refilter(); });
    root.querySelector("thead").addEventListener("click", (e) => { const th = e.target.closest("th"); if (th) this.sortBy(+th.dataset.i); });
    root.querySelector(".pager").addEventListener("click", (e) => { const b = e.target.closest("button"); if (b) this.turn(+b.dataset.step); });
    this.tbody.addEventListener("click", (e) => {
      if (e.target.closest("a")) return;
      const tr = e.target.closest("tr");
      if (tr) this.open(this.rows[+tr.dataset.i]);
    });
    this.refilter();
  }

  refilter() {
    if (this.query && !this.haystack) this.haystack = this.rows.map((r) => fold(r.join(" ")));
    const keep = [];
    for (let i = 0; i < this.rows.length; i++) {
      if (this.type && this.rows[i][this.typeIndex] !== this.type) continue;
      if (this.query && !this.haystack[i].includes(this.query)) continue;
      keep.push(i);
    }
    this.shown = keep;
    if (this.sort) this.applySort();
    this.page = 0;
    this.draw();
  }

  sortBy(i) {
    this.sort = { i, dir: this.sort && this.sort.i === i ? -this.sort.dir : 1 };
    this.applySort();
    this.draw();
  }

  applySort() {
    const { i, dir } = this.sort;
    const num = this.columns[i].num;
    const value = (r) => this.rows[r][i];
    this.shown.sort((a, b) => {
      const x = value(a), y = value(b);
      if (x === null || x === "") return 1;
      if (y === null || y === "") return -1;
      return dir * (num ? x - y : collator.compare(String(x), String(y))) || a - b;
    });
  }

  turn(step) {
    const last = Math.max(0, Math.ceil(this.shown.length / PAGE_SIZE) - 1);
    this.page = Math.min(last, Math.max(0, this.page + step));
    this.draw();
  }

  draw() {
    const from = this.page * PAGE_SIZE;
    const slice = this.shown.slice(from, from + PAGE_SIZE);
    this.tbody.innerHTML = slice.map((i) => {
      const row = this.rows[i];
      return `<tr data-i="${i}">${this.columns.map((c, j) => `<td class="${c.num ? "num" : ""}">${c.render ? c.render(row[j], row) : esc(c.num ? fmt(row[j]) : row[j])}</td>`).join("")}</tr>`;
    }).join("");
    for (const th of this.root.querySelectorAll("th")) th.className = (this.columns[+th.dataset.i].num ? "num " : "") + (this.sort && this.sort.i === +th.dataset.i ? (this.sort.dir > 0 ? "asc" : "desc") : "");
    const n = this.shown.length;
    this.root.querySelector(".count").textContent = `${fmt(n)} ligne${n > 1 ? "s" : ""} sur ${fmt(this.rows.length)}`;
    this.root.querySelector(".page").textContent = n ? `${fmt(from + 1)}–${fmt(from + slice.length)} sur ${fmt(n)}` : "aucune ligne";
  }
}

const docsCell = (ids) => ids.slice(0, 3).map((d) => `<a href="${docLink(d)}">${esc(d)}</a>`).join(", ") + (ids.length > 3 ? ` +${ids.length - 3}` : "");

function drawTables() {
  const t = P.tables;
  const col = (key, label, extra = {}) => ({ key, label, ...extra });
  const typeCol = col("type", "Type", { render: typeBadge });
  new Table($("view-incidents"), {
    title: "Incidents", typeKey: "type", rows: t.incidents.rows,
    columns: [col("date", "Date"), typeCol, col("actor", "Auteur"), col("target", "Cible"), col("place", "Lieu"),
      col("fatalities", "Victimes", { num: true }), col("reports", "Rapports", { num: true }),
      col("docs", "Documents", { render: docsCell }), col("id", "Identifiant")],
    open: (r) => { location.hash = docLink(r[7][0]); },
  });
  new Table($("view-events"), {
    title: "Événements", typeKey: "type", rows: t.events.rows,
    columns: [col("date", "Date"), typeCol, col("actor", "Auteur"), col("target", "Cible"), col("place", "Lieu"),
      col("count", "Nombre"), col("doc", "Document"), col("id", "Identifiant")],
    open: (r) => { location.hash = `${docLink(r[6])}&event=${encodeURIComponent(r[7])}`; },
  });
  new Table($("view-entities"), {
    title: "Entités", typeKey: "label", rows: t.entities.rows,
    columns: [col("name", "Nom"), col("label", "Étiquette", { render: (v) => esc(P.label_names[v] || v) }),
      col("mentions", "Mentions", { num: true }), col("docs", "Documents", { num: true }), col("aliases", "Alias"),
      col("region", "Région"), col("doc", "Premier document"), col("id", "Identifiant")],
    open: (r) => { if (r[6]) location.hash = docLink(r[6]); },
  });
  new Table($("view-documents"), {
    title: "Documents", rows: t.documents.rows,
    columns: [col("title", "Titre"), col("date", "Publication"), col("status", "Statut"),
      col("mentions", "Mentions", { num: true }), col("events", "Événements", { num: true }), col("doc", "Identifiant")],
    open: (r) => { if (P.docs.index[r[5]]) location.hash = docLink(r[5]); },
  });
}

// --- map -------------------------------------------------------------------

// Equirectangular, the longitude scaled by cos(mid latitude): right enough at this scale, and no library.
const MAP = {
  init(basemap) {
    const m = P.map;
    const [x0, x1, y0, y1] = basemap.frame;
    this.k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
    this.project = ([lon, lat]) => [+((lon - x0) * this.k * 100).toFixed(1), +((y1 - lat) * 100).toFixed(1)];
    this.world = { x: 0, y: 0, w: (x1 - x0) * this.k * 100, h: (y1 - y0) * 100 };
    const [a, b] = this.project([m.frame[0], m.frame[3]]), [c, d] = this.project([m.frame[1], m.frame[2]]);
    this.home = { x: a, y: b, w: c - a, h: d - b };
    this.svg = $("map");
    const layer = (name, closed) => {
      const d = basemap.layers[name].map((line) => "M" + line.map((p) => this.project(p).join(",")).join("L") + (closed ? "Z" : "")).join("");
      this.svg.append(svg("path", { class: name, d, "vector-effect": "non-scaling-stroke" }));
    };
    layer("land", true); layer("provinces"); layer("countries"); layer("coast");
    this.cityLayer = svg("g");
    for (const [name, lon, lat] of m.cities) {
      const [x, y] = this.project([lon, lat]);
      this.cityLayer.append(svg("rect", { class: "city", x: x - 3, y: y - 3, width: 6, height: 6, "data-x": x, "data-y": y }));
      const label = svg("text", { class: "city-name", x: x + 6, y: y + 4, "data-x": x, "data-y": y });
      label.textContent = name;
      this.cityLayer.append(label);
    }
    this.svg.append(this.cityLayer);
    this.markers = svg("g", { id: "markers" });
    // Biggest first, so a small marker is never hidden under a big one.
    const order = m.markers.map((_, i) => i).sort((i, j) => (m.markers[j][2] || 0) - (m.markers[i][2] || 0) || i - j);
    // Area proportional to the weight, 4 px for none, 30 px for the largest, whatever the run's scale.
    this.maxWeight = Math.max(1, ...m.markers.map((r) => r[2] || 0));
    for (const i of order) {
      const [lat, lon, weight, type] = m.markers[i];
      const [x, y] = this.project([lon, lat]);
      const px = 4 + 26 * Math.sqrt((weight || 0) / this.maxWeight);
      this.markers.append(svg("circle", { class: "marker", cx: x, cy: y, fill: typeColor(type), "data-i": i, "data-px": px.toFixed(1) }));
    }
    this.svg.append(this.markers);
    this.markers.addEventListener("click", (e) => { if (e.target.dataset.i) this.popup(+e.target.dataset.i, e); });
    this.interact();
    this.caption();
    this.view = { ...this.home };
  },

  caption() {
    const m = P.map;
    $("map-caption").textContent = `${fmt(m.n_located)} incidents localisés sur ${fmt(m.n_rows)}` +
      (m.grouped ? `, regroupés par lieu (${fmt(m.markers.length)} lieux)` : "") + ` · taille : victimes (le plus grand : ${fmt(this.maxWeight)}) · couleur : type`;
    const types = [...new Set(m.markers.map((r) => r[3]))];
    $("map-legend").innerHTML = P.types.filter((t) => types.includes(t)).map((t) => `<span><i style="background:${typeColor(t)}"></i>${esc(typeName(t))}</span>`).join("") +
      `<span><i class="sq" style="background:#888"></i>grande ville</span>`;
    const [x0, x1, y0, y1] = P.map.frame;
    const outside = m.markers.filter(([lat, lon]) => lon < x0 - 3 || lon > x1 + 3 || lat < y0 - 3 || lat > y1 + 3);
    $("map-outside").textContent = outside.length ? `Hors du cadre : ${outside.map((r) => r[4] || "?").join(" ; ")}` : "";
  },

  fit(reset) {
    if (reset) this.view = { ...this.home };
    const box = this.svg.getBoundingClientRect();
    if (!box.width) return;
    // Keep the aspect of the element so markers stay round, centred on the current view.
    const ratio = box.height / box.width;
    const v = this.view, cx = v.x + v.w / 2, cy = v.y + v.h / 2;
    const w = Math.max(v.w, v.h / ratio), h = w * ratio;
    this.view = { x: cx - w / 2, y: cy - h / 2, w, h };
    this.svg.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${w} ${h}`);
    const unit = w / box.width; // map units per screen pixel
    for (const c of this.markers.children) c.setAttribute("r", (c.dataset.px * unit).toFixed(2));
    for (const r of this.cityLayer.querySelectorAll("rect")) Object.entries({ x: r.dataset.x - 3 * unit, y: r.dataset.y - 3 * unit, width: 6 * unit, height: 6 * unit }).forEach(([k, v]) => r.setAttribute(k, v));
    for (const t of this.cityLayer.querySelectorAll("text")) { t.setAttribute("x", +t.dataset.x + 6 * unit); t.setAttribute("y", +t.dataset.y + 4 * unit); t.style.fontSize = `${11 * unit}px`; }
    this.svg.style.strokeWidth = 1;
  },

  zoom(factor, cx, cy) {
    const v = this.view, w = v.w / factor, h = v.h / factor;
    cx ??= v.x + v.w / 2; cy ??= v.y + v.h / 2;
    this.view = { x: cx - (cx - v.x) / factor, y: cy - (cy - v.y) / factor, w, h };
    $("popup").hidden = true;
    this.fit(false);
  },

  interact() {
    document.querySelector(".map-tools").addEventListener("click", (e) => {
      const z = e.target.dataset.zoom;
      if (z === undefined) return;
      if (+z === 0) { $("popup").hidden = true; this.fit(true); } else this.zoom(+z);
    });
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const box = this.svg.getBoundingClientRect(), v = this.view;
      this.zoom(e.deltaY < 0 ? 1.25 : 0.8, v.x + ((e.clientX - box.left) / box.width) * v.w, v.y + ((e.clientY - box.top) / box.height) * v.h);
    }, { passive: false });
    let drag = null;
    this.svg.addEventListener("pointerdown", (e) => { if (!e.target.dataset.i) drag = { x: e.clientX, y: e.clientY, v: { ...this.view } }; });
    window.addEventListener("pointerup", () => { drag = null; });
    this.svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const unit = this.view.w / this.svg.getBoundingClientRect().width;
      this.view = { ...drag.v, x: drag.v.x - (e.clientX - drag.x) * unit, y: drag.v.y - (e.clientY - drag.y) * unit };
      this.svg.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${this.view.w} ${this.view.h}`);
    });
    window.addEventListener("resize", () => { if (!$("view-map").hidden) this.fit(false); });
  },

  popup(i, event) {
    const [, , weight, type, place, date, id, docs] = P.map.markers[i];
    const box = $("map-box").getBoundingClientRect();
    const size = `${fmt(weight ?? 0)} victime${weight > 1 ? "s" : ""}`;
    const links = docs.map((d) => `<li><a href="${docLink(d)}">${esc(P.docs.index[d]?.[1] || d)}</a></li>`).join("");
    const pop = $("popup");
    pop.innerHTML = `<button class="close" aria-label="Fermer">×</button>${typeBadge(type)} <b>${esc(place)}</b><br>${esc(date)} ${esc(size)}<br><span class="note">${esc(id)}</span>` +
      (links ? `<div>Rapports :</div><ul>${links}</ul>` : "");
    pop.hidden = false;
    pop.style.left = `${Math.min(event.clientX - box.left + 10, box.width - 350)}px`;
    pop.style.top = `${event.clientY - box.top + 10}px`;
    pop.querySelector(".close").onclick = () => { pop.hidden = true; };
  },
};

// --- timeline --------------------------------------------------------------

function drawTimeline() {
  const t = P.timeline;
  const select = $("timeline-series");
  const names = { n: "Nombre d'incidents", weight: "Victimes" };
  select.innerHTML = Object.keys(t.series).map((k) => `<option value="${k}">${esc(names[k])}</option>`).join("");
  $("timeline-caption").textContent = t.left_out ? `${fmt(t.left_out)} incidents non datés ou datés à plus d'un mois près ne sont pas comptés.` : "";
  const draw = () => {
    const series = t.series[select.value];
    const types = P.types.filter((k) => series[k]);
    const box = $("timeline");
    box.innerHTML = "";
    const W = 1000, H = 340, left = 44, bottom = 24, top = 10;
    box.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const n = t.months.length;
    const totals = t.months.map((_, i) => types.reduce((s, k) => s + (series[k][i] || 0), 0));
    const max = Math.max(1, ...totals);
    const bw = (W - left - 10) / Math.max(n, 1);
    const y = (v) => top + (H - top - bottom) * (1 - v / max);
    for (const tick of [0, max / 2, max]) {
      box.append(svg("line", { x1: left, x2: W - 10, y1: y(tick), y2: y(tick), stroke: "#eee" }));
      const label = svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" });
      label.textContent = fmt(Math.round(tick));
      box.append(label);
    }
    t.months.forEach((month, i) => {
      let base = 0;
      for (const k of types) {
        const v = series[k][i] || 0;
        if (!v) continue;
        const rect = svg("rect", { x: left + i * bw + 1, width: Math.max(bw - 2, 1), y: y(base + v), height: y(base) - y(base + v), fill: typeColor(k), class: "bar" });
        const title = svg("title");
        title.textContent = `${month} · ${typeName(k)} : ${fmt(v)}`;
        rect.append(title);
        box.append(rect);
        base += v;
      }
      if (month.endsWith("-01") || i === 0) {
        const label = svg("text", { x: left + i * bw, y: H - 6 });
        label.textContent = month.endsWith("-01") ? month.slice(0, 4) : month;
        box.append(label);
      }
    });
    $("timeline-legend").innerHTML = types.map((k) => `<span><i class="sq" style="background:${typeColor(k)}"></i>${esc(typeName(k))}</span>`).join("");
  };
  select.addEventListener("change", draw);
  draw();
}

// --- one document ----------------------------------------------------------

// Flat segments between every span boundary, so mentions, event sentences and triggers may overlap freely.
function highlight(doc, current) {
  const text = doc.text, labels = P.docs.mention_labels;
  const spans = [];
  for (const [s, e, l] of doc.mentions) spans.push({ s, e, kind: "m", label: labels[l] });
  for (const [s, e, ts, tl, type, id] of doc.events) {
    spans.push({ s, e, kind: "sent" });
    if (ts !== null && tl) spans.push({ s: ts, e: ts + tl, kind: "trigger", type, id });
  }
  const cuts = [...new Set([0, text.length, ...spans.flatMap((x) => [x.s, x.e])])].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    const on = spans.filter((x) => x.s <= a && x.e >= b);
    let piece = esc(text.slice(a, b));
    const mention = on.find((x) => x.kind === "m");
    if (mention) piece = `<span class="m" style="--c:${P.labels[mention.label] || "#ddd"}" title="${esc(P.label_names[mention.label] || mention.label)}">${piece}</span>`;
    const triggers = on.filter((x) => x.kind === "trigger");
    for (const t of triggers) {
      const last = t.e === b;
      piece = `<mark class="trigger${t.id === current ? " current" : ""}" data-event="${esc(t.id)}" data-type="${esc(t.type)}" ${last ? `data-label="${esc(typeName(t.type))}"` : ""} style="--c:${typeColor(t.type)}">${piece}</mark>`;
    }
    if (on.some((x) => x.kind === "sent")) piece = `<span class="sent">${piece}</span>`;
    html += piece;
  }
  return html;
}

// Documents travel in compressed blocks (page.py), each inflated the first time one of its documents opens.
const blocks = new Map();
async function loadDocument(id) {
  const entry = P.docs.index[id];
  if (!entry) return null;
  if (!blocks.has(entry[0])) blocks.set(entry[0], inflate(document.querySelector(`script.docs[data-block="${entry[0]}"]`).textContent));
  return (await blocks.get(entry[0]))[id];
}

async function openDocument(id, eventId) {
  const doc = await loadDocument(id);
  const view = $("view-document");
  if (!doc) {
    view.innerHTML = `<p class="note">Document introuvable dans ce rapport : ${esc(id)}</p>`;
    return;
  }
  const legend = P.docs.mention_labels.map((l) => `<span><i class="sq" style="background:${P.labels[l]}"></i>${esc(P.label_names[l] || l)}</span>`).join("") +
    `<span><i class="sq" style="background:#fff4c9;border:1px solid #e0d090"></i>phrase d'événement</span>`;
  const events = doc.events.map(([s, e, ts, tl, type, eid]) =>
    `<tr data-event="${esc(eid)}"><td>${typeBadge(type)}</td><td>${esc(ts !== null ? doc.text.slice(ts, ts + tl) : "")}</td><td>${esc(doc.text.slice(s, e).replace(/\s+/g, " "))}</td><td>${esc(eid)}</td></tr>`).join("");
  view.innerHTML = `<div class="doc-head"><h2>${esc(doc.title || id)}</h2><div class="note">${esc(id)} · publié ${esc(doc.date || "?")} ${doc.source ? "· " + esc(doc.source) : ""}</div>` +
    (doc.exact ? "" : `<p class="note">Corpus introuvable ou modifié depuis le run : texte reconstitué à partir des phrases d'événements et des mentions, lacunes en blanc.</p>`) +
    `<div class="legend">${legend}</div></div><div class="doctext">${highlight(doc, eventId)}</div>` +
    (events ? `<h2>Événements du document (${doc.events.length})</h2><table><thead><tr><th>Type</th><th>Déclencheur</th><th>Phrase</th><th>Identifiant</th></tr></thead><tbody>${events}</tbody></table>` : "");
  view.querySelector("tbody")?.addEventListener("click", (e) => {
    const tr = e.target.closest("tr");
    if (tr) location.hash = `${docLink(id)}&event=${encodeURIComponent(tr.dataset.event)}`;
  });
  const current = eventId && view.querySelector(`mark.trigger.current`);
  requestAnimationFrame(() => (current || view).scrollIntoView({ block: current ? "center" : "start" }));
}

// --- start -----------------------------------------------------------------

async function main() {
  const t0 = performance.now();
  P = await inflate($("payload").textContent);
  const t1 = performance.now();
  const basemap = JSON.parse($("basemap").textContent);
  drawSummary();
  drawTables();
  drawTimeline();
  $("nav").addEventListener("click", (e) => {
    const view = e.target.dataset.view;
    if (view && view !== "document") location.hash = `view=${view}`;
    else if (view === "document") show("document");
  });
  window.addEventListener("hashchange", route);
  MAP.init(basemap);
  await route();
  document.body.dataset.ready = String(Math.round(performance.now()));
  document.body.dataset.timings = JSON.stringify({ start: Math.round(t0), inflate: Math.round(t1 - t0), draw: Math.round(performance.now() - t1) });
}

main();
