// The dashboard: hash routes, the header (search, language, freshness) and the pages.

import { api, ApiError } from './api.js';
import { h, clear, accountHref, score, int } from './dom.js';
import { t, applyStatic, getLang, setLang, onLangChange } from './i18n.js';
import { errorBox } from './ui.js';
import { startFreshness } from './freshness.js';
import { leaderboardPage } from './pages/leaderboard.js';
import { accountPage } from './pages/account.js';
import { topicPage } from './pages/topic.js';
import { statusPage } from './pages/status.js';

const routes = [
  [/^\/$/, leaderboardPage, 'leaderboard'],
  [/^\/account\/(.+)$/, accountPage, 'leaderboard'],
  [/^\/topic\/(.+)$/, topicPage, 'leaderboard'],
  [/^\/status$/, statusPage, 'status'],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  return { path: path || '/', query };
}

function report(e) {
  (window.__sillageErrors = window.__sillageErrors || []).push(String(e && e.stack ? e.stack : e));
}

let seq = 0;
let cleanups = [];
let lastPath = null;

async function route() {
  const my = ++seq;
  for (const f of cleanups) {
    try {
      f();
    } catch (e) {
      report(e);
    }
  }
  cleanups = [];
  const { path, query } = parseHash();
  const view = document.getElementById('view');
  const samePage = path === lastPath;
  lastPath = path;
  clear(view);
  view.setAttribute('aria-busy', 'true');
  const ctx = {
    query,
    alive: () => my === seq,
    onCleanup: (f) => cleanups.push(f),
    title: (text) => {
      document.title = text ? `${text} · ${t('brand')}` : t('brand');
    },
    go: (hash) => {
      location.hash = hash;
    },
  };
  let section = null;
  try {
    let found = false;
    for (const [re, page, nav] of routes) {
      const m = path.match(re);
      if (!m) continue;
      found = true;
      section = nav;
      markNav(nav);
      await page(view, ctx, ...m.slice(1).map((x) => decodeURIComponent(x)));
      break;
    }
    if (!found) {
      markNav(null);
      ctx.title(t('notfound.title'));
      view.append(h('div', { class: 'page' },
        h('h1', { class: 'page-title' }, t('notfound.title')),
        h('p', null, t('notfound.text'), ' ', h('a', { href: '#/' }, t('notfound.back')))));
    }
  } catch (e) {
    if (!(e instanceof ApiError)) report(e);
    if (ctx.alive()) clear(view).append(h('div', { class: 'page' }, errorBox(e, () => route())));
  } finally {
    if (ctx.alive()) view.removeAttribute('aria-busy');
  }
  if (!samePage && ctx.alive()) window.scrollTo(0, 0);
  return section;
}

function markNav(section) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// ---- language -----------------------------------------------------------------------------------

function paintLang() {
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === getLang()));
  }
  applyStatic(document);
}

function setupLang() {
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => setLang(b.dataset.lang));
  }
  onLangChange(() => {
    paintLang();
    lastPath = parseHash().path; // keep the scroll position
    route();
  });
  paintLang();
}

// ---- search -----------------------------------------------------------------------------------

function setupSearch() {
  const box = document.getElementById('search-box');
  const input = document.getElementById('search');
  const list = document.getElementById('search-list');
  let timer = null;
  let qseq = 0;
  let items = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    clear(list);
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const go = (key) => {
    input.value = '';
    close();
    input.blur();
    location.hash = accountHref(key);
  };

  const paintActive = () => {
    list.querySelectorAll('[role=option]').forEach((li, i) => {
      li.setAttribute('aria-selected', String(i === active));
      if (i === active) {
        input.setAttribute('aria-activedescendant', li.id);
        li.scrollIntoView({ block: 'nearest' });
      }
    });
  };

  const render = (query) => {
    clear(list);
    if (items.length === 0) {
      list.append(h('li', { class: 'suggestion-empty' }, t('search.none', { q: query })));
    }
    items.forEach((it, i) => {
      list.append(h('li', {
        id: `suggestion-${i}`,
        role: 'option',
        class: 'suggestion',
        'aria-selected': 'false',
        dataset: { account: it.account },
        onmousedown: (e) => e.preventDefault(),
        onclick: () => go(it.account),
        onmousemove: () => {
          if (active !== i) {
            active = i;
            paintActive();
          }
        },
      },
      h('span', { class: 'suggestion-main' },
        h('span', { class: 'suggestion-name' }, it.name || it.account),
        h('span', { class: 'suggestion-key' }, it.username ? `@${it.username} · ${it.account}` : it.account)),
      h('span', { class: 'suggestion-meta' },
        h('span', { class: 'score-pill', title: t('col.score') }, score(it.score)),
        h('span', { class: 'suggestion-pos' }, `#${int(it.position)}`))));
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  const suggest = async () => {
    const q = input.value.trim();
    const my = ++qseq;
    if (!q) {
      close();
      return;
    }
    try {
      const r = await api.search(q, 8);
      if (my !== qseq) return;
      items = r.items || [];
      render(q);
    } catch (e) {
      if (my !== qseq) return;
      items = [];
      clear(list);
      list.append(h('li', { class: 'suggestion-empty' }, t('search.failed')));
      list.hidden = false;
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 160);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (list.hidden || items.length === 0) return;
      e.preventDefault();
      const n = items.length;
      active = e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n;
      paintActive();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const q = input.value.trim();
      if (active >= 0 && items[active]) go(items[active].account);
      else if (!list.hidden && items.length > 0 && qseq > 0) go(items[0].account);
      else if (q) go(q);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('focus', () => {
    if (input.value.trim() && list.hidden) suggest();
  });
  document.addEventListener('click', (e) => {
    if (!box.contains(e.target)) close();
  });
  window.addEventListener('hashchange', close);
}

// ---- start ------------------------------------------------------------------------------------

function start() {
  setupLang();
  setupSearch();
  startFreshness();
  window.addEventListener('hashchange', () => route());
  route();
}

start();
