// #/ — the ranked accounts, overall or in a topic, by language, paged by cursor.

import { api, topics as loadTopics } from '../api.js';
import { h, clear, int, score, pct, dec, dateTime, accountHref, topicHref, bar } from '../dom.js';
import { t, topicLabel } from '../i18n.js';
import { loading, errorBox, COMPONENTS, langName } from '../ui.js';

export const PAGE_SIZE = 50;

/**
 * The ranked table, shared with the topic page. `state` is {topic, lang, cursors: [...]} and
 * `onPage(cursor)` is called with the next or previous page's cursor.
 */
export function rankingTable(data, opts) {
  const topic = opts && opts.topic;
  const head = h('tr', null,
    h('th', { class: 'num col-pos', scope: 'col' }, t('col.position')),
    h('th', { class: 'col-account', scope: 'col' }, t('col.account')),
    topic ? h('th', { class: 'num col-topic', scope: 'col', title: t('col.topic_score_help') }, t('col.topic_score')) : null,
    h('th', { class: 'num col-score', scope: 'col' }, t('col.score')),
    h('th', { class: 'num col-pct', scope: 'col', title: t('col.percentile_help') }, t('col.percentile')),
    COMPONENTS.map((c) => h('th', { class: 'num col-comp', scope: 'col', title: t(`comp.${c}.help`) }, t(`comp.${c}.short`))),
    h('th', { class: 'col-mini', scope: 'col', title: t('col.components') }, t('col.components_short')),
    h('th', { class: 'col-lang', scope: 'col' }, t('col.lang')));
  const rows = data.items.map((it) => h('tr', { dataset: { account: it.account } },
    h('td', { class: 'num col-pos' }, int(it.position)),
    h('td', { class: 'col-account' },
      h('a', { class: 'account-link', href: accountHref(it.account) },
        h('span', { class: 'account-name' }, it.name || it.account),
        h('span', { class: 'account-sub' },
          h('span', { class: 'account-key' }, it.account),
          it.org ? h('span', { class: 'badge badge-org', title: `${t('org.help')}: ${it.org}` }, it.org) : null))),
    topic ? h('td', { class: 'num col-topic' }, h('strong', null, score(it.topic_score))) : null,
    h('td', { class: 'num col-score' }, h('span', { class: 'score-pill' }, score(it.score))),
    h('td', { class: 'num col-pct' }, pct(it.percentile)),
    COMPONENTS.map((c) => h('td', { class: 'num col-comp' },
      h('span', { class: 'comp-cell' },
        h('span', { class: 'comp-value' }, c === 'outreach' && it.outreach_level
          ? [dec(it.components[c], 0), h('span', { class: 'level', title: t('outreach.level_help') }, ` L${it.outreach_level}`)]
          : dec(it.components[c], 0)),
        bar(it.components[c], c, `${t(`comp.${c}`)} ${dec(it.components[c], 0)}`)))),
    h('td', { class: 'col-mini' }, miniBars(it.components)),
    h('td', { class: 'col-lang' }, it.lang ? h('span', { class: 'badge', title: langName(it.lang) }, it.lang.toUpperCase()) : '—')));
  return h('div', { class: 'table-wrap' },
    h('table', { class: ['table ranking', topic && 'has-topic'] },
      h('caption', { class: 'visually-hidden' }, opts && opts.caption ? opts.caption : t('leaderboard.title')),
      h('thead', null, head),
      h('tbody', null, rows)));
}

/** Five tiny vertical bars: the components at a glance, for narrow screens. */
function miniBars(components) {
  const label = COMPONENTS.map((c) => `${t(`comp.${c}`)} ${dec(components[c], 0)}`).join(', ');
  return h('span', { class: 'minibars', role: 'img', 'aria-label': label, title: label },
    COMPONENTS.map((c) => h('span', { class: `minibar bar-${c}` },
      h('span', { class: 'bar-fill', style: { height: `${Math.max(3, Math.min(100, components[c] || 0))}%` } }))));
}

export function pager(data, cursors, onPage) {
  const page = cursors.length; // 1-based page number
  const from = data.items.length ? (page - 1) * PAGE_SIZE + 1 : 0;
  const to = (page - 1) * PAGE_SIZE + data.items.length;
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('span', { class: 'pager-info' }, t('pager.info', { from: int(from), to: int(to), total: int(data.total) })),
    h('span', { class: 'pager-buttons' },
      h('button', { class: 'btn', type: 'button', disabled: page <= 1, onclick: () => onPage(-1) }, '← ', t('pager.prev')),
      h('button', { class: 'btn', type: 'button', disabled: !data.next_cursor, 'data-next': '', onclick: () => onPage(+1) }, t('pager.next'), ' →')));
}

export async function leaderboardPage(view, ctx) {
  ctx.title(t('leaderboard.title'));
  const topic = ctx.query.get('topic') || '';
  const lang = ctx.query.get('lang') || '';
  // cursors[i] is the cursor that gives page i+1 (null for the first page).
  let cursors = [null];

  const page = h('div', { class: 'page' });
  view.append(page);

  const topicSelect = h('select', { id: 'filter-topic', class: 'select' }, h('option', { value: '' }, t('filter.all_topics')));
  const langSelect = h('select', { id: 'filter-lang', class: 'select' },
    h('option', { value: '' }, t('filter.all_langs')),
    h('option', { value: 'fr' }, t('lang.name.fr')),
    h('option', { value: 'en' }, t('lang.name.en')));
  langSelect.value = lang;
  const setFilter = () => {
    const q = new URLSearchParams();
    if (topicSelect.value) q.set('topic', topicSelect.value);
    if (langSelect.value) q.set('lang', langSelect.value);
    const qs = q.toString();
    ctx.go(qs ? `#/?${qs}` : '#/');
  };
  topicSelect.addEventListener('change', setFilter);
  langSelect.addEventListener('change', setFilter);

  const subtitle = h('p', { class: 'page-sub' });
  const topicLink = h('span', { class: 'filter-link' });
  const results = h('div', { class: 'results' }, loading());
  const chips = h('div', { class: 'chips topic-chips' }, h('span', { class: 'chips-label' }, t('topics.title')));

  page.append(
    h('div', { class: 'page-head' },
      h('div', null, h('h1', { class: 'page-title' }, t('leaderboard.title')), subtitle)),
    h('div', { class: 'filters card' },
      h('div', { class: 'filters-row' },
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('filter.topic')), topicSelect),
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('filter.lang')), langSelect),
        topicLink),
      chips),
    results);

  // Topics: the filter and the chips of the largest ones. Not fatal when they fail.
  loadTopics().then((tp) => {
    if (!ctx.alive()) return;
    const list = tp.topics.filter((x) => x.accounts > 0)
      .sort((a, b) => topicLabel(a).localeCompare(topicLabel(b), undefined, { sensitivity: 'base' }));
    for (const x of list) {
      topicSelect.append(h('option', { value: x.topic }, `${topicLabel(x)} (${int(x.accounts)})`));
    }
    topicSelect.value = topic;
    const chosen = tp.topics.find((x) => x.topic === topic);
    if (chosen) {
      topicLink.append(h('a', { href: topicHref(topic), class: 'link-arrow' }, t('filter.open_topic', { topic: topicLabel(chosen) })));
    }
    const biggest = tp.topics.filter((x) => x.accounts > 0).sort((a, b) => b.accounts - a.accounts).slice(0, 12);
    chips.append(...biggest.map((x) => h('a', { class: 'chip', href: topicHref(x.topic) },
      topicLabel(x), h('span', { class: 'chip-count' }, int(x.accounts)))));
  }).catch((e) => {
    if (!ctx.alive()) return;
    chips.append(errorBox(e));
  });

  const load = async () => {
    const cursor = cursors[cursors.length - 1];
    clear(results);
    results.append(loading());
    try {
      const data = await api.leaderboard({ topic, lang, limit: PAGE_SIZE, cursor });
      if (!ctx.alive()) return;
      subtitle.textContent = t('leaderboard.sub', { total: int(data.total), shown: int(data.shown), as_of: dateTime(data.as_of) });
      clear(results);
      if (data.items.length === 0) {
        results.append(h('div', { class: 'card' }, h('p', { class: 'empty' }, t('leaderboard.empty'))));
        return;
      }
      const onPage = (dir) => {
        if (dir > 0 && data.next_cursor) cursors.push(data.next_cursor);
        else if (dir < 0 && cursors.length > 1) cursors.pop();
        load().then(() => results.scrollIntoView({ block: 'start', behavior: 'smooth' }));
      };
      results.append(h('div', { class: 'card card-flush' },
        rankingTable(data, { topic, caption: t('leaderboard.title') }),
        pager(data, cursors, onPage)));
    } catch (e) {
      if (!ctx.alive()) return;
      clear(results);
      results.append(errorBox(e, load));
    }
  };
  await load();
}
