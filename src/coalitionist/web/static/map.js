/* The influence map: Cytoscape.js with fcose (layout) and edgehandles (drawing ties).
   Data arrives as JSON in <script type="application/json" id="map-data"> and labels are set as data, so
   names are never parsed as markup. Saving posts the actors, ties and node positions to the JSON API. */
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("map-root");
    if (!root || !window.cytoscape) { return; }
    var data = JSON.parse(document.getElementById("map-data").textContent);
    var canEdit = root.dataset.canEdit === "yes";
    var sid = root.dataset.scenario;
    var base = data.revision;
    var status = document.getElementById("map-status");
    var dirty = false;
    function say(text, bad) { status.textContent = text; status.className = bad ? "bad" : ""; }
    function mark() { dirty = true; say("unsaved changes"); }
    if (window.cytoscapeFcose) { cytoscape.use(window.cytoscapeFcose); }
    if (window.cytoscapeEdgehandles) { cytoscape.use(window.cytoscapeEdgehandles); }

    var positioned = data.nodes.every(function (n) { return n.position; });
    var elements = [];
    data.nodes.forEach(function (n) {
      var el = { group: "nodes", data: { id: n.id, label: n.name, veto: n.veto ? 1 : 0, focal: n.focal ? 1 : 0 } };
      if (n.position) { el.position = { x: n.position.x, y: n.position.y }; }
      elements.push(el);
    });
    var edgeSeq = 0;
    function sign(e) { return e.sign === -1 || (e.sign == null && e.type === "rivalry") ? -1 : 1; }
    data.edges.forEach(function (e) {
      elements.push({ group: "edges", data: {
        id: "e" + (edgeSeq++), source: e.source, target: e.target, type: e.type, sign: e.sign,
        weight: typeof e.weight === "number" ? e.weight : 1, note: e.note || "", index: e.index,
        eff: sign(e) } });
    });
    /* The automatic layout, the same on first drawing and on "Re-arrange" (the library defaults pack actors
       so close that their ties hide under them). */
    function layoutOptions(extra) {
      var o = { name: window.cytoscapeFcose ? "fcose" : "cose", nodeRepulsion: 9000, idealEdgeLength: 110 };
      Object.keys(extra).forEach(function (k) { o[k] = extra[k]; });
      return o;
    }
    var cy = cytoscape({
      container: document.getElementById("cy"),
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "background-color": "#5b7db1", "color": "#1d2733", "font-size": 12,
          "text-valign": "bottom", "text-margin-y": 4, "width": 28, "height": 28,
          "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 2 } },
        { selector: "node[veto = 1]", style: { "shape": "round-rectangle" } },
        { selector: "node[focal = 1]", style: { "background-color": "#d9822b", "width": 36, "height": 36 } },
        { selector: "node.found", style: { "border-width": 4, "border-color": "#f2c230" } },
        { selector: "edge", style: {
          "curve-style": "bezier", "target-arrow-shape": "triangle", "width": "mapData(weight, 0, 1, 1, 6)",
          "line-color": "#3f9f5f", "target-arrow-color": "#3f9f5f", "label": "data(type)", "font-size": 9,
          "color": "#556", "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.7 } },
        { selector: "edge[eff < 0]", style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b", "line-style": "dashed" } },
        { selector: ":selected", style: { "overlay-color": "#f2c230", "overlay-opacity": 0.35, "overlay-padding": 6 } },
        { selector: ".eh-handle", style: { "background-color": "#d9822b", "width": 12, "height": 12, "shape": "ellipse", "overlay-opacity": 0, "border-width": 12, "border-opacity": 0 } },
        { selector: ".eh-preview, .eh-ghost-edge", style: { "line-color": "#d9822b", "target-arrow-color": "#d9822b", "line-style": "dotted" } }
      ],
      layout: positioned ? { name: "preset" } : layoutOptions({ animate: false, randomize: true })
    });
    window.coalitionistMap = cy;  /* for tests and the console */
    if (!canEdit) { cy.autoungrabify(true); }

    var eh = null;
    if (canEdit && cy.edgehandles) {
      eh = cy.edgehandles({ snap: true, noEdgeEventsInDraw: true,
        canConnect: function (s, t) { return !s.same(t); },
        edgeParams: function () {
          var type = document.getElementById("tie-type").value;
          return { data: { id: "e" + (edgeSeq++), type: type, sign: null, weight: 1, note: "", index: null, eff: type === "rivalry" ? -1 : 1 } };
        } });
      cy.on("ehcomplete", function () { mark(); });
    }
    var drawBtn = document.getElementById("draw-mode");
    if (drawBtn && eh) {
      drawBtn.addEventListener("click", function () {
        var on = drawBtn.getAttribute("aria-pressed") !== "true";
        drawBtn.setAttribute("aria-pressed", on ? "true" : "false");
        drawBtn.textContent = on ? "Drawing ties (click to stop)" : "Draw ties";
        if (on) { eh.enableDrawMode(); } else { eh.disableDrawMode(); }
      });
    }
    function slug(name) {
      var base = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "actor";
      var id = base, k = 2;
      while (cy.getElementById(id).length) { id = base + "_" + (k++); }
      return id;
    }
    /* Where a new actor goes when the user did not say: the point nearest the middle of the view, on rings
       around it, that is at least SPACING from every actor (actors piled on one another hide their ties). */
    var SPACING = 90;
    function freeSpot() {
      var ext = cy.extent(), cx = (ext.x1 + ext.x2) / 2, cy0 = (ext.y1 + ext.y2) / 2;
      var taken = cy.nodes().map(function (m) { return m.position(); });
      for (var ring = 0; ring < 40; ring++) {
        var count = ring === 0 ? 1 : 6 * ring;
        for (var k = 0; k < count; k++) {
          var a = 2 * Math.PI * k / count, p = { x: cx + ring * SPACING * Math.cos(a), y: cy0 + ring * SPACING * Math.sin(a) };
          if (taken.every(function (q) { return Math.hypot(p.x - q.x, p.y - q.y) >= SPACING; })) { return p; }
        }
      }
      return { x: cx, y: cy0 };
    }
    function addActor(name, pos) {
      name = (name || "").trim();
      if (!name) { return null; }
      var n = cy.add({ group: "nodes", data: { id: slug(name), label: name, veto: 0, focal: 0 },
        position: pos || freeSpot() });
      mark();
      return n;
    }
    var input = document.getElementById("new-actor");
    if (input) {
      document.getElementById("add-actor").addEventListener("click", function () { addActor(input.value); input.value = ""; input.focus(); });
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); addActor(input.value); input.value = ""; } });
      cy.on("dbltap", function (e) {
        if (e.target === cy) { var name = window.prompt("Name of the new actor"); addActor(name, e.position); }
      });
    }
    function removeSelected() { var sel = cy.$(":selected"); if (sel.length) { cy.remove(sel); showSelection(); mark(); } }
    var del = document.getElementById("delete-selected");
    if (del) { del.addEventListener("click", removeSelected); }
    document.addEventListener("keydown", function (e) {
      if (!canEdit) { return; }
      var tag = (document.activeElement && document.activeElement.tagName) || "";
      if ((e.key === "Delete" || e.key === "Backspace") && tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT") { e.preventDefault(); removeSelected(); }
    });
    cy.on("dragfree", "node", function () { if (canEdit) { mark(); } });

    var edgeForm = document.getElementById("edge-form"), nodeForm = document.getElementById("node-form");
    var empty = document.getElementById("inspector-empty");
    var current = null;
    function showSelection() {
      var sel = cy.$(":selected");
      current = sel.length === 1 ? sel[0] : null;
      edgeForm.hidden = !(current && current.isEdge());
      nodeForm.hidden = !(current && current.isNode());
      empty.hidden = !!current;
      if (!current) { return; }
      if (current.isEdge()) {
        document.getElementById("edge-type").value = current.data("type");
        document.getElementById("edge-sign").value = current.data("sign") == null ? "" : String(current.data("sign"));
        document.getElementById("edge-weight").value = current.data("weight");
        document.getElementById("edge-note").value = current.data("note") || "";
      } else {
        document.getElementById("node-name").value = current.data("label");
      }
    }
    cy.on("select unselect", showSelection);
    function bind(id, fn) {
      var el = document.getElementById(id);
      el.addEventListener("input", fn); el.addEventListener("change", fn);
      if (!canEdit) { el.disabled = true; }
    }
    bind("edge-type", function (e) { if (current) { current.data("type", e.target.value); updateEff(current); mark(); } });
    bind("edge-sign", function (e) { if (current) { current.data("sign", e.target.value === "" ? null : parseInt(e.target.value, 10)); updateEff(current); mark(); } });
    bind("edge-weight", function (e) { var v = parseFloat(e.target.value); if (current && !isNaN(v)) { current.data("weight", v); mark(); } });
    bind("edge-note", function (e) { if (current) { current.data("note", e.target.value); mark(); } });
    bind("node-name", function (e) { if (current) { current.data("label", e.target.value); mark(); } });
    function updateEff(edge) { edge.data("eff", sign({ sign: edge.data("sign"), type: edge.data("type") })); }

    document.getElementById("fit").addEventListener("click", function () { cy.fit(undefined, 30); });
    document.getElementById("relayout").addEventListener("click", function () {
      cy.layout(layoutOptions({ animate: true, randomize: false })).run();
      if (canEdit) { mark(); }
    });
    document.getElementById("png").addEventListener("click", function () {
      var a = document.createElement("a");
      a.href = cy.png({ full: true, scale: 2, bg: "#ffffff" }); a.download = "map.png"; a.click();
    });
    document.getElementById("search").addEventListener("input", function (e) {
      var q = e.target.value.trim().toLowerCase();
      cy.nodes().removeClass("found");
      if (!q) { return; }
      var hits = cy.nodes().filter(function (n) { return n.data("label").toLowerCase().indexOf(q) >= 0; });
      hits.addClass("found");
      if (hits.length) { cy.animate({ fit: { eles: hits, padding: 80 } }, { duration: 300 }); }
    });

    var save = document.getElementById("save-map");
    if (save) {
      save.addEventListener("click", function () {
        var body = {
          base_revision: base,
          message: document.getElementById("map-message").value,
          nodes: cy.nodes().map(function (n) { return { id: n.id(), name: n.data("label") }; }),
          edges: cy.edges().map(function (e) {
            var out = { source: e.source().id(), target: e.target().id(), type: e.data("type"),
              sign: e.data("sign"), weight: e.data("weight"), note: e.data("note") };
            if (e.data("index") != null) { out.index = e.data("index"); }
            return out;
          }),
          layout: {}
        };
        cy.nodes().forEach(function (n) { var p = n.position(); body.layout[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 }; });
        say("saving…");
        fetch("/api/scenarios/" + sid + "/map", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": window.coalitionistCsrf() },
          body: JSON.stringify(body)
        }).then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
          .then(function (res) {
            var code = res[0], j = res[1];
            if (code === 201) {
              base = j.number; dirty = false;
              document.getElementById("next-rev").textContent = base + 1;
              document.getElementById("map-message").value = "";
              say("saved as revision " + j.number);
              var head = document.querySelector(".scenario-head .rev"); if (head) { head.textContent = "revision " + j.number; }
            } else if (code === 409) {
              say("Not saved: revision " + j.head_revision + " was saved by someone else while you edited revision " + j.base_revision + ". Reload to see it (your drawing stays until you reload).", true);
            } else if (code === 422 && j.problems) {
              say("Not saved: " + j.problems.map(function (p) { return p.path + ": " + p.message; }).join("; "), true);
            } else {
              say("Not saved: " + (j.detail || ("error " + code)), true);
            }
          }).catch(function (err) { say("Not saved: " + err, true); });
      });
    }
    window.addEventListener("beforeunload", function (e) { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
