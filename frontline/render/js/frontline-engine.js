/*
 * Frontline time engine: a Leaflet plugin that replays a whole record of control, packed once
 * (format "frontline-pack" v3, see frontline/timepack.py), for any day at frame rate.
 *
 *   var engine = L.frontline(pack, {date: "2016-03-27", hidden: ["fronts"], citations: jsonText}).addTo(map);
 *   (citations: the popups' texts and sources as a JSON text, parsed on the first popup; see timepack.py)
 *   engine.setDate(iso) / setDay(n) / getDate() / getDay() / days() / dateOf(n) / dayOf(iso)
 *   engine.play(stepDays) / pause() / isPlaying() / settle(reason) / setCompare(iso) / compareDate()
 *   engine.setLayerVisible(name, bool)   // "territory", "fronts", "places", "labels"
 *   engine.codes() / frontCount() / labels() / stats {paints, inputs, inputPaints, frames}
 *   engine.describe(i)   // what a popup says of place i on the shown day (holder, event, sources, and
 *                        // `pending`: the next holder when the shown day lies in the window of its change)
 *   events: "day" after every paint, "settle" when a date is chosen (release, pause, 250 ms after a key),
 *           "layers" when a layer is shown or hidden, "mode" when the focus, comparison or age shading changes.
 *
 * Drawing is batched on three canvases inside Leaflet's own renderer machinery (padding, zoom animation,
 * redraw on moveend): territory cells are filled opaque and the pane carries the fill opacity, so a day
 * repaints only the cells whose code changed; front lines are kept up to date through a cell -> edge index;
 * markers are pre-drawn sprites, repainted only where they changed. Place names are a fourth canvas, painted
 * only when the view changes (names do not change with the date). It knows nothing of its host: whoever
 * embeds it listens to "settle". Text from the pack is inserted as text, never as HTML.
 */
(function (L) {
  "use strict";

  var STATUS_SHIFT = 5, ACTOR_MASK = 31, KEYFRAME = 64, DAY_MS = 86400000, SETTLE_MS = 250;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var SPEEDS = [{label: "1 day", days: 1}, {label: "1 week", days: 7}, {label: "1 month", days: 30}];
  var FRONT_COLOR = "#3b0a45", FRONT_WIDTH = 2.2, FRONT_HALO = 4.5;
  var QUIET_COLOR = "#6b6b6b", QUIET_WIDTH = 1.2, QUIET_DASH = [4, 4];  // borders between actors at peace

  /* One path through the parts of the listed edges (layer points). */
  function tracePaths(ctx, list, lines) {
    ctx.beginPath();
    for (var n = 0; n < list.length; n++) {
      var parts = lines[list[n]];
      for (var k = 0; k < parts.length; k++) {
        var xs = parts[k];
        ctx.moveTo(xs[0], xs[1]);
        for (var v = 2; v < xs.length; v += 2) ctx.lineTo(xs[v], xs[v + 1]);
      }
    }
  }
  var MARKER_PAD = 4;     // room around a dot for the besieged ring and the white edge
  var MARKER_GAP = 3;     // px between the dots kept at a zoom level
  var EDGE_GRID = 64;     // px: cells of the grid that finds the fronts around a change
  var HIT_GRID = 24;      // px: cells of the grid that finds the marker under the pointer
  // Place names: a place of label rank r is named from zoom LABEL_FROM[r] (rank 1: the default zoom 6, and
  // already at 5, where the whole region fits a small screen); country names up to COUNTRY_MAX_ZOOM.
  var LABEL_FROM = [Infinity, 5, 7, 8];
  var LABEL_FAMILY = "system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif";
  var LABEL_FONT = [null, "bold 13px " + LABEL_FAMILY, "12px " + LABEL_FAMILY, "12px " + LABEL_FAMILY];
  var LABEL_SIZE = [0, 13, 12, 12];
  var AGE_FRESH = 90, AGE_MONTHS = 365;  // days: the classes of frontline/evidence.py
  var AGE_STYLE = {fresh: ["#ffffff", "#222222"], months: ["#9a9a9a", "#222222"], years: ["#1a1a1a", "#ffffff"]};
  var WATER_SIZE = 12, WATER_FONT = "italic 12px " + LABEL_FAMILY;
  var LABEL_COLOR = ["#6f6f6f", "#222222", "#222222", "#333333"];
  var LABEL_HALO = 3;     // px: the white stroke under the letters that makes them read over any fill
  var LABEL_GAP = 3;      // px between a dot and its name
  var LABEL_GRID = 64;    // px: cells of the grid that finds the boxes a new label could overlap
  var COUNTRY_NAMES = [{name: "SYRIA", lat: 35.0, lon: 38.7}, {name: "IRAQ", lat: 32.2, lon: 42.3}];
  var COUNTRY_MAX_ZOOM = 7, COUNTRY_SPACING = 0.45;  // em between the letters
  function countryFont(zoom) { return "600 " + (zoom <= 5 ? 13 : 17) + "px " + LABEL_FAMILY; }

  // --- the pack ---------------------------------------------------------------------------------------

  var ARRAY_WIDTH = {u1: 1, u2: 2, i2: 2, i4: 4};

  /* A typed array from "<dtype>:<base64>", its bytes stored as byte planes (all first bytes, then all second
     bytes ...), put back in order here (timepack.py). */
  function decodeArray(text) {
    var colon = text.indexOf(":"), type = text.slice(0, colon), raw = atob(text.slice(colon + 1));
    var width = ARRAY_WIDTH[type];
    if (!width) throw new Error("frontline: unknown array type " + type);
    var n = raw.length / width, bytes = new Uint8Array(raw.length);
    for (var k = 0; k < width; k++)
      for (var i = 0, at = k * n; i < n; i++) bytes[i * width + k] = raw.charCodeAt(at + i);
    switch (type) {
      case "u1": return bytes;
      case "u2": return new Uint16Array(bytes.buffer);
      case "i2": return new Int16Array(bytes.buffer);
      case "i4": return new Int32Array(bytes.buffer);
    }
  }

  /* A geometry block as world points (Leaflet pixels at zoom 0): per feature a list of Float64Array parts
     [x0, y0, x1, y1, ...], and each feature's bounding box. */
  function decodeGeometries(block, scale, crs) {
    var parts = decodeArray(block.parts), lengths = decodeArray(block.lengths),
        origin = decodeArray(block.origin), delta = decodeArray(block.delta);
    var features = new Array(parts.length), boxes = new Float64Array(parts.length * 4);
    var part = 0, cursor = 0, ox = 0, oy = 0;
    for (var f = 0; f < parts.length; f++) {
      var list = [], minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
      for (var k = 0; k < parts[f]; k++, part++) {
        var n = lengths[part], xs = new Float64Array(n * 2);
        ox += origin[2 * part]; oy += origin[2 * part + 1];  // each part's first vertex, as a step from the last
        var ux = ox, uy = oy;
        for (var v = 0; v < n; v++) {
          if (v > 0) { ux += delta[2 * cursor]; uy += delta[2 * cursor + 1]; cursor++; }
          var p = crs.latLngToPoint(L.latLng(uy / scale, ux / scale), 0);
          xs[2 * v] = p.x; xs[2 * v + 1] = p.y;
          if (p.x < minx) minx = p.x; if (p.x > maxx) maxx = p.x;
          if (p.y < miny) miny = p.y; if (p.y > maxy) maxy = p.y;
        }
        list.push(xs);
      }
      features[f] = list;
      boxes[4 * f] = minx; boxes[4 * f + 1] = miny; boxes[4 * f + 2] = maxx; boxes[4 * f + 3] = maxy;
    }
    return {features: features, boxes: boxes};
  }

  /* The adjacent cells (i, j) of every edge, flat [i0, j0, i1, j1 ...]: "first" counts the edges of each i,
     "other" is j - i (timepack.py). */
  function decodePairs(block) {
    var first = decodeArray(block.first), other = decodeArray(block.other);
    var pairs = new Int32Array(other.length * 2), e = 0;
    for (var i = 0; i < first.length; i++)
      for (var k = 0; k < first[i]; k++, e++) { pairs[2 * e] = i; pairs[2 * e + 1] = i + other[e]; }
    return pairs;
  }

  /* An edge block as world points, like a geometry block: each line is a run of vertices of its first cell's
     ring (wrapping around the ring), or the next feature of "extra" (timepack.py). */
  function decodeEdges(block, pairs, cells, scale, crs) {
    var parts = decodeArray(block.parts), run = decodeArray(block.run), ring = decodeArray(block.ring),
        at = decodeArray(block.at), count = decodeArray(block.count), extra = decodeGeometries(block.extra, scale, crs);
    var features = new Array(parts.length), boxes = new Float64Array(parts.length * 4);
    var line = 0, nextExtra = 0;
    for (var f = 0; f < parts.length; f++) {
      var list = [], minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
      for (var k = 0; k < parts[f]; k++, line++) {
        var xs;
        if (run[line]) {
          var src = cells.features[pairs[2 * f]][ring[line]], n = src.length / 2 - 1, m = count[line];
          xs = new Float64Array(m * 2);
          for (var v = 0, idx = at[line]; v < m; v++, idx = (idx + 1) % n) {
            xs[2 * v] = src[2 * idx]; xs[2 * v + 1] = src[2 * idx + 1];
          }
        } else {
          xs = extra.features[nextExtra++][0];
        }
        for (var j = 0; j < xs.length; j += 2) {
          if (xs[j] < minx) minx = xs[j]; if (xs[j] > maxx) maxx = xs[j];
          if (xs[j + 1] < miny) miny = xs[j + 1]; if (xs[j + 1] > maxy) maxy = xs[j + 1];
        }
        list.push(xs);
      }
      features[f] = list;
      boxes[4 * f] = minx; boxes[4 * f + 1] = miny; boxes[4 * f + 2] = maxx; boxes[4 * f + 3] = maxy;
    }
    return {features: features, boxes: boxes};
  }

  function Record(pack, crs) {
    if (pack.format !== "frontline-pack" || pack.version !== 3) throw new Error("frontline: not a v3 pack");
    var self = this, scale = pack.scale;
    this.pack = pack;
    this.actors = pack.actors;
    this.statuses = pack.statuses;
    this.days = pack.days;
    this.startMs = Date.parse(pack.start + "T00:00:00Z");
    var P = pack.places;
    this.n = P.ids.length;
    this.lon = decodeArray(P.lon); this.lat = decodeArray(P.lat);
    this.startCodes = decodeArray(P.start);
    this.world = new Float64Array(this.n * 2);
    for (var i = 0; i < this.n; i++) {
      var w = crs.latLngToPoint(L.latLng(this.lat[i] / scale, this.lon[i] / scale), 0);
      this.world[2 * i] = w.x; this.world[2 * i + 1] = w.y;
    }
    this.cells = decodeGeometries(pack.cells, scale, crs);
    this.zones = pack.zones ? decodeGeometries(pack.zones, scale, crs) : null;
    this.pairs = decodePairs(pack.edges);
    this.edges = decodeEdges(pack.edges, this.pairs, this.cells, scale, crs);
    if (pack.evidence) {  // per place, the days of its other sourced reports (sorted by place, then day)
      var evPlace = decodeArray(pack.evidence.place);
      this.evDay = decodeArray(pack.evidence.day);
      this.evStart = new Int32Array(this.n + 1);
      for (i = 0; i < evPlace.length; i++) this.evStart[evPlace[i] + 1]++;
      for (i = 0; i < this.n; i++) this.evStart[i + 1] += this.evStart[i];
    }
    var C = pack.changes;
    this.cDay = decodeArray(C.day); this.cPlace = decodeArray(C.place); this.cCode = decodeArray(C.code);
    this.against = C.against ? decodeArray(C.against) : null;
    var m = this.cDay.length;
    // dayStart[d] = index of the first change on or after day d.
    this.dayStart = new Int32Array(this.days + 2);
    for (var d = 0, c = 0; d <= this.days + 1; d++) {
      while (c < m && this.cDay[c] < d) c++;
      this.dayStart[d] = c;
    }
    // The code before each change (for stepping backwards) and keyframes every KEYFRAME days.
    var codes = new Uint8Array(this.startCodes);
    this.cPrev = new Uint8Array(m);
    this.keyframes = [];
    for (d = 0, c = 0; d < this.days; d++) {
      if (d % KEYFRAME === 0) this.keyframes.push(new Uint8Array(codes));
      for (; c < m && this.cDay[c] === d; c++) {
        this.cPrev[c] = codes[this.cPlace[c]];
        codes[this.cPlace[c]] = this.cCode[c];
      }
    }
    // Per place, its changes in day order (for "since" and popups).
    this.placeStart = new Int32Array(this.n + 1);
    for (c = 0; c < m; c++) this.placeStart[this.cPlace[c] + 1]++;
    for (i = 0; i < this.n; i++) this.placeStart[i + 1] += this.placeStart[i];
    this.placeChanges = new Int32Array(m);
    var fill = new Int32Array(this.placeStart.subarray(0, this.n));
    for (c = 0; c < m; c++) this.placeChanges[fill[this.cPlace[c]]++] = c;
    // Per cell, the edges it borders (fronts are re-checked only for cells that changed).
    var nEdges = this.pairs.length / 2;
    this.cellEdgeStart = new Int32Array(this.n + 1);
    for (var e = 0; e < nEdges; e++) { this.cellEdgeStart[this.pairs[2 * e] + 1]++; this.cellEdgeStart[this.pairs[2 * e + 1] + 1]++; }
    for (i = 0; i < this.n; i++) this.cellEdgeStart[i + 1] += this.cellEdgeStart[i];
    this.cellEdges = new Int32Array(nEdges * 2);
    fill = new Int32Array(this.cellEdgeStart.subarray(0, this.n));
    for (e = 0; e < nEdges; e++) {
      this.cellEdges[fill[this.pairs[2 * e]]++] = e;
      this.cellEdges[fill[this.pairs[2 * e + 1]]++] = e;
    }
    this.nEdges = nEdges;
    this.radius = new Float32Array(this.n);
    for (i = 0; i < this.n; i++) {
      var kind = P.kinds[i];
      self.radius[i] = kind === "city" ? 5 : (kind === "town" ? 4 : 3.2);
    }
  }

  /* What only popups read: each change's notes (kind, precision, window, text and sources) and the places'
     aliases: in the pack, or a second JSON text parsed on the first popup (timepack.split_citations). */
  Record.prototype.citations = function () {
    if (!this._citations) {
      var parsed = this.citationsText ? JSON.parse(this.citationsText) : {};
      var T = this.pack.notes || parsed.notes;
      this._citations = {aliases: this.pack.places.aliases || parsed.aliases || [], notes: T ? {
        kinds: T.kinds, precisions: T.precisions, texts: T.texts, sources: T.sources,
        kind: decodeArray(T.kind), precision: decodeArray(T.precision), note: decodeArray(T.note),
        window: T.window ? decodeArray(T.window) : null,
        sourceStart: decodeArray(T.source_start), source: decodeArray(T.source)} : null};
    }
    return this._citations;
  };
  Record.prototype.iso = function (day) { return new Date(this.startMs + day * DAY_MS).toISOString().slice(0, 10); };
  Record.prototype.dayOf = function (iso) {
    var ms = Date.parse(String(iso) + "T00:00:00Z");
    if (isNaN(ms)) return null;
    return Math.round((ms - this.startMs) / DAY_MS);
  };
  Record.prototype.words = function (day) {
    var d = new Date(this.startMs + day * DAY_MS);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  };
  /* The index of the last change of place i on or before day, or -1. */
  Record.prototype.lastChange = function (i, day) {
    var lo = this.placeStart[i], hi = this.placeStart[i + 1] - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, c = this.placeChanges[mid];
      if (this.cDay[c] <= day) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  /* The last day on or before `day` that a sourced event concerns place i (a change or any other report), or
     -1: the age of the evidence behind what the map shows. */
  Record.prototype.lastConfirmed = function (i, day) {
    var k = this.lastChange(i, day), best = k >= 0 ? this.cDay[this.placeChanges[k]] : -1;
    if (this.evStart) {
      var lo = this.evStart[i], hi = this.evStart[i + 1] - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (this.evDay[mid] <= day) { if (this.evDay[mid] > best) best = this.evDay[mid]; lo = mid + 1; } else hi = mid - 1;
      }
    }
    return best;
  };
  /* The day the current holder's unbroken hold began (-1: since the start of the record). */
  Record.prototype.since = function (i, day) {
    var k = this.lastChange(i, day);
    if (k < 0) return -1;
    var actor = this.cCode[this.placeChanges[k]] & ACTOR_MASK;
    while (k > this.placeStart[i] && (this.cCode[this.placeChanges[k - 1]] & ACTOR_MASK) === actor) k--;
    var first = this.placeChanges[k];
    if (k === this.placeStart[i] && (this.startCodes[i] & ACTOR_MASK) === actor) return -1;
    return this.cDay[first];
  };

  // --- a canvas inside Leaflet's renderer machinery ----------------------------------------------------

  var Surface = L.Renderer.extend({
    options: {padding: 0.25},
    initialize: function (paint, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this._paint = paint;
    },
    _initContainer: function () {
      var canvas = this._container = document.createElement("canvas");
      canvas.className = "frontline-canvas";
      this._ctx = canvas.getContext("2d");
    },
    _destroyContainer: function () { L.DomUtil.remove(this._container); delete this._ctx; delete this._container; },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), ratio = window.devicePixelRatio > 1 ? 2 : 1, canvas = this._container;
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = ratio * size.x; canvas.height = ratio * size.y;
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      this.ratio = ratio;
      this._ctx.setTransform(ratio, 0, 0, ratio, -ratio * b.min.x, -ratio * b.min.y);
      this.fire("update");
      this._paint(this);
    },
    _updatePaths: function () {},
    clear: function () {
      var ctx = this._ctx, b = this._bounds;
      ctx.clearRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
    }
  });

  var LabelSurface = Surface.extend({
    _initContainer: function () {
      Surface.prototype._initContainer.call(this);
      this._container.className = "frontline-labels-canvas";
    }
  });

  // --- the engine --------------------------------------------------------------------------------------

  var Engine = L.Layer.extend({
    options: {date: null, hidden: [], controls: true, territoryOpacity: 0.8, zoneOpacity: 0.28, autoplay: false, speed: 1,
      water: []},  // water: rivers' names [{name, lat, lon, color}], placed after the countries, in italics

    initialize: function (pack, options) {
      L.setOptions(this, options);
      this._pack = pack;
      this.stats = {paints: 0, inputs: 0, inputPaints: 0, frames: 0};
      this._visible = {territory: true, fronts: true, places: true, labels: true};
      var hidden = this.options.hidden || [];
      for (var h = 0; h < hidden.length; h++) if (hidden[h] in this._visible) this._visible[hidden[h]] = false;
      this._speed = this.options.speed;
    },

    onAdd: function (map) {
      var t0 = performance.now();
      this._map = map;
      var R = this._rec = new Record(this._pack, map.options.crs);
      R.citationsText = this.options.citations || null;
      var start = this.options.date != null ? R.dayOf(this.options.date) : null;
      this._day = clampDay(start == null ? R.days - 1 : start, R.days);
      this._codes = this._codesOn(this._day);
      this._isFront = new Uint8Array(R.nEdges);
      this._frontCount = 0;
      for (var e = 0; e < R.nEdges; e++) this._checkEdge(e);
      this._patterns = {};
      this._sprites = {};
      this._focus = -1;
      this._compareDay = null;
      this._compareCodes = null;
      this._stamp = 0;
      this._pathKey = null;

      this._panes = {};
      var self = this, z = {zones: 405, territory: 410, fronts: 420, places: 430, labels: 440};
      ["zones", "territory", "fronts", "places", "labels"].forEach(function (name) {
        var pane = map.getPane("frontline-" + name) || map.createPane("frontline-" + name);
        pane.style.zIndex = z[name];
        pane.style.pointerEvents = "none";
        if (name === "territory") pane.style.opacity = self.options.territoryOpacity;
        if (name === "zones") pane.style.opacity = self.options.zoneOpacity;
        self._panes[name] = pane;
      });
      this._surfaces = {
        zones: new Surface(L.bind(this._paintZones, this), {pane: "frontline-zones"}),
        territory: new Surface(L.bind(this._paintTerritory, this), {pane: "frontline-territory"}),
        fronts: new Surface(L.bind(this._paintFronts, this), {pane: "frontline-fronts"}),
        places: new Surface(L.bind(this._paintPlaces, this), {pane: "frontline-places"}),
        labels: new LabelSurface(L.bind(this._paintLabels, this), {pane: "frontline-labels"})
      };
      for (var name in this._surfaces) map.addLayer(this._surfaces[name]);
      this._applyVisibility();
      map.on("click", this._onClick, this);
      map.on("mousemove", this._onMouseMove, this);
      if (this.options.controls) this._bar = new DateBar(this, map);
      this._paintLabels(this._surfaces.labels);  // again, now that the date bar they keep clear of exists
      this._updateBar();
      this.firstPaintMs = performance.now() - t0;
      this.fire("day", {day: this._day, date: R.iso(this._day)});
      var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      if (this.options.autoplay && !reduced) this.play(this._speed);
    },

    onRemove: function (map) {
      this.pause();
      for (var name in this._surfaces) map.removeLayer(this._surfaces[name]);
      map.off("click", this._onClick, this);
      map.off("mousemove", this._onMouseMove, this);
      if (this._bar) this._bar.remove();
    },

    /* Said on the map itself (Leaflet's attribution corner): which parts are derived rather than reported. */
    getAttribution: function () {
      return "Territory, fronts and the lighter zones are derived from dated, sourced places · Frontline · " +
        "outlines: Natural Earth · rivers: WDB II via GSHHG";
    },

    // --- public API ---
    getDay: function () { return this._day; },
    getDate: function () { return this._rec.iso(this._day); },
    days: function () { return this._rec.days; },
    dateOf: function (day) { return this._rec.iso(day); },
    dayOf: function (iso) { return this._rec.dayOf(iso); },
    codes: function () { return this._codes; },
    frontCount: function () { return this._frontCount; },
    isPlaying: function () { return this._raf != null; },
    speed: function () { return this._speed; },
    setSpeed: function (days) { this._speed = days; this._updateBar(); return this; },
    layerVisible: function (name) { return !!this._visible[name]; },
    setDate: function (iso) {
      var day = this._rec.dayOf(iso);
      if (day != null) this.setDay(day);
      return this;
    },
    setDay: function (day) { this._seek(clampDay(Math.round(day), this._rec.days)); return this; },
    setLayerVisible: function (name, visible) {
      if (!(name in this._visible) || this._visible[name] === !!visible) return this;
      this._visible[name] = !!visible;
      this._applyVisibility();
      if (visible) this._surfaces[name]._update();
      this._updateBar();
      this.fire("layers", {hidden: this.hiddenLayers()});
      return this;
    },
    /** Follow one actor: its territory, places and fronts stay, the rest fade (null: everyone again). */
    setFocus: function (actorId) {
      var index = actorId == null ? -1 : this._rec.actors.map(function (a) { return a.id; }).indexOf(actorId);
      if (index === this._focus) return this;
      this._focus = index;
      this._repaintAll();
      this.fire("mode", {focus: this.focus(), compare: this.compareDate()});
      return this;
    },
    /** Open a place's popup (by id), as a click on it would. */
    showPlace: function (id) {
      var i = this._rec.pack.places.ids.indexOf(id);
      if (i >= 0) this._openPopup(i);
      return this;
    },
    /** Shade the places by the age of the evidence behind them: fresh (≤ 90 days), months (≤ a year), years. */
    setAgeShading: function (on) {
      if (!!on === !!this._ageShading) return this;
      this._ageShading = !!on;
      if (this._surfaces.places._map) this._surfaces.places._update();
      this.fire("mode", {focus: this.focus(), compare: this.compareDate(), age: this._ageShading});
      return this;
    },
    ageClass: function (i) {
      var last = this._rec.lastConfirmed(i, this._day);
      if (last < 0) return "years";
      var age = this._day - last;
      return age <= AGE_FRESH ? "fresh" : age <= AGE_MONTHS ? "months" : "years";
    },
    focus: function () { return this._focus >= 0 ? this._rec.actors[this._focus].id : null; },
    /** Compare with another date: what changed hands between it and the shown date keeps its colour, the rest
        fades (null: no comparison). */
    setCompare: function (iso) {
      var day = iso == null ? null : this._rec.dayOf(iso);
      if (day === this._compareDay || (day == null && this._compareDay == null)) return this;
      this._compareDay = day;
      this._compareCodes = day == null ? null : this._codesOn(day);
      this._repaintAll();
      this.fire("mode", {focus: this.focus(), compare: this.compareDate()});
      return this;
    },
    compareDate: function () { return this._compareDay == null ? null : this._rec.iso(this._compareDay); },
    /* Faded: outside the followed actor, or unchanged against the compared date. */
    _faded: function (i) {
      var actor = this._codes[i] & ACTOR_MASK;
      if (this._focus >= 0 && actor !== this._focus) return true;
      return !!this._compareCodes && (this._compareCodes[i] & ACTOR_MASK) === actor;
    },
    _fade: function (color) {
      var cache = this._fades || (this._fades = {});
      if (!cache[color]) {
        var n = parseInt(color.slice(1), 16), mix = function (v) { return Math.round(v * 0.25 + 232 * 0.75); };
        cache[color] = "rgb(" + mix(n >> 16) + "," + mix((n >> 8) & 255) + "," + mix(n & 255) + ")";
      }
      return cache[color];
    },
    _repaintAll: function () {
      for (var name in this._surfaces) if (this._surfaces[name]._map) this._surfaces[name]._update();
    },
    hiddenLayers: function () {
      var out = [];
      for (var name in this._visible) if (!this._visible[name]) out.push(name);
      return out;
    },
    play: function (stepDays) {
      if (stepDays) this._speed = stepDays;
      if (this._raf != null) return this;
      if (this._day >= this._rec.days - 1) this._seek(0);
      var self = this;
      var tick = function () {
        self.stats.frames++;
        var next = Math.min(self._day + self._speed, self._rec.days - 1);
        self._seek(next);
        if (next >= self._rec.days - 1) { self._raf = null; self._stopped("end"); return; }
        self._raf = L.Util.requestAnimFrame(tick);
      };
      this._raf = L.Util.requestAnimFrame(tick);
      this._updateBar();
      this.fire("play", {speed: this._speed});
      return this;
    },
    pause: function () {
      if (this._raf == null) return this;
      L.Util.cancelAnimFrame(this._raf);
      this._raf = null;
      this._stopped("pause");
      return this;
    },
    nextChange: function () {
      var R = this._rec, i = R.dayStart[Math.min(this._day + 1, R.days)];
      return i < R.cDay.length ? R.cDay[i] : null;
    },
    previousChange: function () {
      var R = this._rec, i = R.dayStart[this._day] - 1;
      return i >= 0 ? R.cDay[i] : null;
    },
    /* What a popup says of place i on the shown day, as plain data. */
    describe: function (i) {
      var R = this._rec, P = R.pack.places, code = this._codes[i], day = this._day;
      var k = R.lastChange(i, day), since = R.since(i, day), cited = R.citations(), out = {
        index: i, id: P.ids[i], name: P.names[i], aliases: cited.aliases[i] || [], kind: P.kinds[i],
        actor: R.actors[code & ACTOR_MASK], status: R.statuses[code >> STATUS_SHIFT],
        since: since < 0 ? null : R.iso(since), event: null, challenger: null, pending: null
      };
      if (out.status === "contested" && this._challenger(i) >= 0) out.challenger = R.actors[this._challenger(i)];
      var next = k >= 0 ? k + 1 : R.placeStart[i], N = cited.notes;
      if (N && N.window && next < R.placeStart[i + 1]) {  // a change ahead whose window has begun: day unknown
        var c2 = R.placeChanges[next];
        if (N.window[c2] && R.cDay[c2] - N.window[c2] <= day)
          out.pending = {actor: R.actors[R.cCode[c2] & ACTOR_MASK], earliest: R.iso(R.cDay[c2] - N.window[c2]),
                         latest: R.iso(R.cDay[c2])};
      }
      if (k >= 0 && cited.notes) {
        var c = R.placeChanges[k], sources = [];
        for (var j = N.sourceStart[c]; j < N.sourceStart[c + 1]; j++) sources.push(N.sources[N.source[j]]);
        out.event = {date: R.iso(R.cDay[c]), kind: N.kinds[N.kind[c]], precision: N.precisions[N.precision[c]],
          note: N.texts[N.note[c]], sources: sources,
          earliest: N.window && N.window[c] ? R.iso(R.cDay[c] - N.window[c]) : null};
      }
      return out;
    },
    /* Settle now: the host may record the shown date (a link, the page's figures). */
    settle: function (reason) {
      clearTimeout(this._settleTimer);
      this._settleTimer = null;
      this.fire("settle", {date: this.getDate(), day: this._day, reason: reason || "api"});
      return this;
    },
    settleSoon: function (reason) {
      var self = this;
      clearTimeout(this._settleTimer);
      this._settleTimer = setTimeout(function () { self.settle(reason); }, SETTLE_MS);
    },

    // --- time ---
    _codesOn: function (day) {
      var R = this._rec, k = Math.floor(day / KEYFRAME), codes = new Uint8Array(R.keyframes[k]);
      for (var c = R.dayStart[k * KEYFRAME], end = R.dayStart[day + 1]; c < end; c++) codes[R.cPlace[c]] = R.cCode[c];
      return codes;
    },

    _seek: function (day) {
      var R = this._rec, from = this._day, codes = this._codes, changed = [], c, p;
      if (day === from) return;
      if (Math.abs(day - from) > KEYFRAME) {
        var next = this._codesOn(day);
        for (p = 0; p < R.n; p++) if (next[p] !== codes[p]) changed.push(p);
        this._codes = codes = next;
      } else if (day > from) {
        for (c = R.dayStart[from + 1]; c < R.dayStart[day + 1]; c++) {
          p = R.cPlace[c];
          codes[p] = R.cCode[c];
          changed.push(p);
        }
      } else {
        for (c = R.dayStart[from + 1] - 1; c >= R.dayStart[day + 1]; c--) {
          p = R.cPlace[c];
          codes[p] = R.cPrev[c];
          changed.push(p);
        }
      }
      this._day = day;
      this.stats.paints++;
      // Crossing the first or last day of a quiet relation turns borders between two actors into fronts or
      // back: re-check every edge (a few thousand comparisons) and repaint the fronts in full.
      var relations = this._syncQuiet();
      if (relations) for (var e = 0; e < R.nEdges; e++) this._checkEdge(e);
      this._repaint(changed, relations);
      if (relations) this._paintFronts(this._surfaces.fronts);
      // An open popup always speaks of the shown day: its "since" and deciding event can change even when
      // its place did not change on this step.
      if (this._popup && this._popup.isOpen()) this._fillPopup();
      this._updateBar();
      this.fire("day", {day: day, date: R.iso(day)});
    },

    /* An edge is 1 (a front line) when its two actors differ and no quiet relation covers them on the shown
       day, 2 (a quiet line of control, drawn apart and not counted) when one does, 0 inside one actor's land.
       Returns whether it changed. */
    _checkEdge: function (e) {
      if (this._quietDay !== this._day) this._syncQuiet();
      var R = this._rec, a = this._codes[R.pairs[2 * e]] & ACTOR_MASK, b = this._codes[R.pairs[2 * e + 1]] & ACTOR_MASK;
      var state = a === b ? 0 : (this._quiet[a * (ACTOR_MASK + 1) + b] ? 2 : 1), was = this._isFront[e];
      if (state === was) return false;
      this._isFront[e] = state;
      this._frontCount += (state === 1 ? 1 : 0) - (was === 1 ? 1 : 0);
      return true;
    },

    /* The actor pairs at peace on the shown day (pack "relations": {a, b, from, until}, days inclusive) as an
       actor x actor matrix; rebuilt only when the set of relations covering the day changes, which it says. */
    _syncQuiet: function () {
      var relations = this._pack.relations || [], day = this._day, key = "", r;
      this._quietDay = day;
      for (r = 0; r < relations.length; r++) if (relations[r].from <= day && day <= relations[r].until) key += r + ",";
      if (this._quiet && key === this._quietKey) return false;
      var n = ACTOR_MASK + 1, quiet = this._quiet = new Uint8Array(n * n);
      for (r = 0; r < relations.length; r++) {
        var q = relations[r];
        if (q.from <= day && day <= q.until) quiet[q.a * n + q.b] = quiet[q.b * n + q.a] = 1;
      }
      var first = this._quietKey === undefined;
      this._quietKey = key;
      return !first;
    },

    _stopped: function (reason) {
      this._updateBar();
      this.fire("pause", {reason: reason});
      this.settle(reason);
    },

    // --- painting ---
    /* Repaints what the changed places touch; `all`: the territory in full (a relation began or ended, so
       contested cells may face other sides). */
    _repaint: function (changed, all) {
      if (!changed.length && !all) {
        if (this._ageShading && this._visible.places) this._paintPlaces(this._surfaces.places);  // ages grow daily
        return;
      }
      var R = this._rec, stamp = ++this._stamp, unique = [], flipped = [];
      this._mark = this._mark || new Uint32Array(R.n);
      for (var k = 0; k < changed.length; k++) {
        var p = changed[k];
        if (this._mark[p] !== stamp) { this._mark[p] = stamp; unique.push(p); }
      }
      // A contested neighbour of a changed cell may face another side now: its stripes are refilled too.
      var cells = unique.slice(), contested = R.statuses.indexOf("contested");
      for (k = 0; k < unique.length; k++) {
        p = unique[k];
        for (var j = R.cellEdgeStart[p]; j < R.cellEdgeStart[p + 1]; j++) {
          var e = R.cellEdges[j], q = R.pairs[2 * e] === p ? R.pairs[2 * e + 1] : R.pairs[2 * e];
          if (this._checkEdge(e)) flipped.push(e);
          if (this._mark[q] !== stamp && this._codes[q] >> STATUS_SHIFT === contested) { this._mark[q] = stamp; cells.push(q); }
        }
      }
      var many = unique.length > R.n / 4;  // a far jump: one full repaint is cheaper than many small ones
      if (this._visible.territory) {
        this._fillPlaces(this._surfaces.territory, "cells", many || all ? null : cells);
        this._fillPlaces(this._surfaces.zones, "zones", many ? null : unique);
      }
      if (this._visible.fronts && flipped.length) {
        // Around the flips unless they are a good share of all fronts (then one pass over all is cheaper).
        if (many || flipped.length * 3 > this._frontCount + 300) this._paintFronts(this._surfaces.fronts);
        else this._paintFrontsAround(this._surfaces.fronts, flipped);
      }
      if (this._visible.places) {
        if (many || this._ageShading) this._paintPlaces(this._surfaces.places);  // ages move with every day
        else this._paintMarkers(this._surfaces.places, unique);
      }
    },

    /* Paths in layer points for the renderer's zoom and pixel origin, rebuilt only when those change, with
       a grid of the edges' boxes (so that a change redraws only the fronts around it). */
    _paths: function (surface) {
      var map = this._map, zoom = surface._zoom, origin = map.getPixelOrigin();
      var key = zoom + ":" + origin.x + ":" + origin.y;
      if (this._pathKey === key) return this._pathCache;
      var R = this._rec, s = Math.pow(2, zoom), ox = origin.x, oy = origin.y;
      var cells = ringPaths(R.cells, s, ox, oy), zones = R.zones ? ringPaths(R.zones, s, ox, oy) : [];
      var edges = new Array(R.nEdges), grid = {}, i, k, v;
      var boxes = new Float32Array(R.nEdges * 4), G = EDGE_GRID;
      for (i = 0; i < R.nEdges; i++) {
        var lines = R.edges.features[i], flat = [], wb = R.edges.boxes;
        for (k = 0; k < lines.length; k++) {
          var ls = lines[k], out = new Float32Array(ls.length);
          for (v = 0; v < ls.length; v += 2) { out[v] = ls[v] * s - ox; out[v + 1] = ls[v + 1] * s - oy; }
          flat.push(out);
        }
        edges[i] = flat;
        var x0 = wb[4 * i] * s - ox, y0 = wb[4 * i + 1] * s - oy, x1 = wb[4 * i + 2] * s - ox, y1 = wb[4 * i + 3] * s - oy;
        boxes[4 * i] = x0; boxes[4 * i + 1] = y0; boxes[4 * i + 2] = x1; boxes[4 * i + 3] = y1;
        for (var gx = Math.floor(x0 / G); gx <= Math.floor(x1 / G); gx++) {
          for (var gy = Math.floor(y0 / G); gy <= Math.floor(y1 / G); gy++) {
            var cell = gx + ":" + gy;
            (grid[cell] = grid[cell] || []).push(i);
          }
        }
      }
      this._pathKey = key;
      this._pathScale = s;
      this._pathCache = {cells: cells, edges: edges, edgeBoxes: boxes, edgeGrid: grid, zones: zones};
      return this._pathCache;
    },

    _inView: function (surface, box) {
      var b = surface._bounds, s = this._pathScale, o = this._map.getPixelOrigin();
      return !(box[2] * s - o.x < b.min.x || box[0] * s - o.x > b.max.x || box[3] * s - o.y < b.min.y || box[1] * s - o.y > b.max.y);
    },

    /* Contested cells are striped in the two sides' colours: the holder's fill with stripes of the other side,
       derived as the actor across the most of the cell's front edges (the lowest actor index on a tie; white
       stripes when the cell has no front) — the rule of territory.challengers in Python. */
    _style: function (ctx, code, cell) {
      var holder = code & ACTOR_MASK, actor = this._rec.actors[holder], status = code >> STATUS_SHIFT;
      if (this._rec.statuses[status] !== "contested") return actor.color;
      var other = this._challenger(cell), key = holder * (ACTOR_MASK + 2) + other + 1;
      var pattern = this._patterns[key];
      if (!pattern) {
        var tile = document.createElement("canvas"), size = 8;
        tile.width = tile.height = size;
        var t = tile.getContext("2d");
        t.fillStyle = actor.color; t.fillRect(0, 0, size, size);
        t.strokeStyle = other >= 0 ? this._rec.actors[other].color : "#ffffff"; t.lineWidth = 2.5;
        t.beginPath(); t.moveTo(-2, size + 2); t.lineTo(size + 2, -2); t.moveTo(-2, 2); t.lineTo(2, -2);
        t.moveTo(size - 2, size + 2); t.lineTo(size + 2, size - 2); t.stroke();
        pattern = this._patterns[key] = ctx.createPattern(tile, "repeat");
      }
      return pattern;
    },

    _challenger: function (cell) {
      var R = this._rec, counts = {}, best = -1, most = 0;
      if (R.against) {  // the side the deciding event names, when it names one
        var k = R.lastChange(cell, this._day);
        if (k >= 0 && R.against[R.placeChanges[k]]) return R.against[R.placeChanges[k]] - 1;
      }
      for (var j = R.cellEdgeStart[cell]; j < R.cellEdgeStart[cell + 1]; j++) {
        var e = R.cellEdges[j];
        if (this._isFront[e] !== 1) continue;
        var q = R.pairs[2 * e] === cell ? R.pairs[2 * e + 1] : R.pairs[2 * e];
        var a = this._codes[q] & ACTOR_MASK, n = counts[a] = (counts[a] || 0) + 1;
        if (n > most || (n === most && a < best)) { most = n; best = a; }
      }
      return best;
    },

    /* Fill a geometry layer ("cells": territory, "zones": zones of influence beyond every reach, derived and
       never counted in the areas) in each place's holder's colour: every feature in view (places omitted: a
       full repaint), or only the listed places. Cells carry their status's style (contested: hatched). The
       stroke in the same style covers the hairline seams between neighbouring features. */
    _fillPlaces: function (surface, layer, places) {
      var R = this._rec, block = R[layer];
      if (!surface._ctx || !block || !this._visible.territory) return;
      var paths = this._paths(surface)[layer], ctx = surface._ctx, n = places ? places.length : R.n;
      if (!places) surface.clear();
      ctx.lineWidth = 1; ctx.lineJoin = "round";
      for (var k = 0; k < n; k++) {
        var i = places ? places[k] : k;
        if (!paths[i] || (!places && !this._inView(surface, block.boxes.subarray(4 * i, 4 * i + 4)))) continue;
        var style = this._faded(i) ? this._fade(R.actors[this._codes[i] & ACTOR_MASK].color)
          : layer === "zones" ? R.actors[this._codes[i] & ACTOR_MASK].color : this._style(ctx, this._codes[i], i);
        ctx.fillStyle = style; ctx.fill(paths[i], "evenodd");
        ctx.strokeStyle = style; ctx.stroke(paths[i]);
      }
    },

    _paintTerritory: function (surface) { this._fillPlaces(surface, "cells"); },
    _paintZones: function (surface) { this._fillPlaces(surface, "zones"); },

    /* Strokes the listed edges: quiet lines of control thin, grey and dashed, then fronts over them. */
    _strokeFronts: function (ctx, list, lines) {
      var fronts = [], quiet = [], R = this._rec, focus = this._focus;
      for (var n = 0; n < list.length; n++) {
        var e = list[n];
        if (focus >= 0 && (this._codes[R.pairs[2 * e]] & ACTOR_MASK) !== focus &&
            (this._codes[R.pairs[2 * e + 1]] & ACTOR_MASK) !== focus) continue;  // only the followed actor's
        (this._isFront[e] === 2 ? quiet : fronts).push(e);
      }
      ctx.lineJoin = "round"; ctx.lineCap = "round";
      if (quiet.length) {
        tracePaths(ctx, quiet, lines);
        ctx.setLineDash(QUIET_DASH);
        ctx.strokeStyle = QUIET_COLOR; ctx.lineWidth = QUIET_WIDTH; ctx.stroke();
        ctx.setLineDash([]);
      }
      if (!fronts.length) return;
      tracePaths(ctx, fronts, lines);
      ctx.strokeStyle = "rgba(255,255,255,0.85)"; ctx.lineWidth = FRONT_HALO; ctx.stroke();
      ctx.strokeStyle = FRONT_COLOR; ctx.lineWidth = FRONT_WIDTH; ctx.stroke();
    },

    _paintFronts: function (surface) {
      if (!this._visible.fronts || !surface._ctx) return;
      var R = this._rec, paths = this._paths(surface), list = [];
      surface.clear();
      for (var e = 0; e < R.nEdges; e++) if (this._isFront[e]) list.push(e);
      this._strokeFronts(surface._ctx, list, paths.edges);
    },

    /* Only around the edges that became or stopped being fronts: clear their boxes (clipped) and stroke again
       every front that crosses them. */
    _paintFrontsAround: function (surface, flipped) {
      if (!surface._ctx) return;
      var paths = this._paths(surface), ctx = surface._ctx, boxes = paths.edgeBoxes, pad = FRONT_HALO;
      var stamp = ++this._stamp, seen = this._edgeMark || (this._edgeMark = new Uint32Array(this._rec.nEdges));
      var clip = new Path2D(), list = [], G = EDGE_GRID;
      for (var k = 0; k < flipped.length; k++) {
        var e = flipped[k], x0 = boxes[4 * e] - pad, y0 = boxes[4 * e + 1] - pad, x1 = boxes[4 * e + 2] + pad, y1 = boxes[4 * e + 3] + pad;
        clip.rect(x0, y0, x1 - x0, y1 - y0);
        for (var gx = Math.floor(x0 / G); gx <= Math.floor(x1 / G); gx++) {
          for (var gy = Math.floor(y0 / G); gy <= Math.floor(y1 / G); gy++) {
            var cell = paths.edgeGrid[gx + ":" + gy];
            if (!cell) continue;
            for (var j = 0; j < cell.length; j++) {
              var f = cell[j];
              if (seen[f] === stamp || !this._isFront[f]) continue;
              if (boxes[4 * f] > x1 || boxes[4 * f + 2] < x0 || boxes[4 * f + 1] > y1 || boxes[4 * f + 3] < y0) continue;
              seen[f] = stamp; list.push(f);
            }
          }
        }
      }
      ctx.save();
      ctx.clip(clip, "nonzero");
      surface.clear();
      this._strokeFronts(ctx, list, paths.edges);
      ctx.restore();
    },

    _sprite: function (code, radius) {
      var key = code + ":" + radius, sprite = this._sprites[key];
      if (sprite) return sprite;
      var ratio = window.devicePixelRatio > 1 ? 2 : 1, status = this._rec.statuses[code >> STATUS_SHIFT];
      var size = Math.ceil((radius + MARKER_PAD) * 2), canvas = document.createElement("canvas");
      canvas.width = canvas.height = size * ratio;
      var ctx = canvas.getContext("2d"), c = size / 2;
      ctx.scale(ratio, ratio);
      if (status === "besieged") {
        ctx.beginPath(); ctx.arc(c, c, radius + 2.5, 0, 2 * Math.PI);
        ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 3; ctx.stroke();
        ctx.setLineDash([2, 2]); ctx.strokeStyle = "#000000"; ctx.lineWidth = 1.6; ctx.stroke(); ctx.setLineDash([]);
      }
      ctx.beginPath();
      if (status === "contested") {  // a diamond: contested places are told by their shape
        ctx.moveTo(c, c - radius - 1); ctx.lineTo(c + radius + 1, c); ctx.lineTo(c, c + radius + 1); ctx.lineTo(c - radius - 1, c);
        ctx.closePath();
      } else {
        ctx.arc(c, c, radius, 0, 2 * Math.PI);
      }
      ctx.fillStyle = this._rec.actors[code & ACTOR_MASK].color; ctx.fill();
      ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 1; ctx.stroke();
      sprite = this._sprites[key] = {canvas: canvas, size: size};
      return sprite;
    },

    _markerRadius: function (i) {
      var zoom = this._map.getZoom(), r = this._rec.radius[i];
      return Math.max(2, Math.round((zoom <= 5 ? r * 0.7 : zoom >= 9 ? r * 1.4 : r) * 2) / 2);
    },

    _drawMarker: function (ctx, i) {
      if (this._ageShading) { this._drawAge(ctx, i); return; }
      var sprite = this._sprite(this._codes[i], this._markerRadius(i)), x = this._px[2 * i], y = this._px[2 * i + 1];
      var faded = this._faded(i);
      if (faded) ctx.globalAlpha = 0.3;
      ctx.drawImage(sprite.canvas, x - sprite.size / 2, y - sprite.size / 2, sprite.size, sprite.size);
      if (faded) ctx.globalAlpha = 1;
    },

    /* A place shaded by the age of its evidence: white (fresh), grey (months), black (years), ringed. */
    _drawAge: function (ctx, i) {
      var r = this._markerRadius(i) + 1, x = this._px[2 * i], y = this._px[2 * i + 1], style = AGE_STYLE[this.ageClass(i)];
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = style[0]; ctx.fill();
      ctx.lineWidth = 1.5; ctx.strokeStyle = style[1]; ctx.stroke();
    },

    /* Which places get a marker at this zoom: cities first, then towns, then the rest, each only if its dot
       keeps clear of the dots already kept (the territory still shows every place's holder). Kept markers do
       not overlap, so a changed one is repainted alone. Computed once per zoom level. */
    _declutter: function (zoom, s) {
      if (this._keptZoom === zoom) return this._kept;
      var R = this._rec, kept = new Uint8Array(R.n), grid = {}, G = 2 * (7 + MARKER_PAD);
      var order = this._markerOrder;
      if (!order) {  // named places first (so a key city keeps its own dot), then by size
        var ranks = this._labelRanks(), rankKey = function (i) { return ranks[i] || 9; };
        order = this._markerOrder = Array.from({length: R.n}, function (_, k) { return k; })
          .sort(function (a, b) { return rankKey(a) - rankKey(b) || R.radius[b] - R.radius[a] || a - b; });
        this._orderPos = new Int32Array(R.n);
        for (var q = 0; q < order.length; q++) this._orderPos[order[q]] = q;
      }
      for (var k = 0; k < order.length; k++) {
        var i = order[k], x = R.world[2 * i] * s, y = R.world[2 * i + 1] * s, r = this._markerRadius(i), free = true;
        var gx = Math.floor(x / G), gy = Math.floor(y / G);
        for (var dx = -1; dx <= 1 && free; dx++) {
          for (var dy = -1; dy <= 1 && free; dy++) {
            var list = grid[(gx + dx) + ":" + (gy + dy)];
            if (!list) continue;
            for (var j = 0; j < list.length; j++) {
              var o = list[j], ex = R.world[2 * o] * s - x, ey = R.world[2 * o + 1] * s - y, d = r + this._markerRadius(o) + 2 * MARKER_PAD;
              if (ex * ex + ey * ey < d * d) { free = false; break; }
            }
          }
        }
        if (!free) continue;
        kept[i] = 1;
        (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(i);
      }
      this._keptZoom = zoom;
      this._kept = kept;
      return kept;
    },

    _paintPlaces: function (surface) {
      if (!this._visible.places || !surface._ctx) return;
      var R = this._rec, ctx = surface._ctx, b = surface._bounds, origin = this._map.getPixelOrigin(),
          s = Math.pow(2, surface._zoom), kept = this._declutter(surface._zoom, s);
      surface.clear();
      this._px = this._px || new Float32Array(R.n * 2);
      this._grid = {};
      for (var i = 0; i < R.n; i++) {
        this._px[2 * i] = R.world[2 * i] * s - origin.x; this._px[2 * i + 1] = R.world[2 * i + 1] * s - origin.y;
      }
      // Drawn in the reverse of the keeping order, so that named places and cities sit on top.
      for (var k = this._markerOrder.length - 1; k >= 0; k--) {
        i = this._markerOrder[k];
        var x = this._px[2 * i], y = this._px[2 * i + 1];
        if (!kept[i] || x < b.min.x - 12 || x > b.max.x + 12 || y < b.min.y - 12 || y > b.max.y + 12) continue;
        var key = Math.floor(x / HIT_GRID) + ":" + Math.floor(y / HIT_GRID);
        (this._grid[key] = this._grid[key] || []).push(i);
        this._drawMarker(ctx, i);
      }
    },

    _near: function (x, y, reach) {
      var out = [], g = HIT_GRID, gx = Math.floor(x / g), gy = Math.floor(y / g), span = Math.ceil(reach / g);
      for (var dx = -span; dx <= span; dx++) {
        for (var dy = -span; dy <= span; dy++) {
          var list = this._grid && this._grid[(gx + dx) + ":" + (gy + dy)];
          if (list) for (var k = 0; k < list.length; k++) out.push(list[k]);
        }
      }
      return out;
    },

    /* Repaint only the changed markers that are drawn: clear the marker's square and draw, clipped to it, the
       few kept markers that reach into it (kept dots never overlap; only rings and edges can). */
    _paintMarkers: function (surface, places) {
      if (!surface._ctx || !this._px || this._keptZoom !== surface._zoom) return;
      var ctx = surface._ctx, b = surface._bounds, kept = this._kept, pos = this._orderPos;
      for (var k = 0; k < places.length; k++) {
        var i = places[k];
        if (!kept[i]) continue;
        var x = this._px[2 * i], y = this._px[2 * i + 1];
        if (x < b.min.x - 12 || x > b.max.x + 12 || y < b.min.y - 12 || y > b.max.y + 12) continue;
        var half = this._markerRadius(i) + MARKER_PAD, around = this._near(x, y, 2 * half + 8);
        around.sort(function (a, c) { return pos[c] - pos[a]; });  // the full paint's order: kept first on top
        ctx.save();
        ctx.beginPath(); ctx.rect(x - half, y - half, 2 * half, 2 * half); ctx.clip();
        ctx.clearRect(x - half, y - half, 2 * half, 2 * half);
        for (var j = 0; j < around.length; j++) this._drawMarker(ctx, around[j]);
        ctx.restore();
      }
    },

    // --- names: the places' at the zoom's ranks, and the two countries' ---

    /* Each place's label rank (0: never named) and the order names are tried in: rank, then dot size. */
    _labelRanks: function () {
      if (this._ranks) return this._ranks;
      var R = this._rec, P = R.pack.places, ranks, i;
      if (P.label) ranks = decodeArray(P.label);
      else {  // a pack without ranks: cities and towns from two levels in
        ranks = new Uint8Array(R.n);
        for (i = 0; i < R.n; i++) ranks[i] = P.kinds[i] === "city" || P.kinds[i] === "town" ? 3 : 0;
      }
      var order = [];
      for (i = 0; i < R.n; i++) if (ranks[i]) order.push(i);
      order.sort(function (a, b) { return ranks[a] - ranks[b] || R.radius[b] - R.radius[a] || a - b; });
      this._labelOrder = order;
      return (this._ranks = ranks);
    },

    /* Where the names go for the surface's zoom and view (layer points). The date bar and the map's controls
       are kept clear; the country names go first, at their fixed spots; then the places named at this zoom,
       most important first, each in the first of four spots (right of its dot, left, above, below) that
       overlaps no name placed and no dot of a place of its rank or a higher one; a name that fits nowhere, or
       whose dot is under a name already placed, is left out (zoom in to see it). A name names a drawn dot,
       except a rank-1 place's, named even where its dot gave way to a neighbour's (the name then stands at
       its own position). */
    _layoutLabels: function (surface) {
      var map = this._map, R = this._rec, P = R.pack.places, ctx = surface._ctx, b = surface._bounds;
      var zoom = surface._zoom, s = Math.pow(2, zoom), origin = map.getPixelOrigin(), ranks = this._labelRanks();
      var shift = map.containerPointToLayerPoint([0, 0]), size = map.getSize(), boxes = new Boxes(), out = [];
      var container = map.getContainer(), frame = container.getBoundingClientRect(), c, k;
      if (this._bar) {
        var barTop = shift.y + size.y - this._bar.node.offsetHeight;
        boxes.add(b.min.x, barTop, b.max.x - b.min.x, shift.y + size.y - barTop);
      }
      var controls = container.querySelectorAll(".leaflet-control");
      for (c = 0; c < controls.length; c++) {
        var r = controls[c].getBoundingClientRect();
        if (r.width && r.height) boxes.add(r.left - frame.left + shift.x, r.top - frame.top + shift.y, r.width, r.height);
      }
      // The candidates: named at this zoom, in view (with the surface's padding), not under the bar or a control.
      var kept = this._declutter(zoom, s), order = this._labelOrder, candidates = [];
      for (k = 0; k < order.length; k++) {
        var i = order[k], rank = ranks[i];
        if (zoom < LABEL_FROM[rank]) break;  // the order is by rank, and higher ranks need more zoom
        if (!kept[i] && rank > 1) continue;
        var px = R.world[2 * i] * s - origin.x, py = R.world[2 * i + 1] * s - origin.y;
        if (px < b.min.x || px > b.max.x || py < b.min.y || py > b.max.y) continue;
        var dot = kept[i] ? this._markerRadius(i) : 0;
        if (boxes.hits(px - dot - 1, py - dot - 1, 2 * dot + 2, 2 * dot + 2)) continue;
        candidates.push({i: i, rank: rank, x: px, y: py, dot: dot});
      }
      if (zoom <= COUNTRY_MAX_ZOOM) {
        ctx.font = countryFont(zoom);
        var em = ctx.measureText("M").width, j;
        for (c = 0; c < COUNTRY_NAMES.length; c++) {
          var country = COUNTRY_NAMES[c], at = map.project([country.lat, country.lon], zoom).subtract(origin);
          var advance = [], width = LABEL_HALO - COUNTRY_SPACING * em;
          for (j = 0; j < country.name.length; j++) {
            advance.push(ctx.measureText(country.name[j]).width + COUNTRY_SPACING * em);
            width += advance[j];
          }
          var height = em + LABEL_HALO, x0 = at.x - width / 2, y0 = at.y - height / 2;
          if (boxes.hits(x0, y0, width, height)) continue;
          boxes.add(x0, y0, width, height);
          out.push({name: country.name, rank: 0, x: x0, y: y0, w: width, h: height, advance: advance,
            font: ctx.font});
        }
      }
      var water = this.options.water || [];
      ctx.font = WATER_FONT;
      for (c = 0; c < water.length; c++) {
        var river = water[c], spot = map.project([river.lat, river.lon], zoom).subtract(origin);
        var ww = ctx.measureText(river.name).width + LABEL_HALO, wh = WATER_SIZE + LABEL_HALO;
        if (boxes.hits(spot.x - ww / 2, spot.y - wh / 2, ww, wh)) continue;
        boxes.add(spot.x - ww / 2, spot.y - wh / 2, ww, wh);
        out.push({name: river.name, rank: 0, water: true, color: river.color, x: spot.x - ww / 2, y: spot.y - wh / 2,
          w: ww, h: wh});
      }
      var names = new Boxes(), stage = 0;
      for (k = 0; k < out.length; k++) names.add(out[k].x, out[k].y, out[k].w, out[k].h);
      for (k = 0; k < candidates.length; k++) {
        var p = candidates[k];
        if (p.rank !== stage) {  // from now on, the dots of this rank's places are kept clear of names
          stage = p.rank;
          for (j = k; j < candidates.length && candidates[j].rank === stage; j++) {
            var q = candidates[j], e = q.dot + 1;
            if (names.hits(q.x - e, q.y - e, 2 * e, 2 * e)) q.covered = true;  // under a name already placed
            else if (q.dot) boxes.add(q.x - e, q.y - e, 2 * e, 2 * e);
          }
        }
        if (p.covered) continue;
        ctx.font = LABEL_FONT[p.rank];
        var name = P.names[p.i], w = ctx.measureText(name).width + LABEL_HALO, h = LABEL_SIZE[p.rank] + LABEL_HALO;
        var off = p.dot + LABEL_GAP, spots = [p.x + off, p.y - h / 2, p.x - off - w, p.y - h / 2,
          p.x - w / 2, p.y - off - h, p.x - w / 2, p.y + off];
        // A place in view keeps its name in view (a place in the margin beyond may spill over the edge).
        var seen = p.x >= shift.x && p.x <= shift.x + size.x && p.y >= shift.y && p.y <= shift.y + size.y;
        for (var t = 0; t < spots.length; t += 2) {
          var sx = spots[t], sy = spots[t + 1];
          if (seen && (sx < shift.x || sy < shift.y || sx + w > shift.x + size.x || sy + h > shift.y + size.y)) continue;
          if (!boxes.hits(sx, sy, w, h)) break;
        }
        if (t === spots.length) continue;
        boxes.add(spots[t], spots[t + 1], w, h);
        names.add(spots[t], spots[t + 1], w, h);
        out.push({name: name, rank: p.rank, x: spots[t], y: spots[t + 1], w: w, h: h, place: p.i});
      }
      return out;
    },

    /* Names with a white halo so that they read over any fill: stroked wide in white, then filled dark. */
    _paintLabels: function (surface) {
      if (!surface._ctx) return;
      surface.clear();
      this._labelList = [];
      if (!this._visible.labels) return;
      var ctx = surface._ctx, list = this._layoutLabels(surface), half = LABEL_HALO / 2;
      ctx.save();
      ctx.lineJoin = "round"; ctx.textBaseline = "middle"; ctx.textAlign = "left";
      ctx.lineWidth = LABEL_HALO; ctx.strokeStyle = "rgba(255,255,255,0.92)";
      for (var k = 0; k < list.length; k++) {
        var label = list[k], y = label.y + label.h / 2;
        ctx.fillStyle = LABEL_COLOR[label.rank];
        if (label.water) {  // a river: italics, in the water's colour
          ctx.font = WATER_FONT; ctx.fillStyle = label.color;
          ctx.strokeText(label.name, label.x + half, y);
          ctx.fillText(label.name, label.x + half, y);
        } else if (label.rank === 0) {  // a country: spaced capitals, letter by letter
          ctx.font = label.font;
          for (var j = 0, x = label.x + half; j < label.name.length; x += label.advance[j], j++) {
            ctx.strokeText(label.name[j], x, y); ctx.fillText(label.name[j], x, y);
          }
        } else {
          ctx.font = LABEL_FONT[label.rank];
          ctx.strokeText(label.name, label.x + half, y);
          ctx.fillText(label.name, label.x + half, y);
        }
      }
      ctx.restore();
      this._labelList = list;
    },

    /* The names shown, as {name, rank (0: a country), x, y, w, h}: their boxes in container pixels (those drawn
       in the canvas's margin beyond the view too). */
    labels: function () {
      if (!this._labelList || !this._visible.labels) return [];
      var shift = this._map.containerPointToLayerPoint([0, 0]);
      return this._labelList.map(function (l) {
        return {name: l.name, rank: l.rank, x: l.x - shift.x, y: l.y - shift.y, w: l.w, h: l.h};
      });
    },

    _applyVisibility: function () {
      for (var name in this._panes) {  // zones of influence come and go with the territory
        this._panes[name].style.display = this._visible[name === "zones" ? "territory" : name] ? "" : "none";
      }
    },

    // --- pointer: popups built on click from the pack ---
    _hit: function (e) {
      if (!this._px || !this._visible.places) return -1;
      var p = this._map.latLngToLayerPoint(e.latlng), best = -1, bestD = Infinity;
      var near = this._near(p.x, p.y, 12);
      for (var k = 0; k < near.length; k++) {
        var i = near[k], dx = this._px[2 * i] - p.x, dy = this._px[2 * i + 1] - p.y, d = dx * dx + dy * dy;
        var r = this._markerRadius(i) + 5;
        if (d <= r * r && d < bestD) { bestD = d; best = i; }
      }
      return best;
    },

    _onMouseMove: function (e) {
      var hit = this._hit(e) >= 0;
      if (hit !== this._hover) { this._hover = hit; this._map.getContainer().style.cursor = hit ? "pointer" : ""; }
    },

    _onClick: function (e) {
      var i = this._hit(e);
      if (i >= 0) this._openPopup(i);
    },

    _openPopup: function (i) {
      var R = this._rec;
      this._popupPlace = i;
      var below = this._bar ? this._bar.node.offsetHeight + 10 : 10;
      this._popup = this._popup || L.popup({maxWidth: 300, minWidth: 180, className: "frontline-popup"});
      this._popup.options.autoPanPaddingBottomRight = L.point(10, below);  // never under the date bar
      this._popup.options.maxWidth = Math.min(300, this._map.getSize().x - 60);
      this._popup.setLatLng(L.latLng(R.lat[i] / R.pack.scale, R.lon[i] / R.pack.scale));
      this._fillPopup();
      this._popup.openOn(this._map);
      this.fire("placeclick", {place: R.pack.places.ids[i], index: i});
    },

    _fillPopup: function () {
      var d = this.describe(this._popupPlace), R = this._rec, box = el("div", "frontline-popup-body");
      box.setAttribute("data-place", d.id);
      el("b", null, box, d.name);
      if (d.aliases.length) el("div", "frontline-aliases", box, "also " + d.aliases.join(", "));
      var who = el("div", null, box);
      var swatch = el("span", "frontline-swatch", who); swatch.style.background = d.actor.color;
      who.appendChild(document.createTextNode(d.actor.name + " — " + d.status));
      if (d.challenger) el("div", "frontline-aliases", box, "facing " + d.challenger.name + " (the enemy across most of its front; derived)");
      el("div", null, box, d.since ? "since " + R.words(R.dayOf(d.since)) : "held since the start of the record");
      if (d.pending) el("div", "frontline-pending", box, "passes to " + d.pending.actor.name +
        " on a day no report gives, between " + R.words(R.dayOf(d.pending.earliest)) + " and " +
        R.words(R.dayOf(d.pending.latest)) + " (the map shows the change on the later date)");
      if (d.event) {
        var ev = d.event, when = ev.kind.replace("_", " ") + (ev.earliest
          ? " ≈ between " + R.words(R.dayOf(ev.earliest)) + " and " + R.words(R.dayOf(ev.date))
          : " on " + ev.date + (ev.precision === "day" ? "" : " (date precision: " + ev.precision + ")"));
        el("div", "frontline-event", box, when + (ev.note ? ": " + ev.note : ""));
        var list = el("ul", "frontline-sources", box);
        ev.sources.forEach(function (s) {
          var item = el("li", null, list);
          if (/^https?:\/\//i.test(s.url)) {
            var a = el("a", null, item, s.label);
            a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
          } else item.textContent = s.label;
        });
      }
      var confirmed = R.lastConfirmed(this._popupPlace, this._day);
      if (confirmed >= 0) {
        var age = this._day - confirmed;
        el("div", "frontline-age", box, "last confirmed on " + R.words(confirmed) + " (" +
          (age === 0 ? "the shown date" : age + (age === 1 ? " day" : " days") + " before the shown date") + ")");
      } else el("div", "frontline-age", box, "no report since the start of the record");
      var link = el("button", "frontline-history", box, "History of " + d.name);
      link.type = "button";
      var self = this, id = d.id;
      L.DomEvent.on(link, "click", function (ev) { L.DomEvent.stop(ev); self.fire("history", {place: id}); });
      el("div", "frontline-shown", box, "as on " + R.words(this._day));
      this._popup.setContent(box);
    },

    _updateBar: function () { if (this._bar) this._bar.update(); }
  });

  /* Boxes (x, y, w, h) on a grid, to find quickly whether a new box overlaps any. */
  function Boxes() { this.grid = {}; this.list = []; }
  Boxes.prototype.hits = function (x, y, w, h) {
    var G = LABEL_GRID;
    for (var gx = Math.floor(x / G); gx <= Math.floor((x + w) / G); gx++) {
      for (var gy = Math.floor(y / G); gy <= Math.floor((y + h) / G); gy++) {
        var cell = this.grid[gx + ":" + gy];
        if (!cell) continue;
        for (var k = 0; k < cell.length; k++) {
          var o = this.list[cell[k]];
          if (x < o[0] + o[2] && o[0] < x + w && y < o[1] + o[3] && o[1] < y + h) return true;
        }
      }
    }
    return false;
  };
  Boxes.prototype.add = function (x, y, w, h) {
    var G = LABEL_GRID, index = this.list.length;
    this.list.push([x, y, w, h]);
    for (var gx = Math.floor(x / G); gx <= Math.floor((x + w) / G); gx++) {
      for (var gy = Math.floor(y / G); gy <= Math.floor((y + h) / G); gy++) {
        (this.grid[gx + ":" + gy] = this.grid[gx + ":" + gy] || []).push(index);
      }
    }
  };

  /* One Path2D per feature of a decoded geometry block (rings closed, for even-odd fills), in layer points for
     a zoom's scale `s` and pixel origin; null for a feature with no parts. */
  function ringPaths(block, s, ox, oy) {
    var out = new Array(block.features.length);
    for (var i = 0; i < out.length; i++) {
      var parts = block.features[i];
      if (!parts.length) { out[i] = null; continue; }
      var path = new Path2D();
      for (var k = 0; k < parts.length; k++) {
        var xs = parts[k];
        path.moveTo(xs[0] * s - ox, xs[1] * s - oy);
        for (var v = 2; v < xs.length; v += 2) path.lineTo(xs[v] * s - ox, xs[v + 1] * s - oy);
        path.closePath();
      }
      out[i] = path;
    }
    return out;
  }

  function clampDay(day, days) { return Math.max(0, Math.min(days - 1, day)); }

  function el(tag, className, parent, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  // --- the date bar across the map's bottom edge ---------------------------------------------------------

  function DateBar(engine, map) {
    var R = engine._rec, self = this;
    this.engine = engine;
    var bar = this.node = el("div", "frontline-bar");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Date of the map");
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.disableScrollPropagation(bar);
    var row = el("div", "frontline-row", bar);
    function button(label, icon, action) {
      var b = el("button", "frontline-btn", row);
      b.type = "button"; b.setAttribute("aria-label", label); b.title = label;
      b.appendChild(svgIcon(icon));
      L.DomEvent.on(b, "click", function (ev) { L.DomEvent.stop(ev); action(); });
      return b;
    }
    function jump(day) { if (day != null) { engine.pause(); engine.setDay(day); engine.settleSoon("button"); } }
    this.prev = button("Previous change of control", "first", function () { jump(engine.previousChange()); });
    this.back = button("One day back (←)", "back", function () { jump(engine.getDay() - 1); });
    this.playButton = button("Play (space)", "play", function () { self.toggle(); });
    this.forward = button("One day forward (→)", "forward", function () { jump(engine.getDay() + 1); });
    this.next = button("Next change of control", "last", function () { jump(engine.nextChange()); });
    var speed = this.speedSelect = el("select", "frontline-speed", row);
    speed.setAttribute("aria-label", "Playback speed: days per frame");
    speed.title = "Playback speed";
    SPEEDS.forEach(function (s) { var o = el("option", null, speed, s.label + " / frame"); o.value = s.days; });
    speed.value = String(engine.speed());
    L.DomEvent.on(speed, "change", function () { engine.setSpeed(parseInt(speed.value, 10)); });
    var layers = el("span", "frontline-layers", row);
    layers.setAttribute("role", "group");
    layers.setAttribute("aria-label", "Layers");
    this.switches = {};
    [["territory", "Territory"], ["fronts", "Fronts"], ["places", "Places"]].forEach(function (pair) {
      var label = el("label", "frontline-switch", layers), box = el("input", null, label);
      box.type = "checkbox"; box.checked = engine.layerVisible(pair[0]);
      label.appendChild(document.createTextNode(pair[1]));
      L.DomEvent.on(box, "change", function () { engine.setLayerVisible(pair[0], box.checked); });
      self.switches[pair[0]] = box;
    });
    this.label = el("output", "frontline-date", row);
    this.label.setAttribute("aria-hidden", "true");
    var track = el("div", "frontline-track", bar);
    var range = this.range = el("input", "frontline-range", track);
    range.type = "range"; range.min = 0; range.max = R.days - 1; range.step = 1;
    range.setAttribute("aria-label", "Date");
    var ticks = el("div", "frontline-ticks", track);
    ticks.setAttribute("aria-hidden", "true");
    var first = new Date(R.startMs), year = first.getUTCFullYear() + 1;
    for (; ; year++) {
      var day = Math.round((Date.UTC(year, 0, 1) - R.startMs) / DAY_MS);
      if (day > R.days - 1) break;
      var tick = el("span", "frontline-tick" + (year % 2 ? " frontline-odd" : ""), ticks, String(year));
      tick.style.left = (100 * day / Math.max(1, R.days - 1)) + "%";
    }
    this.live = el("div", "frontline-live", bar);
    this.live.setAttribute("aria-live", "polite");
    L.DomEvent.on(range, "input", function () {
      engine.stats.inputs++;
      var before = engine.stats.paints;
      engine.pause();
      engine.setDay(parseInt(range.value, 10));
      if (engine.stats.paints > before || engine.getDay() === parseInt(range.value, 10)) engine.stats.inputPaints++;
    });
    L.DomEvent.on(range, "change", function () { engine.settle("release"); });
    L.DomEvent.on(bar, "keydown", function (ev) { self.key(ev); });
    engine.on("settle", function (e) { self.live.textContent = "Map shows " + R.words(e.day); });
    engine.on("play", function () { self.live.textContent = ""; });
    map.getContainer().appendChild(bar);
    map.getContainer().classList.add("frontline-has-bar");
    // Leaflet's bottom corners (scale, attribution) sit just above the bar, whatever height it wraps to.
    function fitCorners() {
      var corners = map.getContainer().querySelectorAll(".leaflet-bottom");
      for (var k = 0; k < corners.length; k++) corners[k].style.bottom = bar.offsetHeight + "px";
    }
    fitCorners();
    map.on("resize", fitCorners);
    L.DomEvent.on(window, "resize", fitCorners);
  }

  DateBar.prototype.toggle = function () {
    if (this.engine.isPlaying()) this.engine.pause(); else this.engine.play();
  };

  DateBar.prototype.key = function (ev) {
    var engine = this.engine, day = engine.getDay(), target = null, R = engine._rec;
    var tag = ev.target && ev.target.tagName, type = ev.target && ev.target.type;
    if (tag === "SELECT" || type === "checkbox") return;  // their keys are their own
    switch (ev.key) {
      case "ArrowLeft": case "ArrowDown": target = day - 1; break;
      case "ArrowRight": case "ArrowUp": target = day + 1; break;
      case "PageUp": target = monthStep(R, day, 1); break;
      case "PageDown": target = monthStep(R, day, -1); break;
      case "Home": target = 0; break;
      case "End": target = R.days - 1; break;
      case " ": case "Spacebar":
        if (tag === "BUTTON") return;  // space presses the focused button (the play button plays)
        ev.preventDefault(); ev.stopPropagation(); this.toggle(); return;
      default: return;
    }
    if (ev.target !== this.range && (ev.key === "ArrowUp" || ev.key === "ArrowDown")) return;
    ev.preventDefault(); ev.stopPropagation();
    engine.pause();
    engine.setDay(target);
    engine.settleSoon("key");
  };

  function monthStep(R, day, sign) {
    var d = new Date(R.startMs + day * DAY_MS);
    var m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + sign, 1);
    var last = new Date(Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 0)).getUTCDate();
    var t = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth(), Math.min(d.getUTCDate(), last));
    return Math.round((t - R.startMs) / DAY_MS);
  }

  DateBar.prototype.update = function () {
    var engine = this.engine, R = engine._rec, day = engine.getDay(), playing = engine.isPlaying();
    if (String(this.range.value) !== String(day)) this.range.value = day;
    var words = R.words(day);
    this.range.setAttribute("aria-valuetext", words);
    this.label.textContent = words;
    if (this.playButton.getAttribute("data-playing") !== String(playing)) {
      this.playButton.replaceChild(svgIcon(playing ? "pause" : "play"), this.playButton.firstChild);
      this.playButton.setAttribute("data-playing", String(playing));
    }
    this.playButton.setAttribute("aria-label", playing ? "Pause" : "Play");
    this.playButton.title = playing ? "Pause (space)" : "Play (space)";
    this.playButton.setAttribute("aria-pressed", playing ? "true" : "false");
    if (String(this.speedSelect.value) !== String(engine.speed())) this.speedSelect.value = String(engine.speed());
    this.prev.disabled = engine.previousChange() == null;
    this.next.disabled = engine.nextChange() == null;
    this.back.disabled = day <= 0;
    this.forward.disabled = day >= R.days - 1;
    for (var name in this.switches) this.switches[name].checked = engine.layerVisible(name);
  };

  var ICONS = {
    play: "M7 4l13 8-13 8z", pause: "M6 4h4v16H6zM14 4h4v16h-4z", back: "M16 4v16L5 12z", forward: "M8 4v16l11-8z",
    first: "M5 4h3v16H5zM20 4v16L9 12z", last: "M16 4h3v16h-3zM4 4v16l11-8z"
  };

  function svgIcon(name) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "18"); svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    path.setAttribute("d", ICONS[name]); path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  DateBar.prototype.remove = function () { L.DomUtil.remove(this.node); };

  // --- styles, once per page ---------------------------------------------------------------------------------
  var CSS = [
    ".frontline-bar{position:absolute;left:0;right:0;bottom:0;z-index:1000;background:rgba(255,255,255,.94);",
    "border-top:1px solid #bbb;padding:4px 10px 14px;font:13px/1.3 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111}",
    ".frontline-row{display:flex;align-items:center;gap:4px;flex-wrap:wrap}",
    ".frontline-btn{min-width:34px;height:34px;border:1px solid #888;border-radius:6px;background:#fff;color:#111;",
    "font-size:15px;cursor:pointer;padding:0 6px}",
    ".frontline-btn:disabled{opacity:.4;cursor:default}",
    ".frontline-btn:focus-visible,.frontline-range:focus-visible,.frontline-speed:focus-visible{outline:3px solid #1b63d1;outline-offset:1px}",
    ".frontline-speed{height:34px;border:1px solid #888;border-radius:6px;background:#fff;font-size:13px}",
    ".frontline-btn svg{display:block;margin:auto}",
    ".frontline-layers{display:inline-flex;gap:8px;margin-left:8px;font-size:13px}",
    ".frontline-switch{display:inline-flex;align-items:center;gap:3px;cursor:pointer;white-space:nowrap}",
    ".frontline-date{margin-left:auto;font-weight:600;font-size:16px;white-space:nowrap}",
    ".frontline-track{position:relative;padding:0 8px;margin-top:4px}",
    ".frontline-range{display:block;width:100%;margin:0;height:24px;background:transparent;-webkit-appearance:none;appearance:none;cursor:pointer}",
    ".frontline-range::-webkit-slider-runnable-track{height:6px;background:#c9c9c9;border-radius:3px}",
    ".frontline-range::-webkit-slider-thumb{-webkit-appearance:none;width:16px;height:22px;margin-top:-8px;border-radius:4px;background:#7a0019;border:2px solid #fff;box-shadow:0 0 0 1px #7a0019}",
    ".frontline-range::-moz-range-track{height:6px;background:#c9c9c9;border-radius:3px}",
    ".frontline-range::-moz-range-thumb{width:16px;height:22px;border-radius:4px;background:#7a0019;border:2px solid #fff}",
    ".frontline-ticks{position:absolute;left:16px;right:16px;top:22px;height:12px}",
    ".frontline-tick{position:absolute;transform:translateX(-50%);font-size:10px;color:#444;border-left:1px solid #888;padding-left:2px;line-height:10px}",
    ".frontline-live{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    ".frontline-has-bar .leaflet-bottom{bottom:92px}",
    ".frontline-popup-body{font:13px/1.35 system-ui,sans-serif}",
    ".frontline-popup-body b{font-size:14px}",
    ".frontline-aliases{font-style:italic;color:#444}",
    ".frontline-pending{font-style:italic;color:#5a3d00;margin-top:2px}",
    ".frontline-swatch{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:5px;border:1px solid #222;vertical-align:-1px}",
    ".frontline-event{margin-top:4px;font-size:12px}",
    ".frontline-sources{margin:3px 0 0;padding-left:16px;font-size:12px}",
    ".frontline-shown{margin-top:4px;font-size:11px;color:#555}",
    "@media (max-width:600px){.frontline-btn,.frontline-speed{min-width:44px;height:44px}",
    ".frontline-range{height:44px}.frontline-range::-webkit-slider-thumb{width:28px;height:36px;margin-top:-15px}",
    ".frontline-track{padding:0 14px}.frontline-ticks{left:28px;right:28px;top:38px}.frontline-odd{display:none}",
    ".frontline-switch{min-height:44px}.frontline-switch input{width:22px;height:22px}.frontline-layers{margin-left:0}",
    ".frontline-date{font-size:14px;margin-left:0;order:2;flex:1}.frontline-layers{order:3;gap:6px}.frontline-row{row-gap:2px}.frontline-has-bar .leaflet-bottom{bottom:130px}",
    // the credits in one line beside the scale bar; a tap (hover) unfolds them
    ".frontline-has-bar .leaflet-control-attribution{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:calc(100vw - 150px)}",
    ".frontline-has-bar .leaflet-control-attribution:hover,.frontline-has-bar .leaflet-control-attribution:focus-within{white-space:normal;max-width:calc(100vw - 40px)}}"
  ].join("\n");

  /* A style sheet added to the page once, under its id (the engine's, and its companions'). */
  function addStyle(id, css) {
    if (document.getElementById(id)) return;
    var style = document.createElement("style");
    style.id = id;
    style.textContent = css;
    document.head.appendChild(style);
  }

  L.FrontlineEngine = Engine;
  L.frontline = function (pack, options) { addStyle("frontline-engine-style", CSS); return new Engine(pack, options); };
  L.frontline.decodeArray = decodeArray;
  L.frontline.element = el;  // for companions such as the area chart (frontline-chart.js)
  L.frontline.addStyle = addStyle;
})(window.L);
