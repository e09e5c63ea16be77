// The header's freshness indicator: are the served scores up to date with the events held?

import { api } from './api.js';
import { duration, dateTime } from './dom.js';
import { t, onLangChange } from './i18n.js';

let last = null;
let lastError = null;
let timer = null;

function paint() {
  const el = document.getElementById('freshness');
  if (!el) return;
  const text = el.querySelector('.freshness-text');
  let state;
  let label;
  let title;
  if (lastError) {
    state = 'down';
    label = t('fresh.down');
    title = t('fresh.down_title');
  } else if (!last) {
    state = 'unknown';
    label = t('fresh.unknown');
    title = label;
  } else if (last.stale) {
    state = 'stale';
    label = t('fresh.stale');
    title = t('fresh.title', { as_of: dateTime(last.as_of), age: duration(last.snapshot_age_seconds) });
  } else {
    state = 'ok';
    label = t('fresh.ok');
    title = t('fresh.title', { as_of: dateTime(last.as_of), age: duration(last.snapshot_age_seconds) });
  }
  el.dataset.state = state;
  text.textContent = label;
  el.title = title;
  el.setAttribute('aria-label', `${t('fresh.label')}: ${label}. ${title}`);
}

/** Called by the status page on each of its polls too. */
export function setFreshness(status, error) {
  last = status || last;
  lastError = error || null;
  paint();
}

async function poll() {
  try {
    setFreshness(await api.status(), null);
  } catch (e) {
    setFreshness(null, e);
  }
  timer = setTimeout(poll, 15000);
}

export function startFreshness() {
  if (timer === null) poll();
  onLangChange(paint);
}
