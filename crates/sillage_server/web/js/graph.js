// The account's neighbourhood: a force-directed SVG graph (own code). Engagers are drawn to the
// left, the accounts it engages to the right; arrows point from who engages to who is engaged,
// thicker for more weight. Nodes can be dragged; a click opens the account.

import { h, s, add, clear, int, score } from './dom.js';
import { t } from './i18n.js';

const ROLES = ['center', 'engager', 'engaged', 'both'];

function radius(n) {
  const base = 6 + 13 * Math.sqrt(Math.max(0, Math.min(100, n.score || 0)) / 100);
  return n.role === 'center' ? base + 5 : base;
}

/** Lays out and draws `g` ({nodes, edges, ...}) in `box`; returns a dispose function. */
export function neighbourhoodGraph(box, g, opts) {
  const open = (opts && opts.open) || (() => {});
  if (!g.nodes || g.nodes.length <= 1 || !g.edges || g.edges.length === 0) {
    box.append(h('p', { class: 'empty' }, t('graph.empty')));
    return () => {};
  }
  const engagers = g.nodes.filter((n) => n.role === 'engager' || n.role === 'both').length;
  const engaged = g.nodes.filter((n) => n.role === 'engaged' || n.role === 'both').length;

  const stage = h('div', { class: 'graph-stage' });
  const tip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  stage.append(tip);
  box.append(
    stage,
    h('div', { class: 'graph-legend' },
      ROLES.map((r) => h('span', { class: 'legend-item' }, h('span', { class: `legend-dot role-${r}` }), t(`graph.role.${r}`))),
      h('span', { class: 'legend-item legend-hint' }, t('graph.hint'))),
    h('p', { class: 'graph-counts' }, t('graph.counts', {
      engagers: int(engagers), engagers_total: int(g.engagers_total), engaged: int(engaged), engaged_total: int(g.engaged_total),
    })));

  let raf = 0;
  let built = 0;
  let disposeSim = () => {};

  const build = () => {
    const W = Math.max(300, Math.floor(stage.clientWidth || 640));
    if (Math.abs(W - built) < 30) return;
    built = W;
    disposeSim();
    disposeSim = draw(stage, tip, g, W, open);
  };
  build();
  const ro = new ResizeObserver(() => {
    cancelAnimationFrame(raf);
    raf = requestAnimationFrame(build);
  });
  ro.observe(stage);
  return () => {
    cancelAnimationFrame(raf);
    ro.disconnect();
    disposeSim();
  };
}

/** The force simulation, separate from the drawing: repulsion, springs, role columns. */
export class Simulation {
  constructor(g, W, H) {
    this.W = W;
    this.H = H;
    const narrow = W < 560;
    const cx = W / 2;
    const cy = H / 2;
    this.cx = cx;
    this.cy = cy;
    const scale = narrow ? 0.72 : 1;
    const nodes = g.nodes.map((n, i) => ({ ...n, i, r: radius(n) * scale, x: cx, y: cy, vx: 0, vy: 0, fx: null, fy: null }));
    const edges = g.edges.filter((e) => nodes[e.source] && nodes[e.target] && e.source !== e.target)
      .map((e) => ({ ...e, s: nodes[e.source], t: nodes[e.target] }));
    this.nodes = nodes;
    this.edges = edges;
    this.center = nodes.find((n) => n.role === 'center') || null;
    // Deterministic start: engagers on a left arc, engaged on a right arc, both above and below.
    const groups = { engager: [], engaged: [], both: [] };
    for (const n of nodes) {
      if (n.role === 'center') {
        n.fx = cx;
        n.fy = cy;
        n.x = cx;
        n.y = cy;
      } else (groups[n.role] || groups.both).push(n);
    }
    const arc = (list, from, to, rx, ry) => list.forEach((n, k) => {
      const a = from + ((to - from) * (k + 0.5)) / Math.max(1, list.length);
      n.x = cx + Math.cos(a) * rx;
      n.y = cy + Math.sin(a) * ry;
    });
    const rx = W * 0.36;
    const ry = H * 0.38;
    arc(groups.engager, Math.PI * 0.6, Math.PI * 1.4, rx, ry);
    arc(groups.engaged, -Math.PI * 0.4, Math.PI * 0.4, rx, ry);
    arc(groups.both, -Math.PI * 0.75, -Math.PI * 0.25, rx * 0.45, ry);
    const side = Math.min(W * 0.3, narrow ? 130 : 380);
    this.targetX = { engager: cx - side, engaged: cx + side, both: cx, center: cx };
    this.spoke = Math.min(W * 0.3, narrow ? 120 : 290);
    this.link = narrow ? 70 : 110;
    this.charge = narrow ? 2.5 : 6;
    this.padX = 8;
    this.padBottom = 18;
    this.alpha = 1;
  }

  tick() {
    const { nodes, edges, cx, cy, W, H } = this;
    const alpha = (this.alpha *= 0.975);
    // Repulsion between every pair, and collisions (radius plus a margin for labels).
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        if (dx === 0 && dy === 0) {
          dx = (j - i) * 0.37;
          dy = (i - j) * 0.21;
        }
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (this.charge * (a.r + b.r) * alpha) / d;
        a.vx -= (dx / d) * f;
        a.vy -= (dy / d) * f;
        b.vx += (dx / d) * f;
        b.vy += (dy / d) * f;
        const min = a.r + b.r + 14;
        if (d < min) {
          const push = ((min - d) / d) * 0.5;
          a.x -= dx * push;
          a.y -= dy * push;
          b.x += dx * push;
          b.y += dy * push;
        }
      }
    }
    // Springs along the edges: longer spokes to the centre.
    for (const e of edges) {
      const dx = e.t.x - e.s.x;
      const dy = e.t.y - e.s.y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const length = e.s === this.center || e.t === this.center ? this.spoke : this.link;
      const k = ((d - length) / d) * alpha * 0.04;
      e.s.vx += dx * k;
      e.s.vy += dy * k;
      e.t.vx -= dx * k;
      e.t.vy -= dy * k;
    }
    // Engagers to the left, engaged to the right, everyone towards the middle line.
    for (const n of nodes) {
      n.vx += ((this.targetX[n.role] ?? cx) - n.x) * 0.04 * alpha;
      n.vy += (cy - n.y) * 0.02 * alpha;
      if (n.fx !== null) {
        n.x = n.fx;
        n.y = n.fy;
        n.vx = 0;
        n.vy = 0;
        continue;
      }
      n.vx *= 0.6;
      n.vy *= 0.6;
      n.x += n.vx;
      n.y += n.vy;
      n.x = Math.max(n.r + this.padX, Math.min(W - n.r - this.padX, n.x));
      n.y = Math.max(n.r + 6, Math.min(H - n.r - this.padBottom, n.y));
    }
  }

  run(ticks) {
    for (let k = 0; k < ticks; k++) this.tick();
  }
}

function draw(stage, tip, g, W, open) {
  const narrow = W < 560;
  const H = narrow ? 380 : 500;
  const sim = new Simulation(g, W, H);
  const { nodes, edges } = sim;
  const maxW = Math.max(1e-9, ...edges.map((e) => e.weight || 0));
  sim.run(320);

  // ---- drawing --------------------------------------------------------------------------------
  const old = stage.querySelector('svg');
  if (old) old.remove();
  const svg = s('svg', {
    class: 'graph-svg', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'group',
    'aria-label': t('graph.aria', { n: nodes.length }),
  });
  const defs = s('defs', null, ['in', 'out', 'other'].map((k) => s('marker', {
    id: `arrow-${k}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
    markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,1 L10,5 L0,9 z', class: `arrowhead arrowhead-${k}` }))));
  svg.append(defs);

  const center = sim.center;
  const edgeKind = (e) => (e.t === center ? 'in' : e.s === center ? 'out' : 'other');
  const edgeLayer = s('g', { class: 'edges' });
  const edgeEls = edges.map((e) => {
    const kind = edgeKind(e);
    const el = s('path', {
      class: `edge edge-${kind}`, 'marker-end': `url(#arrow-${kind})`,
      'stroke-width': (1 + 4 * Math.sqrt((e.weight || 0) / maxW)).toFixed(2),
    });
    edgeLayer.append(el);
    return el;
  });
  svg.append(edgeLayer);

  const labelled = chooseLabels(nodes, narrow ? 8 : nodes.length, W);
  const nodeLayer = s('g', { class: 'nodes' });
  const nodeEls = nodes.map((n) => {
    const label = `${n.name || n.account} (${n.account}), ${t('col.score')} ${score(n.score)}, ${t(`graph.role.${n.role}`)}`;
    const el = s('g', {
      class: `node-g role-${n.role}`, tabindex: 0, role: 'link', 'aria-label': label, dataset: { account: n.account },
    },
    s('circle', { class: 'node', r: n.r }),
    labelled.has(n.i) ? s('text', { class: 'node-label', y: n.r + 13, 'text-anchor': 'middle' }, shortName(n)) : null);
    nodeLayer.append(el);
    return el;
  });
  svg.append(nodeLayer);
  stage.insertBefore(svg, tip);

  const edgePath = (e) => {
    const sx = e.s.x;
    const sy = e.s.y;
    const tx = e.t.x;
    const ty = e.t.y;
    const dx = tx - sx;
    const dy = ty - sy;
    const d = Math.max(1, Math.hypot(dx, dy));
    // A gentle curve to the right of the direction: A→B and B→A do not overlap.
    const bend = Math.min(40, d * 0.14);
    const qx = (sx + tx) / 2 - (dy / d) * bend;
    const qy = (sy + ty) / 2 + (dx / d) * bend;
    const u = (x, y, fromX, fromY) => {
      const l = Math.max(1e-6, Math.hypot(x - fromX, y - fromY));
      return [(x - fromX) / l, (y - fromY) / l];
    };
    const [ux0, uy0] = u(qx, qy, sx, sy);
    const [ux1, uy1] = u(tx, ty, qx, qy);
    const x0 = sx + ux0 * e.s.r;
    const y0 = sy + uy0 * e.s.r;
    const x1 = tx - ux1 * (e.t.r + 2);
    const y1 = ty - uy1 * (e.t.r + 2);
    return `M${x0.toFixed(1)},${y0.toFixed(1)} Q${qx.toFixed(1)},${qy.toFixed(1)} ${x1.toFixed(1)},${y1.toFixed(1)}`;
  };

  const paint = () => {
    edges.forEach((e, k) => edgeEls[k].setAttribute('d', edgePath(e)));
    nodes.forEach((n, k) => nodeEls[k].setAttribute('transform', `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`));
  };
  paint();

  // ---- animation after a drag ------------------------------------------------------------------
  let frame = 0;
  const run = () => {
    cancelAnimationFrame(frame);
    const step = () => {
      sim.tick();
      paint();
      if (sim.alpha > 0.01) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  };

  // ---- hover, tooltip, drag, click -------------------------------------------------------------
  const highlight = (n) => {
    svg.classList.toggle('focusing', Boolean(n));
    edges.forEach((e, k) => edgeEls[k].classList.toggle('active', Boolean(n) && (e.s === n || e.t === n)));
    nodes.forEach((m, k) => nodeEls[k].classList.toggle('active', Boolean(n) && (m === n
      || edges.some((e) => (e.s === n && e.t === m) || (e.t === n && e.s === m)))));
  };
  const showTip = (n) => {
    add(clear(tip),
      h('div', { class: 'tooltip-title' }, n.name || n.account),
      h('div', { class: 'tooltip-sub' }, n.account),
      h('div', { class: 'tooltip-row' }, h('span', null, t('col.score')), h('strong', null, score(n.score))),
      h('div', { class: 'tooltip-row' }, h('span', null, h('span', { class: `legend-dot role-${n.role}` }), t(`graph.role.${n.role}`))),
      n.role !== 'center' ? h('div', { class: 'tooltip-hint' }, t('graph.open_hint')) : null);
    tip.hidden = false;
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    let left = n.x + n.r + 10;
    if (left + tw > W - 4) left = n.x - n.r - 10 - tw;
    tip.style.left = `${Math.max(4, left)}px`;
    tip.style.top = `${Math.max(4, Math.min(H - th - 4, n.y - th / 2))}px`;
  };
  const hideTip = () => {
    tip.hidden = true;
  };

  const toSvg = (ev) => {
    const m = svg.getScreenCTM();
    if (!m) return { x: 0, y: 0 };
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  };

  let drag = null;
  nodes.forEach((n, k) => {
    const el = nodeEls[k];
    el.addEventListener('mouseenter', () => {
      if (drag) return;
      highlight(n);
      showTip(n);
    });
    el.addEventListener('mouseleave', () => {
      if (drag) return;
      highlight(null);
      hideTip();
    });
    el.addEventListener('focus', () => {
      highlight(n);
      showTip(n);
    });
    el.addEventListener('blur', () => {
      highlight(null);
      hideTip();
    });
    el.addEventListener('keydown', (ev) => {
      if ((ev.key === 'Enter' || ev.key === ' ') && n.role !== 'center') {
        ev.preventDefault();
        open(n.account);
      }
    });
    el.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      ev.preventDefault();
      el.setPointerCapture(ev.pointerId);
      const p = toSvg(ev);
      drag = { n, id: ev.pointerId, x: p.x, y: p.y, dx: n.x - p.x, dy: n.y - p.y, moved: 0 };
      el.classList.add('dragging');
    });
    el.addEventListener('pointermove', (ev) => {
      if (!drag || drag.n !== n || drag.id !== ev.pointerId) return;
      const p = toSvg(ev);
      drag.moved = Math.max(drag.moved, Math.hypot(p.x - drag.x, p.y - drag.y));
      if (drag.moved < 3) return;
      n.fx = Math.max(n.r, Math.min(W - n.r, p.x + drag.dx));
      n.fy = Math.max(n.r, Math.min(H - n.r, p.y + drag.dy));
      sim.alpha = Math.max(sim.alpha, 0.25);
      hideTip();
      run();
    });
    const end = (ev) => {
      if (!drag || drag.n !== n || drag.id !== ev.pointerId) return;
      const clicked = drag.moved < 3;
      drag = null;
      el.classList.remove('dragging');
      if (clicked && ev.type === 'pointerup' && n.role !== 'center') open(n.account);
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
  });

  return () => {
    cancelAnimationFrame(frame);
  };
}

/** Names under the nodes, best scores first, leaving out any that would overlap. */
function chooseLabels(nodes, max, W) {
  const boxes = [];
  const chosen = new Set();
  const hits = (b) => boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
  const order = nodes.slice().sort((a, b) => (b.role === 'center') - (a.role === 'center') || b.score - a.score);
  for (const n of order) {
    if (chosen.size >= max) break;
    const w = shortName(n).length * (n.role === 'center' ? 7.4 : 6.6);
    const box = { x0: n.x - w / 2, x1: n.x + w / 2, y0: n.y + n.r + 2, y1: n.y + n.r + 17 };
    const circles = nodes.some((m) => m !== n && box.x0 < m.x + m.r && box.x1 > m.x - m.r && box.y0 < m.y + m.r && box.y1 > m.y - m.r);
    if (circles || hits(box) || box.x0 < 2 || box.x1 > W - 2) continue;
    boxes.push(box);
    chosen.add(n.i);
  }
  return chosen;
}

function shortName(n) {
  const name = n.name || n.account;
  return name.length > 22 ? `${name.slice(0, 20)}…` : name;
}
