/*
 * Frontline area chart: a Leaflet control that charts the land each actor held over the whole record and
 * follows a Frontline time engine (L.frontline). The shown date is a rule that moves with every painted day
 * (while the date bar is dragged and while the war plays), the comparison date a dashed rule; a click or a
 * drag on the chart sets the engine's date, released as a "settle" like the date bar's.
 *
 *   L.frontlineChart(engine, data, {open: true}).addTo(map)
 *   data (frontline/areas.py chart_series): {start: "2011-03-15", days: [0, 31, ...] (epoch day numbers),
 *     countries: [{code: "SY", name: "Syria", km2: 187000}, ...],
 *     actors: [{id, name, color, km2: {SY: [km² per epoch], IQ: [...]}}]}
 *
 * It needs frontline-engine.js loaded first (it borrows the engine's element and style helpers).
 *
 * Three views: both countries in km², or one country as a share of its whole land (not of the land assigned
 * to places). The legend carries each actor's figure on the shown day, or on the day under the pointer.
 * Like the engine, it knows nothing of its host, and inserts every text as text.
 */
(function (L) {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg", DAY_MS = 86400000;
  var W = 330, H = 132, LEFT = 40, RIGHT = 8, TOP = 8, BOTTOM = 18;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  var el = L.frontline.element;  // the engine's: text is inserted as text

  function svg(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  /* The index of the last epoch on or before `day` (epochs are sorted; the first is day 0). */
  function epochAt(days, day) {
    var lo = 0, hi = days.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (days[mid] <= day) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function niceStep(top) {
    var steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 25000, 50000, 100000,
      200000, 500000];
    for (var i = 0; i < steps.length; i++) if (top / steps[i] <= 4) return steps[i];
    return top / 4;
  }

  var AreaChart = L.Control.extend({
    options: {position: "topright", open: false},

    initialize: function (engine, data, options) {
      L.setOptions(this, options);
      this.engine = engine;
      this.data = data;
      this.view = "both";
      this.hoverDay = null;
      this.startMs = Date.parse(engine.dateOf(0) + "T00:00:00Z");
      this.span = Math.max(1, engine.days() - 1);
    },

    onAdd: function (map) {
      var self = this, box = this.box = el("div", "frontline-chart leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var head = el("div", "frontline-chart-head", box);
      var toggle = this.toggleButton = el("button", "frontline-chart-toggle", head, "Area held");
      toggle.type = "button";
      var views = this.viewsNode = el("span", "frontline-chart-views", head);
      views.setAttribute("role", "group");
      views.setAttribute("aria-label", "Chart figures");
      this.viewButtons = {};
      [["both", "km²"]].concat(this.data.countries.map(function (c) { return [c.code, "% " + c.name]; }))
        .forEach(function (pair) {
          var b = el("button", "frontline-chart-view", views, pair[1]);
          b.type = "button";
          b.title = pair[0] === "both" ? "Both countries, in km²" : "Share of " + pair[1].slice(2) + "'s whole land";
          L.DomEvent.on(b, "click", function (ev) { L.DomEvent.stop(ev); self.setView(pair[0]); });
          self.viewButtons[pair[0]] = b;
        });
      var body = this.body = el("div", "frontline-chart-body", box);
      this.svgNode = svg("svg", {viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
        "class": "frontline-chart-svg"}, body);
      this.title = svg("title", {}, this.svgNode);
      this.grid = svg("g", {"class": "frontline-chart-grid"}, this.svgNode);
      this.lines = svg("g", {"class": "frontline-chart-lines"}, this.svgNode);
      this.compareRule = svg("line", {y1: TOP, y2: H - BOTTOM, "class": "frontline-chart-compare"}, this.svgNode);
      this.dayRule = svg("line", {y1: TOP, y2: H - BOTTOM, "class": "frontline-chart-day"}, this.svgNode);
      this.hoverRule = svg("line", {y1: TOP, y2: H - BOTTOM, "class": "frontline-chart-hover"}, this.svgNode);
      this.readout = el("div", "frontline-chart-date", body);
      this.compareNote = el("div", "frontline-chart-note", body);
      this.legend = el("ul", "frontline-chart-legend", body);
      this.legend.setAttribute("aria-live", "off");
      this.items = {};
      this.data.actors.forEach(function (a) {
        var li = el("li", null, self.legend), sw = el("i", null, li);
        sw.style.background = a.color;
        el("span", "frontline-chart-name", li, a.name).title = a.name;
        self.items[a.id] = {li: li, value: el("b", null, li)};
      });
      el("div", "frontline-chart-note", body, "Derived from the places. Click or drag on the chart to set the date.");

      L.DomEvent.on(toggle, "click", function (ev) { L.DomEvent.stop(ev); self.setOpen(!self.isOpen); });
      this._pointer(this.svgNode);
      this._onDay = function () { self._rules(); if (self.hoverDay == null) self._figures(); };
      this._onMode = function () { self._rules(); };
      this.engine.on("day", this._onDay);
      this.engine.on("mode", this._onMode);
      var open = this.options.open;
      this.setOpen(!!open);  // closed unless asked: open, it covers a corner of the map
      this.setView("both");
      return box;
    },

    onRemove: function () {
      this.engine.off("day", this._onDay);
      this.engine.off("mode", this._onMode);
    },

    isOpen: false,

    setOpen: function (open) {
      this.isOpen = open;
      this.body.style.display = open ? "" : "none";
      this.viewsNode.style.display = open ? "" : "none";
      this.toggleButton.setAttribute("aria-expanded", open ? "true" : "false");
      this.toggleButton.title = open ? "Hide the chart of the area held" : "Show the chart of the area held";
      return this;
    },

    setView: function (view) {
      if (view !== "both" && !this._country(view)) view = "both";
      this.view = view;
      for (var k in this.viewButtons) this.viewButtons[k].setAttribute("aria-pressed", k === view ? "true" : "false");
      this._draw();
      this._rules();
      this._figures();
      return this;
    },

    /* The chart's x of a day number, and the day number of an x in the SVG's own units. */
    x: function (day) { return LEFT + (W - LEFT - RIGHT) * day / this.span; },
    dayOfX: function (x) {
      return Math.max(0, Math.min(this.span, Math.round((x - LEFT) / (W - LEFT - RIGHT) * this.span)));
    },

    _words: function (day) {
      var date = new Date(this.startMs + day * DAY_MS);
      return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
    },

    _country: function (code) {
      for (var i = 0; i < this.data.countries.length; i++) if (this.data.countries[i].code === code) return this.data.countries[i];
      return null;
    },

    /* The figure of one actor at one epoch in the current view: km² of both countries, or a share (0–100). */
    value: function (actor, epoch) {
      if (this.view === "both") {
        var sum = 0;
        for (var code in actor.km2) sum += actor.km2[code][epoch];
        return sum;
      }
      var series = actor.km2[this.view];
      return series ? 100 * series[epoch] / this._country(this.view).km2 : 0;
    },

    _draw: function () {
      var self = this, data = this.data, days = data.days, top = 0;
      while (this.grid.firstChild) this.grid.removeChild(this.grid.firstChild);
      while (this.lines.firstChild) this.lines.removeChild(this.lines.firstChild);
      data.actors.forEach(function (a) { for (var e = 0; e < days.length; e++) top = Math.max(top, self.value(a, e)); });
      var share = this.view !== "both";
      if (share) top = Math.min(100, Math.max(top, 10));
      top = top || 1;
      var step = niceStep(top), ceiling = step * Math.ceil(top / step);
      this.y = function (v) { return TOP + (H - TOP - BOTTOM) * (1 - v / ceiling); };
      for (var v = 0; v <= ceiling + 1e-9; v += step) {
        var yv = this.y(v).toFixed(1);
        svg("line", {x1: LEFT, x2: W - RIGHT, y1: yv, y2: yv}, this.grid);
        var label = share ? v + "%" : (v >= 1000 ? Math.round(v / 1000) + "k" : String(v));
        svg("text", {x: LEFT - 4, y: (+yv + 3.5).toFixed(1), "text-anchor": "end"}, this.grid).textContent = label;
      }
      var first = new Date(this.startMs).getUTCFullYear() + 1;
      for (var year = first; ; year++) {
        var day = Math.round((Date.UTC(year, 0, 1) - this.startMs) / DAY_MS);
        if (day > this.span) break;
        var xv = this.x(day).toFixed(1);
        svg("line", {x1: xv, x2: xv, y1: H - BOTTOM, y2: H - BOTTOM + 3}, this.grid);
        if (year % 2 === 0) {
          svg("text", {x: xv, y: H - 5, "text-anchor": "middle"}, this.grid).textContent = "'" + String(year).slice(2);
        }
      }
      data.actors.forEach(function (a) {
        var d = "", last = null, any = false;
        for (var e = 0; e < days.length; e++) {
          var val = self.value(a, e);
          if (val > 0) any = true;
          if (val === last) continue;
          var xs = self.x(days[e]).toFixed(1), ys = self.y(val).toFixed(1);
          d += last === null ? "M" + xs + " " + ys : "H" + xs + "V" + ys;
          last = val;
        }
        self.items[a.id].li.style.display = any ? "" : "none";
        if (!any) return;
        d += "H" + self.x(self.span).toFixed(1);
        var path = svg("path", {d: d, stroke: a.color, "class": "frontline-chart-line"}, self.lines);
        svg("title", {}, path).textContent = a.name;
      });
      this.title.textContent = share
        ? "Share of " + this._country(this.view).name + "'s land held by each actor, " + data.start + " onwards"
        : "Area held by each actor in Syria and Iraq, in km², " + data.start + " onwards";
    },

    _rules: function () {
      var day = this.engine.getDay(), xv = this.x(day).toFixed(3);  // 3 decimals: ~0.06 px a day
      this.dayRule.setAttribute("x1", xv);
      this.dayRule.setAttribute("x2", xv);
      var compare = this.engine.compareDate();
      this.compareNote.textContent = compare == null ? "" : "Dashed rule: " + this._words(this.engine.dayOf(compare)) +
        ", the date compared with.";
      if (compare == null) {
        this.compareRule.style.display = "none";
      } else {
        var cx = this.x(this.engine.dayOf(compare)).toFixed(3);
        this.compareRule.setAttribute("x1", cx);
        this.compareRule.setAttribute("x2", cx);
        this.compareRule.style.display = "";
      }
    },

    /* The legend's figures on the day under the pointer, or on the shown day. */
    _figures: function () {
      var self = this, day = this.hoverDay == null ? this.engine.getDay() : this.hoverDay;
      var epoch = epochAt(this.data.days, day), share = this.view !== "both";
      this.readout.textContent = (this.hoverDay == null ? "Shown: " : "Pointer: ") + this._words(day);
      this.data.actors.forEach(function (a) {
        var v = self.value(a, epoch);
        self.items[a.id].value.textContent = v <= 0 ? "–" : share ? (v < 1 ? "<1" : Math.round(v)) + "%"
          : Math.round(v).toLocaleString("en-GB") + " km²";
      });
    },

    _pointer: function (node) {
      var self = this, dragging = false;
      function dayOf(ev) {
        var box = node.getBoundingClientRect();
        return self.dayOfX((ev.clientX - box.left) * W / Math.max(1, box.width));
      }
      function hover(day) {
        self.hoverDay = day;
        if (day == null) {
          self.hoverRule.style.display = "none";
        } else {
          var xv = self.x(day).toFixed(1);
          self.hoverRule.setAttribute("x1", xv);
          self.hoverRule.setAttribute("x2", xv);
          self.hoverRule.style.display = "";
        }
        self._figures();
      }
      L.DomEvent.on(node, "pointerdown", function (ev) {
        if (ev.button !== 0) return;
        L.DomEvent.preventDefault(ev);
        dragging = true;
        if (node.setPointerCapture) node.setPointerCapture(ev.pointerId);
        hover(null);
        self.engine.pause();
        self.engine.setDay(dayOf(ev));
      });
      L.DomEvent.on(node, "pointermove", function (ev) {
        if (dragging) self.engine.setDay(dayOf(ev)); else hover(dayOf(ev));
      });
      function release() {
        if (!dragging) return;
        dragging = false;
        self.engine.settle("chart");
      }
      L.DomEvent.on(node, "pointerup", release);
      L.DomEvent.on(node, "pointercancel", release);
      L.DomEvent.on(node, "pointerleave", function () { if (!dragging) hover(null); });
    }
  });

  var CSS = [
    ".frontline-chart{background:rgba(255,255,255,.95);padding:4px 6px;font:12px/1.3 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;max-width:calc(100vw - 70px)}",
    ".frontline-chart-body{width:" + W + "px;max-width:100%}",
    ".frontline-chart-head{display:flex;align-items:center;gap:6px}",
    ".frontline-chart button{border:1px solid #888;border-radius:5px;background:#fff;color:#111;cursor:pointer;font:inherit;padding:2px 7px;min-height:26px}",
    ".frontline-chart-toggle{font-weight:600}",
    ".frontline-chart-toggle[aria-expanded=true]::after{content:' ▴'}.frontline-chart-toggle[aria-expanded=false]::after{content:' ▾'}",
    ".frontline-chart-views{display:inline-flex;gap:3px;margin-left:auto}",
    ".frontline-chart-view[aria-pressed=true]{background:#222;color:#fff;border-color:#222}",
    ".frontline-chart button:focus-visible{outline:3px solid #1b63d1;outline-offset:1px}",
    ".frontline-chart-svg{display:block;max-width:100%;height:auto;cursor:crosshair;touch-action:none;margin-top:3px}",
    ".frontline-chart-svg text{font:10px system-ui,sans-serif;fill:#444}",
    ".frontline-chart-grid line{stroke:#ddd;stroke-width:1}",
    ".frontline-chart-line{fill:none;stroke-width:1.8}",
    ".frontline-chart-day{stroke:#7a0019;stroke-width:2}",
    ".frontline-chart-compare{stroke:#7a0019;stroke-width:1.5;stroke-dasharray:4 3}",
    ".frontline-chart-hover{stroke:#555;stroke-width:1;display:none}",
    ".frontline-chart-date{font-weight:600;margin-top:2px}",
    ".frontline-chart-legend{list-style:none;margin:2px 0 0;padding:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);column-gap:10px}",
    ".frontline-chart-legend li{display:flex;align-items:center;gap:4px;white-space:nowrap;overflow:hidden}",
    ".frontline-chart-legend i{flex:none;width:12px;height:3px;border-radius:1px}",
    ".frontline-chart-name{overflow:hidden;text-overflow:ellipsis}",
    ".frontline-chart-legend b{margin-left:auto;font-weight:600}",
    ".frontline-chart-note{color:#555;font-size:11px;margin-top:2px}",
    "@media (max-width:600px){.frontline-chart button{min-height:40px}.frontline-chart-legend{grid-template-columns:1fr}}"
  ].join("\n");

  L.FrontlineChart = AreaChart;
  L.frontlineChart = function (engine, data, options) {
    L.frontline.addStyle("frontline-chart-style", CSS);
    return new AreaChart(engine, data, options);
  };
})(window.L);
