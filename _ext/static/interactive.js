// Interactive figures of the book, linked from every page by _ext/book_site.py.
//
// A chapter that has one outputs <div class="af-interactive" data-kind="..."> holding its
// numbers as <script type="application/json"> (activations.plots.interactive_html). This
// script reads them, builds labelled controls and draws the figure as SVG. It computes
// nothing: every number it draws was computed and rounded by the chapter, and it only
// picks which ones to show and where on the screen they go. When the figure is drawn it
// takes the place of the image of the static figure named by data-figure, keeping that
// figure's number and caption; without this script (Jupyter, the PDF, no JavaScript) the
// static figure stays. Colours come from the data or from the page's theme (currentColor
// and the theme's CSS variables, in _ext/static/book.css), so both themes read well.
(() => {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";

  function svg(name, attributes, parent) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (parent) parent.append(node);
    return node;
  }

  function tag(name, attributes, parent, text) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.append(node);
    return node;
  }

  // --- Scales and ticks ---

  function linearScale(domain, range) {
    const [d0, d1] = domain;
    const [r0, r1] = range;
    return (v) => r0 + ((v - d0) * (r1 - r0)) / (d1 - d0);
  }

  function logScale(domain, range) {
    const toLinear = linearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
    return (v) => toLinear(Math.log10(v));
  }

  // Round values for ticks: 1, 2 or 5 times a power of ten, about `count` of them.
  function linearTicks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      ticks.push(Number(v.toPrecision(12)));
    }
    return ticks;
  }

  function formatNumber(v) {
    const text = String(Number(v.toPrecision(6)));
    return v < 0 ? "\u2212" + text.slice(1) : text;
  }

  // The decades that hold every value, and the ones to label (at most about 7).
  function logDomain(values) {
    const positive = values.filter((v) => v !== null && v > 0);
    let lo = Math.floor(Math.log10(Math.min(...positive)));
    let hi = Math.ceil(Math.log10(Math.max(...positive)));
    if (hi === lo) hi += 1;
    const every = Math.ceil((hi - lo) / 7);
    lo = Math.floor(lo / every) * every;
    hi = Math.ceil(hi / every) * every;
    const ticks = [];
    for (let e = lo; e <= hi; e += every) ticks.push(e);
    return { domain: [10 ** lo, 10 ** hi], ticks };
  }

  // --- Drawing ---

  function pathData(points) {
    // points: [x, y] in screen units, null for a gap.
    let d = "";
    let pen = "M";
    for (const point of points) {
      if (point === null) {
        pen = "M";
        continue;
      }
      d += `${pen}${point[0].toFixed(1)} ${point[1].toFixed(1)}`;
      pen = "L";
    }
    return d;
  }

  function curvePoints(xs, ys, sx, sy) {
    return xs.map((x, i) => (ys[i] === null || x === null ? null : [sx(x), sy(ys[i])]));
  }

  function dotsData(points, radius) {
    const r = radius.toFixed(1);
    const d = 2 * radius;
    return points
      .filter((p) => p !== null)
      .map(([x, y]) => `M${(x - radius).toFixed(1)} ${y.toFixed(1)}a${r} ${r} 0 1 0 ${d} 0a${r} ${r} 0 1 0 -${d} 0`)
      .join("");
  }

  function rectData(x, y, width, height) {
    return `M${x.toFixed(1)} ${y.toFixed(1)}h${width.toFixed(1)}v${height.toFixed(1)}h${(-width).toFixed(1)}Z`;
  }

  // A chart's frame: grid, axes, tick labels and axis titles. `box` is the plot area.
  function frame(parent, box, xs, ys, labels) {
    const g = svg("g", { class: "af-frame" }, parent);
    for (const tick of ys.ticks) {
      const y = ys.scale(ys.value ? ys.value(tick) : tick);
      svg("path", { class: "af-grid", d: `M${box.left} ${y.toFixed(1)}H${box.right}` }, g);
      const label = svg("text", { class: "af-tick", x: box.left - 6, y: y + 4, "text-anchor": "end" }, g);
      ys.label(label, tick);
    }
    for (const tick of xs.ticks) {
      const x = xs.scale(tick);
      svg("path", { class: "af-grid", d: `M${x.toFixed(1)} ${box.top}V${box.bottom}` }, g);
      const label = svg("text", { class: "af-tick", x, y: box.bottom + 16, "text-anchor": "middle" }, g);
      xs.label(label, tick);
    }
    svg("path", { class: "af-axis", d: `M${box.left} ${box.top}V${box.bottom}H${box.right}` }, g);
    if (labels.x) {
      svg("text", { class: "af-label", x: (box.left + box.right) / 2, y: box.bottom + 36, "text-anchor": "middle" }, g).textContent = labels.x;
    }
    if (labels.y) {
      const y = (box.top + box.bottom) / 2;
      const x = box.left - 50;
      svg("text", { class: "af-label", x, y, "text-anchor": "middle", transform: `rotate(-90 ${x} ${y})` }, g).textContent = labels.y;
    }
    if (labels.title) {
      svg("text", { class: "af-title", x: (box.left + box.right) / 2, y: box.top - 8, "text-anchor": "middle" }, g).textContent = labels.title;
    }
    return g;
  }

  function plainLabel(text, tick) {
    text.textContent = formatNumber(tick);
  }

  function powerLabel(text, exponent) {
    text.textContent = "10";
    svg("tspan", { dy: "-0.5em", "font-size": "0.75em" }, text).textContent = formatNumber(exponent);
  }

  function clipTo(svgRoot, id, box) {
    const defs = svg("defs", {}, svgRoot);
    const clip = svg("clipPath", { id }, defs);
    svg("rect", { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top }, clip);
    return `url(#${id})`;
  }

  function stroke(color) {
    return `stroke: ${color}`;
  }

  // --- Controls: native inputs, each with its <label>, so the keyboard works ---

  function control(parent, className) {
    return tag("div", { class: `af-control ${className}` }, parent);
  }

  function swatch(label, color, dashed) {
    const mark = tag("span", { class: "af-swatch", "aria-hidden": "true" }, label);
    mark.style.borderTopColor = color;
    if (dashed) mark.style.borderTopStyle = "dashed";
    return mark;
  }

  function checkbox(parent, id, text, checked, onChange, color) {
    const box = control(parent, "af-checkbox");
    const input = tag("input", { type: "checkbox", id }, box);
    input.checked = checked;
    const label = tag("label", { for: id }, box);
    if (color) swatch(label, color, false);
    label.append(text);
    input.addEventListener("change", () => onChange(input.checked));
    return input;
  }

  function slider(parent, id, text, values, index, onChange) {
    const box = control(parent, "af-range");
    tag("label", { for: id }, box, text);
    const input = tag("input", { type: "range", id, min: 0, max: values.length - 1, step: 1 }, box);
    input.value = String(index);
    const output = tag("output", { for: id }, box, formatNumber(values[index]));
    input.setAttribute("aria-valuetext", output.textContent);
    input.addEventListener("input", () => {
      const i = Number(input.value);
      output.textContent = formatNumber(values[i]);
      input.setAttribute("aria-valuetext", output.textContent);
      onChange(i);
    });
    return input;
  }

  // `more`, if given, ends the label for screen readers only ("... of the sigmoid network").
  function dropdown(parent, id, text, options, value, onChange, more) {
    const box = control(parent, "af-select");
    const label = tag("label", { for: id }, box, text);
    if (more) tag("span", { class: "af-sr-only" }, label, more);
    const input = tag("select", { id }, box);
    for (const [optionValue, optionText] of options) {
      tag("option", { value: optionValue }, input, optionText);
    }
    input.value = value;
    input.addEventListener("change", () => onChange(input.value));
    return input;
  }

  // --- The figures. Each gets (data, svg, controls, id) and draws into svg. ---

  // Chapter 1: chosen activation functions (solid) and their derivatives (dashed), with
  // a slider for each parameter. Data: x, ylim, functions [{name, label, color, f, df}
  // or, with a parameter, {..., param_label, values, default, f: [...], df: [...]}].
  function activationExplorer(data, root, controls, id) {
    const box = { left: 62, right: 620, top: 16, bottom: 300 };
    const sx = linearScale([data.x[0], data.x[data.x.length - 1]], [box.left, box.right]);
    const sy = linearScale(data.ylim, [box.bottom, box.top]);
    frame(
      root,
      box,
      { scale: sx, ticks: linearTicks(data.x[0], data.x[data.x.length - 1], 8), label: plainLabel },
      { scale: sy, ticks: linearTicks(data.ylim[0], data.ylim[1], 6), label: plainLabel },
      { x: data.xlabel, y: data.ylabel },
    );
    const clip = clipTo(root, `${id}-clip`, box);
    const curves = svg("g", { "clip-path": clip }, root);
    svg("path", { class: "af-zero", d: `M${box.left} ${sy(0).toFixed(1)}H${box.right}` }, curves);
    const state = { shown: new Set(data.shown), derivative: true, index: {} };
    const draw = () => {
      for (const old of curves.querySelectorAll(".af-curve")) old.remove();
      for (const fn of data.functions) {
        if (!state.shown.has(fn.name)) continue;
        const pick = (arrays) => (fn.values ? arrays[state.index[fn.name]] : arrays);
        const series = state.derivative ? [pick(fn.f), pick(fn.df)] : [pick(fn.f)];
        series.forEach((ys, k) => {
          svg("path", { class: "af-curve" + (k ? " af-dashed" : ""), style: stroke(fn.color), "data-name": fn.name, d: pathData(curvePoints(data.x, ys, sx, sy)) }, curves);
        });
      }
    };
    const choose = tag("fieldset", { class: "af-group" }, controls);
    tag("legend", {}, choose, "Functions");
    for (const fn of data.functions) {
      checkbox(choose, `${id}-show-${fn.name}`, fn.label, state.shown.has(fn.name), (on) => {
        if (on) state.shown.add(fn.name);
        else state.shown.delete(fn.name);
        draw();
      }, fn.color);
    }
    const knobs = tag("fieldset", { class: "af-group" }, controls);
    tag("legend", {}, knobs, "Parameters");
    for (const fn of data.functions.filter((f) => f.values)) {
      state.index[fn.name] = fn.default;
      slider(knobs, `${id}-param-${fn.name}`, fn.param_label, fn.values, fn.default, (i) => {
        state.index[fn.name] = i;
        draw();
      });
    }
    checkbox(knobs, `${id}-derivative`, data.derivative_label, true, (on) => {
      state.derivative = on;
      draw();
    });
    draw();
  }

  // Chapter 5: the norm of each layer's weight gradient against the layer, on a log axis,
  // for each activation with the initialization chosen for it, at a chosen depth. Data:
  // depths, depth (index), inits [[key, label]], activations [{name, label, color, init}],
  // norms[name][init][depth index] (one value per layer), reference {label, follows,
  // values[init][depth index]}, xlabel, ylabel.
  function gradientFlow(data, root, controls, id) {
    const box = { left: 70, right: 620, top: 16, bottom: 290 };
    const state = { depth: data.depth, shown: {}, init: {}, reference: true };
    for (const a of data.activations) {
      state.shown[a.name] = true;
      state.init[a.name] = a.init;
    }
    const plot = svg("g", {}, root);
    const draw = () => {
      plot.replaceChildren();
      const series = data.activations
        .filter((a) => state.shown[a.name])
        .map((a) => ({ color: a.color, values: data.norms[a.name][state.init[a.name]][state.depth], className: "af-curve", name: a.name }));
      if (state.reference && state.shown[data.reference.follows]) {
        const values = data.reference.values[state.init[data.reference.follows]][state.depth];
        series.push({ color: "currentColor", values, className: "af-curve af-reference", name: "reference" });
      }
      const layers = data.depths[state.depth] + 1;
      const sx = linearScale([0.5, layers + 0.5], [box.left, box.right]);
      const xTicks = linearTicks(1, layers, Math.min(layers, 10)).filter((t) => Number.isInteger(t));
      const all = series.flatMap((s) => s.values);
      const { domain, ticks } = logDomain(all.length ? all : [1e-3, 1]);
      const sy = logScale(domain, [box.bottom, box.top]);
      frame(plot, box, { scale: sx, ticks: xTicks, label: plainLabel }, { scale: sy, ticks, value: (e) => 10 ** e, label: powerLabel }, { x: data.xlabel, y: data.ylabel });
      const xs = Array.from({ length: layers }, (_, i) => i + 1);
      for (const s of series) {
        const points = curvePoints(xs, s.values, sx, sy);
        svg("path", { class: s.className, style: stroke(s.color), "data-name": s.name, d: pathData(points) }, plot);
        if (s.name !== "reference") {
          svg("path", { class: "af-dots", style: `fill: ${s.color}`, d: dotsData(points, 3) }, plot);
        }
      }
    };
    const inits = data.inits;
    const rows = tag("fieldset", { class: "af-group" }, controls);
    tag("legend", {}, rows, "Activation and initialization");
    for (const a of data.activations) {
      const row = tag("div", { class: "af-row" }, rows);
      checkbox(row, `${id}-show-${a.name}`, a.label, true, (on) => {
        state.shown[a.name] = on;
        draw();
      }, a.color);
      const more = ` of the ${a.label} network`;
      dropdown(row, `${id}-init-${a.name}`, "initialization", inits, a.init, (value) => {
        state.init[a.name] = value;
        draw();
      }, more);
    }
    const more = tag("fieldset", { class: "af-group" }, controls);
    tag("legend", {}, more, "Network");
    slider(more, `${id}-depth`, "hidden layers", data.depths, data.depth, (i) => {
      state.depth = i;
      draw();
    });
    checkbox(more, `${id}-reference`, data.reference.label, true, (on) => {
      state.reference = on;
      draw();
    }, "currentColor");
    draw();
  }

  // Chapter 8: units with z <= 0 on every training image (or test accuracy) in three
  // settings of starting bias and learning rate, plain ReLU beside leaky ReLU with a
  // chosen slope. Data: settings (labels), slopes (slopes[0] = 0 is ReLU), slope (index),
  // colors {relu, leaky}, measures [{key, label, max, bars: [{label, faded, mean[slope]
  // [setting], seeds[slope][setting][seed]}]}].
  function deadUnits(data, root, controls, id) {
    const panels = [
      { left: 62, right: 326, top: 26, bottom: 236 },
      { left: 366, right: 630, top: 26, bottom: 236 },
    ];
    const state = { slope: data.slope, measure: data.measures[0].key, seeds: true };
    const plot = svg("g", {}, root);
    const draw = () => {
      plot.replaceChildren();
      const measure = data.measures.find((m) => m.key === state.measure);
      const sy = linearScale([0, measure.max], [panels[0].bottom, panels[0].top]);
      const slopes = [0, state.slope];
      panels.forEach((box, p) => {
        const slope = slopes[p];
        const color = p === 0 ? data.colors.relu : data.colors.leaky;
        const title = p === 0 ? data.relu_title : `${data.leaky_title} ${formatNumber(data.slopes[slope])}`;
        const group = (box.right - box.left) / data.settings.length;
        const sx = (i) => box.left + group * (i + 0.5);
        frame(
          plot,
          box,
          { scale: sx, ticks: [], label: plainLabel },
          { scale: sy, ticks: linearTicks(0, measure.max, 4), label: plainLabel },
          { y: p === 0 ? measure.label : "", title },
        );
        data.settings.forEach((setting, i) => {
          setting.split("\n").forEach((line, k) => {
            svg("text", { class: "af-tick", x: sx(i), y: box.bottom + 16 + 14 * k, "text-anchor": "middle" }, plot).textContent = line;
          });
        });
        const width = (group * 0.7) / measure.bars.length;
        measure.bars.forEach((bar, b) => {
          const offset = (b - (measure.bars.length - 1) / 2) * width;
          const bars = data.settings.map((_, i) => {
            const top = sy(bar.mean[slope][i]);
            return rectData(sx(i) + offset - width / 2 + 1, top, width - 2, box.bottom - top);
          });
          svg("path", { class: "af-bar" + (bar.faded ? " af-faded" : ""), style: `fill: ${color}; stroke: ${color}`, d: bars.join("") }, plot);
          if (state.seeds) {
            const points = data.settings.flatMap((_, i) =>
              bar.seeds[slope][i].map((v, k, all) => [sx(i) + offset + (k - (all.length - 1) / 2) * 5, sy(v)]),
            );
            svg("path", { class: "af-dots af-seed", d: dotsData(points, 2.2) }, plot);
          }
        });
      });
      // Legend of the bars, under the panels.
      const legend = svg("g", { class: "af-legend" }, plot);
      let x = panels[0].left;
      measure.bars.forEach((bar) => {
        svg("path", { class: "af-bar" + (bar.faded ? " af-faded" : ""), style: "fill: currentColor; stroke: currentColor", d: rectData(x, 282, 14, 10) }, legend);
        const text = svg("text", { class: "af-tick", x: x + 20, y: 291 }, legend);
        text.textContent = bar.label;
        x += 34 + 6.5 * bar.label.length;
      });
      if (state.seeds) {
        svg("path", { class: "af-dots af-seed", d: dotsData([[x + 4, 287]], 2.2) }, legend);
        svg("text", { class: "af-tick", x: x + 12, y: 291 }, legend).textContent = data.seed_label;
      }
    };
    const group = tag("fieldset", { class: "af-group" }, controls);
    tag("legend", {}, group, "Show");
    dropdown(group, `${id}-measure`, "measure", data.measures.map((m) => [m.key, m.label]), state.measure, (value) => {
      state.measure = value;
      draw();
    });
    slider(group, `${id}-slope`, data.slope_label, data.slopes.slice(1), state.slope - 1, (i) => {
      state.slope = i + 1;
      draw();
    });
    checkbox(group, `${id}-seeds`, data.seed_label, true, (on) => {
      state.seeds = on;
      draw();
    });
    draw();
  }

  const FIGURES = {
    "activation-explorer": [activationExplorer, 640, 345],
    "gradient-flow": [gradientFlow, 640, 335],
    "dead-units": [deadUnits, 640, 300],
  };

  function setUp(holder) {
    const figure = FIGURES[holder.dataset.kind];
    const source = holder.querySelector('script[type="application/json"]');
    if (!figure || !source) return;
    const [drawFigure, width, height] = figure;
    const id = `af-${holder.dataset.figure}`;
    const block = tag("div", { class: "af-figure" });
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": holder.dataset.title }, block);
    const controls = tag("div", { class: "af-controls" }, block);
    drawFigure(JSON.parse(source.textContent), root, controls, id);
    for (const fallback of holder.querySelectorAll(".af-fallback")) fallback.remove();
    holder.append(block);
    // In place of the static figure's image, under its caption's number.
    const staticFigure = document.getElementById(holder.dataset.figure);
    if (staticFigure && staticFigure.tagName === "FIGURE") {
      staticFigure.insertBefore(holder, staticFigure.querySelector("figcaption"));
      staticFigure.classList.add("af-replaced");
    }
    holder.classList.add("af-ready");
  }

  function setUpAll() {
    document.querySelectorAll("div.af-interactive:not(.af-ready)").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
