// #/account/{key} — one account: score, components, topics, history, neighbourhood, contributors.

import { api } from '../api.js';
import { h, s, clear, int, score, pct, dec, small, share, date, dateTime, accountHref, topicHref, bar, topShare } from '../dom.js';
import { t, topicLabel } from '../i18n.js';
import { loading, errorBox, card, empty, COMPONENTS, trustReason, langName } from '../ui.js';
import { historyChart } from '../chart.js';
import { neighbourhoodGraph } from '../graph.js';

const CONTRIBUTORS_PAGE = 10;
const EVENTS_PER_CONTRIBUTOR = 5;
const GRAPH_LIMIT = 15;

export async function accountPage(view, ctx, key) {
  const page = h('div', { class: 'page page-account' });
  view.append(page);
  page.append(loading());
  ctx.title(key);

  const a = await api.account(key);
  if (!ctx.alive()) return;
  ctx.title(a.name || a.account);
  clear(page);

  const names = new Map([[a.account, a.name]]);

  const historyBox = h('div', { class: 'chart-box', id: 'history-chart' }, loading());
  const graphBox = h('div', { class: 'graph-box', id: 'graph' }, loading());
  const contribBox = h('div', { class: 'contributors', id: 'contributors' }, loading());

  page.append(
    h('nav', { class: 'breadcrumb', 'aria-label': t('breadcrumb') },
      h('a', { href: '#/' }, t('leaderboard.title')), h('span', { 'aria-hidden': 'true' }, ' / '),
      h('span', { 'aria-current': 'page' }, a.name || a.account)),
    hero(a),
    h('div', { class: 'grid-2' },
      componentsCard(a),
      topicsCard(a)),
    card(t('history.title'), { id: 'history', subtitle: t('history.sub') }, historyBox),
    card(t('graph.title'), { id: 'neighbourhood', subtitle: t('graph.sub') }, graphBox),
    card(t('contrib.title'), { id: 'contributors-card', subtitle: t('contrib.sub') }, contribBox));

  // The three detail requests run together; each card shows its own loading state and error.
  const loadHistory = async () => {
    clear(historyBox).append(loading());
    try {
      const hist = await api.history(a.account);
      if (!ctx.alive()) return;
      clear(historyBox);
      const dispose = historyChart(historyBox, hist);
      ctx.onCleanup(dispose);
    } catch (e) {
      if (!ctx.alive()) return;
      clear(historyBox).append(errorBox(e, loadHistory));
    }
  };

  const loadGraph = async () => {
    clear(graphBox).append(loading());
    try {
      const g = await api.graph(a.account, GRAPH_LIMIT);
      if (!ctx.alive()) return;
      for (const n of g.nodes) names.set(n.account, n.name);
      fillNames(contribBox, names);
      clear(graphBox);
      const dispose = neighbourhoodGraph(graphBox, g, { open: (k) => ctx.go(accountHref(k)) });
      ctx.onCleanup(dispose);
    } catch (e) {
      if (!ctx.alive()) return;
      clear(graphBox).append(errorBox(e, loadGraph));
    }
  };

  await Promise.all([loadHistory(), loadGraph(), contributors(contribBox, a, names, ctx)]);
}

// ---- hero -------------------------------------------------------------------------------------

function gauge(value) {
  const r = 52;
  const c = 2 * Math.PI * r;
  const v = Math.max(0, Math.min(100, value));
  return s('svg', { class: 'gauge', viewBox: '0 0 120 120', role: 'img', 'aria-label': t('hero.score_aria', { score: score(value) }) },
    s('circle', { cx: 60, cy: 60, r, class: 'gauge-track' }),
    s('circle', {
      cx: 60, cy: 60, r, class: 'gauge-arc',
      'stroke-dasharray': `${(c * v) / 100} ${c}`, transform: 'rotate(-90 60 60)',
    }),
    s('text', { x: 60, y: 66, class: 'gauge-value', 'text-anchor': 'middle' }, score(value)),
    s('text', { x: 60, y: 86, class: 'gauge-max', 'text-anchor': 'middle' }, t('hero.out_of')));
}

function hero(a) {
  const trusted = a.trust >= 0.999;
  return h('section', { class: 'card hero', 'aria-label': t('hero.label') },
    h('div', { class: 'hero-id' },
      gauge(a.score),
      h('div', { class: 'hero-names' },
        h('h1', { class: 'page-title' }, a.name || a.account),
        h('p', { class: 'hero-key' }, a.username ? `@${a.username} · ` : '', h('code', null, a.account)),
        h('p', { class: 'hero-badges' },
          a.lang ? h('span', { class: 'badge' }, langName(a.lang)) : null,
          a.org ? h('span', { class: 'badge badge-org', title: t('org.help') }, t('hero.org', { org: a.org })) : null,
          h('span', { class: 'badge', title: t('outreach.level_help') }, t('hero.outreach_level', { level: a.outreach_level })),
          h('span', { class: ['badge', trusted ? 'badge-ok' : 'badge-warn'] },
            trusted ? t('trust.full') : t('trust.partial', { trust: share(a.trust) }))))),
    h('dl', { class: 'hero-stats' },
      h('div', { class: 'hero-stat' }, h('dt', null, t('col.score')), h('dd', null, score(a.score), h('small', null, ' / 100'))),
      h('div', { class: 'hero-stat' }, h('dt', null, t('col.percentile')), h('dd', null, pct(a.percentile)), h('dd', { class: 'hero-note' }, topShare(a.percentile))),
      h('div', { class: 'hero-stat' }, h('dt', null, t('hero.position')), h('dd', null, `#${int(a.position)}`), h('dd', { class: 'hero-note' }, t('hero.of_shown', { shown: int(a.shown) }))),
      h('div', { class: 'hero-stat' }, h('dt', null, t('hero.as_of')), h('dd', { class: 'hero-date' }, date(a.as_of)), h('dd', { class: 'hero-note' }, dateTime(a.as_of)))),
    a.trust_reasons && a.trust_reasons.length
      ? h('div', { class: 'notice notice-warn hero-trust' },
        h('div', { class: 'notice-icon', 'aria-hidden': 'true' }, 'i'),
        h('div', { class: 'notice-body' },
          h('p', { class: 'notice-title' }, t('trust.why', { trust: share(a.trust) })),
          h('ul', null, a.trust_reasons.map((r) => h('li', null, trustReason(r))))))
      : null);
}

// ---- components and topics --------------------------------------------------------------------

function componentsCard(a) {
  const total = a.components.reduce((sum, c) => sum + (c.points || 0), 0);
  return card(t('comp.title'), { id: 'components', subtitle: t('comp.sub') },
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table comp-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('comp.col.component')),
          h('th', { scope: 'col', class: 'col-barcell' }, h('span', { class: 'visually-hidden' }, t('comp.col.bar'))),
          h('th', { scope: 'col', class: 'num' }, t('comp.col.value')),
          h('th', { scope: 'col', class: 'num col-cpct' }, t('col.percentile')),
          h('th', { scope: 'col', class: 'num' }, t('comp.col.weight')),
          h('th', { scope: 'col', class: 'num' }, t('comp.col.points')))),
        h('tbody', null, a.components.map((c) => h('tr', { dataset: { component: c.component } },
          h('th', { scope: 'row' }, h('div', { class: 'comp-label' },
            h('span', { class: `dot dot-${c.component}`, 'aria-hidden': 'true' }),
            h('span', { class: 'comp-name' }, t(`comp.${c.component}`)),
            h('span', { class: 'comp-help' }, t(`comp.${c.component}.help`)))),
          h('td', { class: 'col-barcell' }, bar(c.value, c.component)),
          h('td', { class: 'num strong' }, dec(c.value, 0)),
          h('td', { class: 'num col-cpct' }, pct(c.percentile)),
          h('td', { class: 'num nowrap' }, c.weight ? `×\u202f${dec(c.weight, 2)}` : h('span', { class: 'muted', title: t('comp.not_counted') }, '×\u202f0')),
          h('td', { class: 'num' }, c.weight ? dec(c.points, 1) : '—')))))),
    h('dl', { class: 'comp-sum' },
      h('div', null, h('dt', null, t('comp.base')), h('dd', { class: 'num' }, dec(a.score - total, 1))),
      h('div', { class: 'comp-sum-total' }, h('dt', null, t('comp.total')), h('dd', { class: 'num' }, dec(a.score, 1)))),
    h('p', { class: 'card-foot comp-foot' }, t('comp.foot')));
}

function topicsCard(a) {
  const list = a.topics || [];
  return card(t('account.topics'), { id: 'account-topics', subtitle: t('account.topics_sub') },
    list.length === 0 ? empty(t('account.no_topics')) : h('ul', { class: 'topic-scores' }, list.map((x) => h('li', null,
      h('a', { href: topicHref(x.topic), class: 'topic-score-name' }, topicLabel(x)),
      bar(x.score, 'topic'),
      h('span', { class: 'num strong' }, score(x.score)),
      h('span', { class: 'num muted', title: t('col.percentile') }, t('account.topic_pct', { pct: pct(x.percentile) }))))));
}

// ---- contributors -----------------------------------------------------------------------------

function fillNames(root, names) {
  for (const el of root.querySelectorAll('.contrib-name[data-account]')) {
    const n = names.get(el.dataset.account);
    if (n && !el.textContent) el.textContent = n;
  }
}

const KINDS = ['post', 'repost', 'quote', 'reply', 'mention', 'like', 'follow', 'unfollow'];

function kindLabel(kind) {
  return KINDS.includes(kind) ? t(`kind.${kind}`) : kind;
}

function eventsTable(c) {
  if (!c.events || c.events.length === 0) return empty(t('contrib.no_events'));
  return h('div', { class: 'events' },
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table events-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('ev.kind')),
          h('th', { scope: 'col' }, t('ev.date')),
          h('th', { scope: 'col', class: 'num', title: t('ev.weight_help') }, t('ev.weight')),
          h('th', { scope: 'col', class: 'num', title: t('ev.counted_help') }, t('ev.counted')),
          h('th', { scope: 'col', class: 'num', title: t('ev.points_help') }, t('ev.points')))),
        h('tbody', null, c.events.map((e) => h('tr', null,
          h('td', { class: 'ev-kind' }, h('span', { class: `kind kind-${e.kind}` }, kindLabel(e.kind)), h('span', { class: 'event-id' }, e.event_id)),
          h('td', { class: 'ev-date nowrap' }, dateTime(e.at)),
          h('td', { class: 'num', dataset: { label: t('ev.weight') } }, small(e.weight)),
          h('td', { class: 'num', dataset: { label: t('ev.counted') } }, small(e.counted)),
          h('td', { class: 'num', dataset: { label: t('ev.points') } }, small(e.points))))))),
    h('p', { class: 'events-foot' }, t('contrib.events_shown', { shown: int(c.events.length), total: int(c.events_total) })));
}

async function contributors(box, a, names, ctx) {
  let cursor = null;
  let shown = 0;
  const list = h('ol', { class: 'contrib-list' });
  const summary = h('p', { class: 'contrib-summary' });
  const more = h('button', { class: 'btn', type: 'button', id: 'contrib-more' }, t('contrib.more'));
  const moreError = h('div');
  let maxShare = 0;

  const row = (c, rank) => {
    const id = `contrib-${rank}`;
    const details = h('div', { class: 'contrib-events', id: `${id}-events`, hidden: true }, eventsTable(c));
    const toggle = h('button', {
      class: 'contrib-toggle', type: 'button', 'aria-expanded': 'false', 'aria-controls': `${id}-events`,
      onclick: () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        details.hidden = !open;
        item.classList.toggle('open', open);
      },
    },
    h('span', { class: 'chevron', 'aria-hidden': 'true' }),
    h('span', { class: 'contrib-rank' }, int(rank)),
    h('span', { class: 'contrib-who' },
      h('span', { class: 'contrib-name', dataset: { account: c.account } }, names.get(c.account) || ''),
      h('span', { class: 'contrib-key' }, c.account)),
    h('span', { class: 'contrib-share' },
      h('span', { class: 'bar bar-authority' }, h('span', { class: 'bar-fill', style: { width: `${maxShare ? (100 * c.share) / maxShare : 0}%` } })),
      h('span', { class: 'num strong' }, share(c.share))),
    h('span', { class: 'contrib-meta' },
      h('span', { class: 'num' }, t('contrib.events_n', { n: int(c.events_total) })),
      c.trust < 0.999 ? h('span', { class: 'badge badge-warn', title: (c.trust_reasons || []).map(trustReason).join('; ') }, t('contrib.trust', { trust: share(c.trust) })) : null));
    const item = h('li', { class: 'contrib', dataset: { account: c.account } },
      h('div', { class: 'contrib-line' },
        toggle,
        h('a', { class: 'contrib-open', href: accountHref(c.account), title: t('contrib.open'), 'aria-label': t('contrib.open_aria', { account: c.account }) }, '→')),
      details);
    return item;
  };

  const loadMore = async () => {
    more.disabled = true;
    clear(moreError);
    try {
      const x = await api.explain(a.account, { limit: CONTRIBUTORS_PAGE, events: EVENTS_PER_CONTRIBUTOR, cursor });
      if (!ctx.alive()) return;
      const au = x.authority;
      if (shown === 0 && au.contributors.length) maxShare = au.contributors[0].share;
      for (const c of au.contributors) {
        shown += 1;
        list.append(row(c, shown));
      }
      fillNames(list, names);
      cursor = x.next_cursor;
      summary.textContent = t('contrib.summary', { shown: int(shown), total: int(au.contributors_total) })
        + (au.discounted_engagers ? ` ${t('contrib.discounted', { n: int(au.discounted_engagers) })}` : '');
      more.hidden = !cursor;
      more.disabled = false;
      if (shown === 0) {
        clear(box).append(empty(t('contrib.none')));
      }
    } catch (e) {
      if (!ctx.alive()) return;
      more.disabled = false;
      if (shown === 0) clear(box).append(errorBox(e, () => { clear(box).append(loading()); start(); }));
      else moreError.append(errorBox(e));
    }
  };
  more.addEventListener('click', loadMore);

  const start = async () => {
    await loadMore();
    if (!ctx.alive() || shown === 0) return;
    clear(box).append(summary, list, h('div', { class: 'more-row' }, more), moreError);
  };
  await start();
}
