// #/topic/{id} — one topic: labels, parent and children, size, and its own leaderboard.

import { api, topics as loadTopics } from '../api.js';
import { h, add, clear, int, score, dateTime, accountHref, topicHref } from '../dom.js';
import { t, topicLabel, getLang } from '../i18n.js';
import { loading, errorBox, card, stat } from '../ui.js';
import { rankingTable, pager, PAGE_SIZE } from './leaderboard.js';

export async function topicPage(view, ctx, id) {
  const page = h('div', { class: 'page' });
  view.append(page);
  page.append(loading());
  ctx.title(id);

  const all = await loadTopics();
  if (!ctx.alive()) return;
  const topic = all.topics.find((x) => x.topic === id);
  clear(page);
  if (!topic) {
    page.append(h('h1', { class: 'page-title' }, t('topic.unknown_title')),
      errorBox({ type: 'not_found', code: 'unknown_topic', message: t('topic.unknown', { topic: id }) }));
    return;
  }
  ctx.title(topicLabel(topic));
  const parent = topic.parent ? all.topics.find((x) => x.topic === topic.parent) : null;
  const children = all.topics.filter((x) => x.parent === topic.topic);
  const other = getLang() === 'fr' ? topic.label_en : topic.label_fr;

  const results = h('div', { class: 'results' }, loading());
  add(page,
    h('nav', { class: 'breadcrumb', 'aria-label': t('breadcrumb') },
      h('a', { href: '#/' }, t('leaderboard.title')), h('span', { 'aria-hidden': 'true' }, ' / '),
      parent ? [h('a', { href: topicHref(parent.topic) }, topicLabel(parent)), h('span', { 'aria-hidden': 'true' }, ' / ')] : null,
      h('span', { 'aria-current': 'page' }, topicLabel(topic))),
    h('div', { class: 'page-head' },
      h('div', null,
        h('p', { class: 'eyebrow' }, t('topic.eyebrow')),
        h('h1', { class: 'page-title' }, topicLabel(topic)),
        other && other !== topicLabel(topic) ? h('p', { class: 'page-sub' }, t('topic.other_label', { label: other })) : null)),
    h('div', { class: 'stats-row card' },
      stat(t('topic.accounts'), int(topic.accounts)),
      stat(t('topic.parent'), parent ? h('a', { href: topicHref(parent.topic) }, topicLabel(parent)) : t('topic.no_parent')),
      stat(t('topic.best'), topic.best ? h('a', { href: accountHref(topic.best) }, topic.best) : '—',
        topic.best_score !== null && topic.best_score !== undefined ? t('topic.best_score', { score: score(topic.best_score) }) : null),
      stat(t('topic.id'), h('code', null, topic.topic))),
    children.length ? h('div', { class: 'chips', 'aria-label': t('topic.children') },
      h('span', { class: 'chips-label' }, t('topic.children')),
      children.map((c) => h('a', { class: 'chip', href: topicHref(c.topic) }, topicLabel(c), h('span', { class: 'chip-count' }, int(c.accounts))))) : null,
    results);

  const cursors = [null];
  const load = async () => {
    clear(results).append(loading());
    try {
      const data = await api.leaderboard({ topic: topic.topic, limit: PAGE_SIZE, cursor: cursors[cursors.length - 1] });
      if (!ctx.alive()) return;
      clear(results);
      const onPage = (dir) => {
        if (dir > 0 && data.next_cursor) cursors.push(data.next_cursor);
        else if (dir < 0 && cursors.length > 1) cursors.pop();
        load().then(() => results.scrollIntoView({ block: 'start', behavior: 'smooth' }));
      };
      results.append(card(t('topic.leaderboard'), { class: 'card-flush', subtitle: t('topic.leaderboard_sub', { as_of: dateTime(data.as_of) }) },
        data.items.length ? rankingTable(data, { topic: topic.topic, caption: t('topic.leaderboard') }) : h('p', { class: 'empty' }, t('leaderboard.empty')),
        data.items.length ? pager(data, cursors, onPage) : null));
    } catch (e) {
      if (!ctx.alive()) return;
      clear(results).append(errorBox(e, load));
    }
  };
  await load();
}
