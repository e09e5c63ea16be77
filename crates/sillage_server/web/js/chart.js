// The score-history line chart (SVG, own code): recorded score runs and the live figures.

import { h, s, add, clear, score, pct, dec, dateTime, shortDate } from './dom.js';
import { t, locale } from './i18n.js';
import { COMPONENTS } from './ui.js';

const HOUR = 3600;
const DAY = 86400;
const STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY];

function timeTicks(min, max, maxTicks) {
  const span = max - min;
  const step = STEPS.find((st) => span / st <= maxTicks) || STEPS[STEPS.length - 1];
  const first = Math.ceil(min / step) * step;
  const ticks = [];
  for (let x = first; x <= max; x += step) ticks.push(x);
  return { ticks, step };
}

/** Draws `hist` ({points, live}) into `box`; returns a function that stops following resizes. */
export function historyChart(box, hist) {
  const series = (hist.points || []).slice().sort((a, b) => a.as_of - b.as_of).map((p) => ({ ...p, live: false }));
  const live = hist.live ? { ...hist.live, live: true } : null;
  const all = live ? series.concat([live]) : series;
  if (all.length === 0) {
    box.append(h('p', { class: 'empty' }, t('history.empty')));
    return () => {};
  }

  const wrap = h('div', { class: 'chart' });
  const tip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  const legend = h('div', { class: 'chart-legend' },
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-line' }), t('history.legend_runs', { n: series.length })),
    live ? h('span', { class: 'legend-item' }, h('span', { class: 'legend-live' }), t('history.legend_live')) : null);
  box.append(wrap, legend);
  wrap.append(tip);

  let width = 0;
  const draw = () => {
    const w = Math.max(280, Math.floor(wrap.clientWidth || box.clientWidth || 600));
    if (w === width) return;
    width = w;
    const narrow = w < 520;
    const H = narrow ? 220 : 260;
    const m = { l: 40, r: narrow ? 14 : 22, t: 14, b: 34 };
    const iw = w - m.l - m.r;
    const ih = H - m.t - m.b;

    let x0 = Math.min(...all.map((p) => p.as_of));
    let x1 = Math.max(...all.map((p) => p.as_of));
    if (x1 - x0 < DAY) {
      // One instant: a week around it, with dates.
      x0 -= 3.5 * DAY;
      x1 += 3.5 * DAY;
    } else {
      const pad = (x1 - x0) * 0.04;
      x0 -= pad;
      x1 += pad;
    }
    const X = (v) => m.l + ((v - x0) / (x1 - x0)) * iw;
    const Y = (v) => m.t + (1 - Math.max(0, Math.min(100, v)) / 100) * ih;

    const old = wrap.querySelector('svg');
    if (old) old.remove();
    const svg = s('svg', {
      class: 'chart-svg', width: w, height: H, viewBox: `0 0 ${w} ${H}`, role: 'img',
      'aria-label': t('history.aria', { n: all.length }),
    });

    // Grid and y axis: the score scale is always 0–100.
    const grid = s('g', { class: 'grid' });
    for (const v of [0, 25, 50, 75, 100]) {
      grid.append(s('line', { x1: m.l, x2: m.l + iw, y1: Y(v), y2: Y(v), class: v === 0 ? 'axis' : 'gridline' }));
      grid.append(s('text', { x: m.l - 8, y: Y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(v)));
    }
    grid.append(s('line', { x1: m.l, x2: m.l, y1: m.t, y2: m.t + ih, class: 'axis' }));
    const { ticks, step } = timeTicks(x0, x1, narrow ? 3 : 6);
    for (const v of ticks) {
      grid.append(s('line', { x1: X(v), x2: X(v), y1: m.t + ih, y2: m.t + ih + 5, class: 'axis' }));
      const label = step >= DAY ? shortDate(v) : new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(v * 1000));
      grid.append(s('text', { x: X(v), y: m.t + ih + 20, class: 'tick', 'text-anchor': 'middle' }, label));
    }
    svg.append(grid);
    svg.append(s('text', { x: 12, y: m.t + ih / 2, class: 'axis-label', transform: `rotate(-90 12 ${m.t + ih / 2})`, 'text-anchor': 'middle' }, t('history.y')));

    // The area and line of the recorded runs, then a dashed step to the live point.
    if (series.length > 0) {
      const d = series.map((p, i) => `${i ? 'L' : 'M'}${X(p.as_of).toFixed(1)},${Y(p.score).toFixed(1)}`).join(' ');
      if (series.length > 1) {
        const area = `${d} L${X(series[series.length - 1].as_of).toFixed(1)},${Y(0)} L${X(series[0].as_of).toFixed(1)},${Y(0)} Z`;
        svg.append(s('path', { d: area, class: 'series-area' }));
      }
      svg.append(s('path', { d, class: 'series-line' }));
    }
    if (live && series.length > 0) {
      const lastRun = series[series.length - 1];
      svg.append(s('path', { d: `M${X(lastRun.as_of)},${Y(lastRun.score)} L${X(live.as_of)},${Y(live.score)}`, class: 'series-live' }));
    }

    const guide = s('line', { class: 'guide', y1: m.t, y2: m.t + ih, x1: 0, x2: 0, visibility: 'hidden' });
    svg.append(guide);

    const show = (p, cx, cy) => {
      guide.setAttribute('x1', cx);
      guide.setAttribute('x2', cx);
      guide.setAttribute('visibility', 'visible');
      add(clear(tip),
        h('div', { class: 'tooltip-title' }, p.live ? t('history.live') : t('history.run', { run: p.run })),
        h('div', { class: 'tooltip-sub' }, dateTime(p.as_of)),
        h('div', { class: 'tooltip-row' }, h('span', null, t('col.score')), h('strong', null, score(p.score))),
        h('div', { class: 'tooltip-row' }, h('span', null, t('col.percentile')), h('span', null, pct(p.percentile))),
        p.components ? COMPONENTS.map((c) => h('div', { class: 'tooltip-row tooltip-comp' },
          h('span', null, h('span', { class: `dot dot-${c}` }), t(`comp.${c}`)), h('span', null, dec(p.components[c], 0)))) : null);
      tip.hidden = false;
      const tw = tip.offsetWidth;
      const th = tip.offsetHeight;
      let left = cx + 14;
      if (left + tw > w - 4) left = cx - tw - 14;
      tip.style.left = `${Math.max(4, left)}px`;
      tip.style.top = `${Math.max(0, Math.min(H - th, cy - th / 2))}px`;
    };
    const hide = () => {
      tip.hidden = true;
      guide.setAttribute('visibility', 'hidden');
    };

    const dots = s('g', { class: 'points' });
    all.forEach((p, i) => {
      const cx = X(p.as_of);
      const cy = Y(p.score);
      const label = `${p.live ? t('history.live') : t('history.run', { run: p.run })}, ${dateTime(p.as_of)}: ${t('col.score')} ${score(p.score)}`;
      const g = s('g', { class: ['point', p.live && 'point-live'], tabindex: 0, role: 'img', 'aria-label': label, dataset: { index: String(i) } },
        s('circle', { cx, cy, r: p.live ? 6 : 4.5, class: p.live ? 'dot-live' : 'dot-run' }),
        s('circle', { cx, cy, r: 14, class: 'hit' }));
      const on = () => show(p, cx, cy);
      g.addEventListener('mouseenter', on);
      g.addEventListener('focus', on);
      g.addEventListener('mouseleave', hide);
      g.addEventListener('blur', hide);
      dots.append(g);
    });
    svg.append(dots);
    wrap.insertBefore(svg, tip);
  };

  draw();
  // Redraw on resize, outside the observer's callback (no resize-observer loop).
  let frame = 0;
  const ro = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });
  ro.observe(wrap);
  return () => {
    cancelAnimationFrame(frame);
    ro.disconnect();
  };
}
