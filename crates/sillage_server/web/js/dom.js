// Small DOM helpers and number/date formatting in the current language.

import { locale, t } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2).toLowerCase(), v);
      } else if (k === 'class') {
        el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      } else if (k === 'style' && typeof v === 'object') {
        for (const [p, s] of Object.entries(v)) el.style.setProperty(p, s);
      } else if (k === 'dataset') {
        for (const [p, s] of Object.entries(v)) el.dataset[p] = s;
      } else if (k === 'text') {
        el.textContent = v;
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** An HTML element: h('a', {href: '#/', class: 'x', onclick: f}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Appends children like h() does: null, undefined and false are skipped, arrays flattened. */
export function add(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// ---- formatting -------------------------------------------------------------------------------

const cache = new Map();
function nf(digits, extra) {
  const key = `${locale()}|${digits}|${JSON.stringify(extra || {})}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits, ...extra });
    cache.set(key, f);
  }
  return f;
}

const DASH = '—';

/** An integer with grouping: 19 836 / 19,836. */
export function int(n) {
  return n === null || n === undefined || Number.isNaN(n) ? DASH : nf(0).format(Math.round(n));
}

/** A number with `d` decimals. */
export function dec(n, d = 2) {
  return n === null || n === undefined || Number.isNaN(n) ? DASH : nf(d).format(n);
}

/** A score of 1–100 as shown everywhere: rounded to an integer. */
export function score(n) {
  return n === null || n === undefined ? DASH : nf(0).format(Math.round(n));
}

/** A percentile (0–100) with two decimals. */
export function pct(n) {
  return dec(n, 2);
}

/** A share (0–1) as a percentage. */
export function share(x) {
  if (x === null || x === undefined) return DASH;
  const v = x * 100;
  const digits = v === 0 || v >= 10 || Number.isInteger(v) ? 0 : 1;
  return nf(digits).format(v) + '\u202f%';
}

/** "top 0.02 %": how far from the top a percentile is. */
export function topShare(percentile) {
  const rest = Math.max(0, 100 - percentile);
  let d = 0;
  if (rest < 0.1) d = 2;
  else if (rest < 1) d = 1;
  if (rest > 0 && rest < 0.01) return t('top_share', { share: nf(2).format(0.01), less: '< ' });
  return t('top_share', { share: nf(d).format(rest), less: '' });
}

/** A compact small number (weights, points): 3 significant digits, never scientific. */
export function small(n) {
  if (n === null || n === undefined) return DASH;
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 100) return nf(0).format(n);
  if (a >= 1) return nf(2).format(n);
  const digits = Math.min(8, Math.max(2, 2 - Math.floor(Math.log10(a))));
  return new Intl.NumberFormat(locale(), { maximumSignificantDigits: 3, maximumFractionDigits: digits }).format(n);
}

export function date(unix) {
  if (unix === null || unix === undefined) return DASH;
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(unix * 1000));
}

export function dateTime(unix) {
  if (unix === null || unix === undefined) return DASH;
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(unix * 1000));
}

export function shortDate(unix) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short' }).format(new Date(unix * 1000));
}

/** A duration in seconds, human sized: 850 ms, 12 s, 3 min 4 s, 2 h 5 min, 3 d 4 h. */
export function duration(sec) {
  if (sec === null || sec === undefined || Number.isNaN(sec)) return DASH;
  if (sec < 1) return t('unit.ms', { n: nf(0).format(sec * 1000) });
  if (sec < 10) return t('unit.s', { n: nf(1).format(sec) });
  if (sec < 60) return t('unit.s', { n: nf(0).format(sec) });
  const m = Math.floor(sec / 60);
  if (m < 60) return t('unit.min_s', { m, s: Math.floor(sec % 60) });
  const hr = Math.floor(m / 60);
  if (hr < 48) return t('unit.h_min', { h: hr, m: m % 60 });
  return t('unit.d_h', { d: Math.floor(hr / 24), h: hr % 24 });
}

// ---- links ------------------------------------------------------------------------------------

/** An account key in a hash route; ':' stays readable. */
export function accountHref(key) {
  return '#/account/' + encodeURIComponent(key).replace(/%3A/gi, ':');
}

export function topicHref(id) {
  return '#/topic/' + encodeURIComponent(id);
}

/** A 0–100 bar, for components and topic scores. */
export function bar(value, kind, label) {
  const v = Math.max(0, Math.min(100, value || 0));
  return h('span', { class: ['bar', kind && `bar-${kind}`], role: 'img', 'aria-label': label || dec(v, 0) },
    h('span', { class: 'bar-fill', style: { width: `${v}%` } }));
}
