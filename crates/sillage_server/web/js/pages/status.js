// #/status — ingest and freshness, refreshed every 2 seconds.

import { api } from '../api.js';
import { h, clear, int, duration, dateTime } from '../dom.js';
import { t, locale } from '../i18n.js';
import { loading, errorBox, stat } from '../ui.js';
import { setFreshness } from '../freshness.js';

const EVERY_MS = 2000;

export async function statusPage(view, ctx) {
  ctx.title(t('status.title'));
  const updated = h('span', { class: 'live-note', 'aria-live': 'off' });
  const body = h('div', { id: 'status-body' }, loading());
  const problem = h('div');
  view.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('div', null,
        h('h1', { class: 'page-title' }, t('status.title')),
        h('p', { class: 'page-sub' }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), t('status.sub'), ' ', updated))),
    problem,
    body));

  let timer = null;
  let first = true;
  ctx.onCleanup(() => clearTimeout(timer));

  const paint = (st) => {
    const fresh = !st.stale;
    clear(body).append(
      h('section', { class: 'status-hero card', 'data-stale': String(st.stale) },
        h('div', { class: ['status-light', fresh ? 'ok' : 'stale'], 'aria-hidden': 'true' }),
        h('div', null,
          h('p', { class: 'status-headline' }, fresh ? t('status.fresh') : t('status.stale')),
          h('p', { class: 'status-explain' }, fresh ? t('status.fresh_text', { as_of: dateTime(st.as_of) }) : t('status.stale_text')))),
      h('div', { class: 'status-grid' },
        group(t('status.snapshot'), [
          stat(t('status.as_of'), dateTime(st.as_of), null, { class: 'stat-wide' }),
          stat(t('status.snapshot_age'), duration(st.snapshot_age_seconds)),
          stat(t('status.snapshot_events'), int(st.snapshot_events)),
          stat(t('status.snapshot_accounts'), int(st.snapshot_accounts)),
          stat(t('status.last_compute'), duration(st.last_compute_seconds)),
          stat(t('status.stale_flag'), st.stale ? t('yes') : t('no'), null, { class: st.stale ? 'stat-warn' : 'stat-ok' }),
        ]),
        group(t('status.ingest'), [
          stat(t('status.events_held'), int(st.events_held)),
          stat(t('status.pushes'), int(st.pushes)),
          stat(t('status.events_ingested'), int(st.events_ingested)),
          stat(t('status.lines_rejected'), int(st.lines_rejected), null, { class: st.lines_rejected ? 'stat-warn' : null }),
          stat(t('status.writes'), st.writes_enabled ? t('status.writes_on') : t('status.writes_off')),
        ]),
        group(t('status.server'), [
          stat(t('status.version'), st.version),
          stat(t('status.uptime'), duration(st.uptime_seconds)),
          stat(t('status.settings'), st.settings),
        ])));
  };

  const poll = async () => {
    try {
      const st = await api.status();
      if (!ctx.alive()) return;
      setFreshness(st, null);
      clear(problem);
      paint(st);
      updated.textContent = t('status.updated', { time: new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date()) });
    } catch (e) {
      if (!ctx.alive()) return;
      setFreshness(null, e);
      clear(problem).append(errorBox(e));
      if (first) clear(body);
    }
    first = false;
    if (ctx.alive()) timer = setTimeout(poll, EVERY_MS);
  };
  await poll();
}

function group(title, stats) {
  return h('section', { class: 'card status-group', 'aria-label': title },
    h('h2', { class: 'card-title' }, title),
    h('div', { class: 'stat-grid' }, stats));
}
