/* newsgraph HTML viewer: draws the embedded network with cytoscape.js.
 *
 * Safety rule of this file: every text that comes from the data (names, sentences,
 * titles, URLs) reaches the page through textContent, an attribute set with
 * setAttribute, or cytoscape's canvas; never through innerHTML. Links are made only for
 * http(s) URLs. The page has no network access of its own (see the CSP in <head>).
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("newsgraph-data").textContent);
  var NO_TYPE = "none";
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  // -- small DOM helpers (text only) ---------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function safeUrl(url) {
    if (typeof url !== "string" || !url) { return null; }
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }
  function rootOf(code) { return code ? String(code).slice(0, 2) : NO_TYPE; }
  function rootName(root) {
    if (root === NO_TYPE) { return "no event type"; }
    return root + " " + (data.roots[root] || "").toLowerCase();
  }

  // -- the events behind each element, for the date and type filters -------------------
  function edgeEvents(e) {
    if (!Array.isArray(e.sentences) || !e.sentences.length) { return null; }
    return e.sentences.map(function (s) { return { root: rootOf(s.cameo), date: s.date || "" }; });
  }
  function nodeEvent(n) {
    return n.kind === "event" ? { root: rootOf(n.root || n.cameo), date: n.date || "" } : null;
  }
  var rootCounts = {};
  var allDates = [];
  function countEvent(ev) {
    rootCounts[ev.root] = (rootCounts[ev.root] || 0) + 1;
    if (ev.date) { allDates.push(ev.date); }
  }
  data.edges.forEach(function (e) { e._events = edgeEvents(e); (e._events || []).forEach(countEvent); });
  data.nodes.forEach(function (n) {
    n._event = nodeEvent(n);
    if (n._event) { countEvent(n._event); }
    (n.dates || []).forEach(function (d) { if (d) { allDates.push(d); } });
  });
  allDates.sort();

  // -- the drawing --------------------------------------------------------------------
  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({
      group: "nodes",
      data: {
        id: n.id, label: n.label, kind: n.kind, size: n.size, font: n.font,
        colour: n.kindColour, kindColour: n.kindColour, communityColour: n.communityColour
      },
      position: { x: n.x, y: n.y }
    });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, width: e.width } });
  });
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.05,
    maxZoom: 8,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": "data(font)", "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "ellipsis", "text-max-width": "180px", "min-zoomed-font-size": 7,
        "border-width": 1, "border-color": "#0004", "text-outline-color": "#fff",
        "text-outline-width": 2, "color": "#222"
      } },
      { selector: "edge", style: {
        "width": "data(width)", "line-color": "#9aa", "opacity": 0.7, "curve-style": "bezier",
        "target-arrow-shape": data.directed ? "triangle" : "none", "target-arrow-color": "#9aa",
        "arrow-scale": 0.8
      } },
      { selector: ".faded", style: { "opacity": 0.12, "text-opacity": 0.1 } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
      { selector: "edge.near", style: { "line-color": "#444", "target-arrow-color": "#444", "opacity": 1 } }
    ]
  });

  // -- controls -----------------------------------------------------------------------
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  var kindsBox = document.getElementById("kinds");
  var typesBox = document.getElementById("types");
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var details = document.getElementById("details");
  var stats = document.getElementById("stats");
  var colourMode = "kind";

  var kindCounts = {};
  data.nodes.forEach(function (n) { kindCounts[n.kind] = (kindCounts[n.kind] || 0) + 1; });
  var listed = {};
  Object.keys(data.kinds).concat(Object.keys(kindCounts).sort()).forEach(function (kind) {
    if (!kindCounts[kind] || listed[kind]) { return; }
    listed[kind] = true;
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = kind;
    box.addEventListener("change", applyFilters);
    var swatch = el("span", null, "swatch");
    swatch.style.backgroundColor = data.kinds[kind] || "#666";
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(kind + " "));
    label.appendChild(el("span", "(" + kindCounts[kind] + ")", "count"));
    kindsBox.appendChild(label);
  });

  Object.keys(rootCounts).sort().forEach(function (root) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = root;
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + rootName(root) + " "));
    label.appendChild(el("span", "(" + rootCounts[root] + ")", "count"));
    typesBox.appendChild(label);
  });
  if (!Object.keys(rootCounts).length) { typesBox.appendChild(el("p", "no events in this view", "note")); }
  if (allDates.length) {
    [dateFrom, dateTo].forEach(function (input) {
      input.min = allDates[0]; input.max = allDates[allDates.length - 1];
      input.addEventListener("change", applyFilters);
    });
  }

  function checked(box) {
    var out = {};
    box.querySelectorAll("input:checked").forEach(function (i) { out[i.value] = true; });
    return out;
  }
  function setAllTypes(on) {
    typesBox.querySelectorAll("input").forEach(function (i) { i.checked = on; });
    applyFilters();
  }
  document.getElementById("types-all").addEventListener("click", function () { setAllTypes(true); });
  document.getElementById("types-none").addEventListener("click", function () { setAllTypes(false); });

  // -- filtering ----------------------------------------------------------------------
  function applyFilters() {
    var kinds = checked(kindsBox);
    var types = checked(typesBox);
    var from = dateFrom.value || "";
    var to = dateTo.value || "";
    var typeFilter = typesBox.querySelectorAll("input:not(:checked)").length > 0;
    var eventFilter = typeFilter || !!from || !!to;
    function pass(ev) {
      if (typeFilter && !types[ev.root]) { return false; }
      if ((from || to) && !ev.date) { return false; }
      if (from && ev.date < from) { return false; }
      return !(to && ev.date > to);
    }
    var nodeOk = {};
    data.nodes.forEach(function (n) {
      nodeOk[n.id] = !!kinds[n.kind] && (!n._event || pass(n._event));
    });
    var linked = {};
    var shownEdges = 0;
    cy.batch(function () {
      data.edges.forEach(function (e) {
        var ok = nodeOk[e.source] && nodeOk[e.target] && (!e._events || e._events.some(pass));
        cy.getElementById(e.id).toggleClass("hidden", !ok);
        if (ok) { linked[e.source] = true; linked[e.target] = true; shownEdges += 1; }
      });
      var shownNodes = 0;
      data.nodes.forEach(function (n) {
        var ok = nodeOk[n.id] && (!eventFilter || !!linked[n.id] || !!n._event);
        cy.getElementById(n.id).toggleClass("hidden", !ok);
        if (ok) { shownNodes += 1; }
      });
      stats.textContent = shownNodes + " of " + data.nodes.length + " nodes, " + shownEdges +
        " of " + data.edges.length + " edges — " + data.view + " view";
    });
    applySearch();
  }

  // -- search -------------------------------------------------------------------------
  var ranked = data.nodes.slice().sort(function (a, b) {
    return (b.pagerank || 0) - (a.pagerank || 0) || String(a.label).localeCompare(String(b.label));
  });
  function applySearch() {
    var query = search.value.trim().toLowerCase();
    var found = ranked.filter(function (n) {
      return !cy.getElementById(n.id).hasClass("hidden") && (!query ||
        String(n.label).toLowerCase().indexOf(query) >= 0 || String(n.iri).toLowerCase().indexOf(query) >= 0);
    });
    var hit = {};
    found.forEach(function (n) { hit[n.id] = true; });
    cy.batch(function () {
      cy.nodes().forEach(function (node) { node.toggleClass("faded", !!query && !hit[node.id()]); });
      cy.edges().toggleClass("faded", !!query);
    });
    clear(matches);
    found.slice(0, 100).forEach(function (n) {
      var item = el("li", n.label);
      item.tabIndex = 0;
      item.setAttribute("title", n.iri);
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = n.kindColour;
      item.insertBefore(swatch, item.firstChild);
      item.addEventListener("click", function () { select(n.id, true); });
      item.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(n.id, true); } });
      matches.appendChild(item);
    });
    if (found.length > 100) { matches.appendChild(el("li", "… " + (found.length - 100) + " more", "note")); }
    return found;
  }
  search.addEventListener("input", applySearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = applySearch();
      if (found.length) { select(found[0].id, true); }
    }
  });

  // -- colour mode and legend ---------------------------------------------------------
  document.querySelectorAll("#colour-by input").forEach(function (radio) {
    radio.addEventListener("change", function () {
      colourMode = radio.value;
      cy.batch(function () {
        cy.nodes().forEach(function (node) {
          node.data("colour", colourMode === "kind" ? node.data("kindColour") : node.data("communityColour"));
        });
      });
    });
  });

  // -- details of one node --------------------------------------------------------------
  function articleLink(iri) {
    var info = data.articles[iri] || {};
    var text = info.title || info.id || iri;
    var url = safeUrl(info.url);
    var link;
    if (url) {
      link = el("a", text);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    } else {
      link = el("span", text);
    }
    link.setAttribute("title", iri);
    return link;
  }
  function evidenceOf(n) {
    var seen = {};
    var out = [];
    function add(s) {
      var key = s.event || (s.article + "#" + (s.index !== undefined ? s.index : s.sentence));
      if (!seen[key]) { seen[key] = true; out.push(s); }
    }
    if (n.kind === "event") {
      add({ sentence: n.sentence, article: n.article, date: n.date, event: n.iri, cameo: n.cameo });
    }
    cy.getElementById(n.id).connectedEdges().forEach(function (edge) {
      var e = edgeById[edge.id()];
      (e.sentences || []).forEach(add);
      if (e.relation && !e.sentences) {
        var other = byId[e.source === n.id ? e.target : e.source];
        if (other && other.kind === "event") {
          add({ sentence: other.sentence, article: other.article, date: other.date, event: other.iri, cameo: other.cameo });
        }
      }
    });
    out.sort(function (a, b) { return String(a.date).localeCompare(String(b.date)); });
    return out;
  }
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  function showDetails(n) {
    clear(details);
    details.appendChild(el("h2", n.label));
    var facts = el("dl");
    [["kind", n.kind], ["country", n.country], ["mentions", n.mentions], ["articles", n.articles],
     ["first", n.first], ["last", n.last], ["roles", n.roles], ["community", n.community],
     ["PageRank", typeof n.pagerank === "number" ? n.pagerank.toFixed(4) : ""], ["IRI", n.iri]
    ].forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") { return; }
      facts.appendChild(el("dt", pair[0]));
      facts.appendChild(el("dd", pair[1]));
    });
    details.appendChild(facts);
    if (n.kind === "article") {
      details.appendChild(articleLink(n.iri));
    }
    var evidence = evidenceOf(n);
    details.appendChild(el("h3", evidence.length ? "Sources (" + evidence.length + ")" : "No sentences in this view"));
    var list = el("ol");
    evidence.slice(0, 300).forEach(function (s) {
      var item = el("li");
      item.appendChild(el("span", s.sentence || "(sentence not stored)", "sentence"));
      var meta = el("span", null, "meta");
      meta.appendChild(document.createTextNode([s.date, s.cameo ? "CAMEO " + s.cameo + " (" + rootName(rootOf(s.cameo)) + ")" : ""]
        .filter(Boolean).join(" · ") + " — "));
      meta.appendChild(articleLink(s.article));
      item.appendChild(meta);
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  function select(id, centre) {
    var node = cy.getElementById(id);
    if (!node.length) { return; }
    cy.elements().unselect();
    cy.edges().removeClass("near");
    node.select();
    node.connectedEdges().addClass("near");
    if (centre) { cy.animate({ center: { eles: node }, duration: 300 }); }
    showDetails(byId[id]);
  }
  cy.on("tap", "node", function (evt) { select(evt.target.id(), false); });
  cy.on("tap", function (evt) {
    if (evt.target === cy) {
      cy.elements().unselect();
      cy.edges().removeClass("near");
    }
  });

  document.getElementById("reset").addEventListener("click", function () {
    search.value = ""; dateFrom.value = ""; dateTo.value = "";
    kindsBox.querySelectorAll("input").forEach(function (i) { i.checked = true; });
    typesBox.querySelectorAll("input").forEach(function (i) { i.checked = true; });
    applyFilters();
    cy.fit(undefined, 30);
  });

  // #node=<IRI> in the address selects that node (shareable links).
  function fromHash() {
    var match = /^#node=(.*)$/.exec(window.location.hash);
    if (!match) { return; }
    var iri = decodeURIComponent(match[1]);
    var n = data.nodes.filter(function (x) { return x.iri === iri; })[0];
    if (n) { select(n.id, true); }
  }
  window.addEventListener("hashchange", fromHash);

  applyFilters();
  if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }  // a small graph: no giant discs
  cy.ready(function () {
    fromHash();
    document.body.setAttribute("data-rendered", String(cy.nodes().length));
    document.body.setAttribute("data-edges", String(cy.edges().length));
  });
})();
