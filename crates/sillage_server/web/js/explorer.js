// The API explorer (/api): every operation of /openapi.json, with a form that sends real
// requests to this server and shows the answer. Own code: no Swagger UI.

import { h, add, clear } from './dom.js';
import { t, applyStatic, getLang, setLang, onLangChange } from './i18n.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const MAX_SHOWN = 200000; // characters of a response body drawn

let doc = null;
let token = '';
const values = new Map(); // input id -> value, kept across re-renders (language switch)
const responses = new Map(); // operation key -> last response
const expanded = new Set(); // operation keys shown open

function report(e) {
  (window.__sillageErrors = window.__sillageErrors || []).push(String(e && e.stack ? e.stack : e));
}

function resolve(obj) {
  if (obj && obj.$ref && obj.$ref.startsWith('#/')) {
    let cur = doc;
    for (const part of obj.$ref.slice(2).split('/')) cur = cur ? cur[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    return cur || obj;
  }
  return obj;
}

function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    const shared = (item.parameters || []).map(resolve);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = new Map();
      for (const p of shared.concat((op.parameters || []).map(resolve))) params.set(`${p.in}:${p.name}`, p);
      const security = op.security !== undefined ? op.security : doc.security || [];
      out.push({
        key: `${method} ${path}`,
        slug: `${method}${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, ''),
        method,
        path,
        summary: op.summary || '',
        description: op.description && op.description !== op.summary ? op.description : '',
        params: [...params.values()].filter((p) => p.in === 'path' || p.in === 'query'),
        body: op.requestBody ? resolve(op.requestBody) : null,
        bearer: security.some((req) => Object.keys(req).some((name) => {
          const scheme = doc.components && doc.components.securitySchemes && doc.components.securitySchemes[name];
          return scheme && scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer';
        })),
      });
    }
  }
  return out;
}

// ---- JSON highlighting (text nodes only) --------------------------------------------------------

const TOKEN = /("(?:\\u[\da-fA-F]{4}|\\[^u]|[^\\"])*"(\s*:)?|\b(?:true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text) {
  const pre = h('pre', { class: 'json', tabindex: 0 });
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) pre.append(text.slice(last, m.index));
    let cls = 'j-num';
    if (m[0].startsWith('"')) cls = m[2] ? 'j-key' : 'j-str';
    else if (m[0] === 'true' || m[0] === 'false') cls = 'j-bool';
    else if (m[0] === 'null') cls = 'j-null';
    pre.append(h('span', { class: cls }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) pre.append(text.slice(last));
  return pre;
}

// ---- one operation ------------------------------------------------------------------------------

function typeOf(p) {
  const sch = resolve(p.schema || {});
  let type = Array.isArray(sch.type) ? sch.type.filter((x) => x !== 'null')[0] : sch.type;
  if (!type && sch.enum) type = 'string';
  return { type: type || 'string', schema: sch };
}

function paramInput(op, p) {
  const id = `${op.slug}--${p.in}-${p.name}`;
  const { type, schema } = typeOf(p);
  let input;
  if (type === 'boolean') {
    input = h('select', { class: 'select input', id, name: p.name, dataset: { in: p.in } },
      h('option', { value: '' }, '—'), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
  } else if (schema.enum) {
    input = h('select', { class: 'select input', id, name: p.name, dataset: { in: p.in } },
      h('option', { value: '' }, '—'), schema.enum.map((v) => h('option', { value: v }, v)));
  } else {
    input = h('input', {
      class: 'input', id, name: p.name, dataset: { in: p.in },
      type: type === 'integer' || type === 'number' ? 'number' : 'text',
      min: schema.minimum, step: type === 'integer' ? 1 : null,
      placeholder: p.example !== undefined ? String(p.example) : schema.example !== undefined ? String(schema.example) : null,
      autocomplete: 'off', spellcheck: 'false',
      required: p.required || null,
    });
  }
  if (values.has(id)) input.value = values.get(id);
  input.addEventListener('input', () => values.set(id, input.value));
  input.addEventListener('change', () => values.set(id, input.value));
  return h('div', { class: 'param' },
    h('div', { class: 'param-head' },
      h('label', { for: id, class: 'param-name' }, p.name),
      h('span', { class: 'param-meta' },
        `${t(`api.in.${p.in}`)} · ${type}`,
        p.required ? [' · ', h('span', { class: 'req' }, t('api.required'))] : null)),
    p.description ? h('p', { class: 'param-desc doc-text' }, docText(p.description)) : null,
    input);
}

/** The document's text, with `code` spans. */
function docText(text) {
  return String(text).split(/(`[^`]+`)/).map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1
    ? h('code', null, part.slice(1, -1)) : part));
}

function exampleBody(op) {
  const types = Object.keys((op.body && op.body.content) || {});
  if (types.some((x) => x.includes('ndjson'))) {
    return '{"id":"1001","net":"twitter","kind":"post","actor":"jtang","post":"1001","at":"2014-03-13T09:00:00Z","lang":"fr"}\n'
      + '{"id":"1002","net":"twitter","kind":"repost","actor":"sophie","target":"jtang","post":"1002","parent":"1001","at":"2014-03-13T09:20:00Z"}';
  }
  return '';
}

function responseView(r) {
  const statusClass = `status-${String(r.status)[0]}`;
  const head = h('div', { class: 'response-head' },
    h('span', { class: ['status-code', statusClass] }, r.status ? `${r.status}` : '—'),
    h('span', null, r.statusText || ''),
    h('span', null, t('api.time', { ms: r.ms })),
    r.type ? h('span', null, r.type) : null,
    h('span', { class: 'response-url' }, `${r.method.toUpperCase()} ${r.url}`));
  let body;
  if (r.error) body = h('p', { class: 'op-problem', style: { padding: '12px 14px' } }, t('api.network_error', { message: r.error }));
  else if (r.json !== undefined) body = highlight(JSON.stringify(r.json, null, 2).slice(0, MAX_SHOWN));
  else body = h('pre', { class: 'json', tabindex: 0 }, r.text ? r.text.slice(0, MAX_SHOWN) : t('api.empty_body'));
  return h('div', { class: 'response', role: 'region', 'aria-label': t('api.response'), 'aria-live': 'polite' }, head, body);
}

function curlCommand(op, url, hasBody, contentType) {
  const parts = ['curl'];
  if (op.method !== 'get') parts.push(`-X ${op.method.toUpperCase()}`);
  if (op.bearer) parts.push('-H "Authorization: Bearer $SILLAGE_TOKEN"');
  if (hasBody) parts.push(`-H 'content-type: ${contentType}' --data-binary @events.jsonl`);
  parts.push(`'${location.origin}${url}'`);
  return parts.join(' ');
}

function opCard(op) {
  const problem = h('span', { class: 'op-problem', role: 'status' });
  const out = h('div', { class: 'op-response' });
  if (responses.has(op.key)) out.append(responseView(responses.get(op.key)));
  const contentType = op.body ? Object.keys(op.body.content || {})[0] || 'application/json' : null;
  const bodyId = `${op.slug}--body`;
  const bodyArea = op.body ? h('textarea', { class: 'textarea', id: bodyId, rows: 5, spellcheck: 'false', placeholder: exampleBody(op) }) : null;
  if (bodyArea) {
    if (values.has(bodyId)) bodyArea.value = values.get(bodyId);
    bodyArea.addEventListener('input', () => values.set(bodyId, bodyArea.value));
  }
  const tokenInput = op.bearer ? h('input', {
    class: 'input token-input', type: 'password', id: `${op.slug}--token`, autocomplete: 'off', value: token,
  }) : null;
  if (tokenInput) {
    tokenInput.addEventListener('input', () => {
      token = tokenInput.value;
      for (const other of document.querySelectorAll('.token-input')) if (other !== tokenInput) other.value = token;
    });
  }
  const curlBox = h('pre');
  const send = h('button', { class: 'btn btn-primary send', type: 'button' }, t('api.send'));
  const form = h('form', { class: 'op-form', novalidate: true });

  const build = () => {
    let path = op.path;
    const query = new URLSearchParams();
    for (const p of op.params) {
      const el = form.querySelector(`[id="${op.slug}--${p.in}-${p.name}"]`);
      const v = el ? el.value.trim() : '';
      if (!v) {
        if (p.required) return { missing: p.name };
        continue;
      }
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(v));
      else query.append(p.name, v);
    }
    const qs = query.toString();
    return { url: qs ? `${path}?${qs}` : path };
  };
  const refreshCurl = () => {
    const b = build();
    curlBox.textContent = curlCommand(op, b.url || op.path, Boolean(op.body), contentType);
  };
  form.addEventListener('input', refreshCurl);

  const submit = async (ev) => {
    if (ev) ev.preventDefault();
    problem.textContent = '';
    const b = build();
    if (b.missing) {
      problem.textContent = t('api.missing', { name: b.missing });
      return;
    }
    const headers = { accept: 'application/json' };
    if (op.bearer && token) headers.authorization = `Bearer ${token}`;
    const init = { method: op.method.toUpperCase(), headers };
    if (op.body && bodyArea.value) {
      headers['content-type'] = contentType;
      init.body = bodyArea.value.endsWith('\n') ? bodyArea.value : `${bodyArea.value}\n`;
    }
    send.disabled = true;
    send.textContent = t('api.sending');
    const started = performance.now();
    const r = { method: op.method, url: b.url };
    try {
      const res = await fetch(b.url, init);
      r.status = res.status;
      r.statusText = res.statusText;
      r.type = (res.headers.get('content-type') || '').split(';')[0];
      r.text = await res.text();
      if (r.type.includes('json')) {
        try {
          r.json = JSON.parse(r.text);
        } catch (e) {
          r.json = undefined;
        }
      }
    } catch (e) {
      r.status = 0;
      r.error = String(e && e.message ? e.message : e);
    }
    r.ms = Math.round(performance.now() - started);
    responses.set(op.key, r);
    send.disabled = false;
    send.textContent = t('api.send');
    clear(out).append(responseView(r));
  };
  form.addEventListener('submit', submit);
  send.addEventListener('click', submit);

  add(form,
    h('div', { class: 'op-section' },
      h('h3', null, t('api.params')),
      op.params.length ? h('div', { class: 'params' }, op.params.map((p) => paramInput(op, p))) : h('p', { class: 'muted' }, t('api.no_params'))),
    op.bearer ? h('div', { class: 'op-section' },
      h('div', { class: 'param param-token' },
        h('div', { class: 'param-head' }, h('label', { class: 'param-name', for: `${op.slug}--token` }, t('api.token'))),
        h('p', { class: 'param-desc' }, t('api.token_help')),
        tokenInput)) : null,
    op.body ? h('div', { class: 'op-section' },
      h('h3', null, t('api.body'), ' ', h('code', { class: 'muted' }, contentType)),
      h('p', { class: 'muted', style: { 'font-size': '13px', 'margin-bottom': '6px' } }, t('api.body_help')),
      bodyArea) : null,
    h('div', { class: 'op-actions' }, send, problem),
    h('details', { class: 'curl' }, h('summary', null, t('api.curl')), curlBox));
  refreshCurl();

  const body = h('div', { class: 'op-body', id: `${op.slug}--body-panel`, hidden: !expanded.has(op.key) },
    op.description ? h('p', { class: 'op-description doc-text' }, docText(op.description)) : null,
    form,
    out);
  const head = h('button', {
    class: 'op-head', type: 'button', 'aria-expanded': String(expanded.has(op.key)), 'aria-controls': body.id,
    onclick: () => setOpen(!expanded.has(op.key)),
  },
  h('span', { class: `method method-${op.method}` }, op.method.toUpperCase()),
  h('span', { class: 'op-title' },
    h('span', { class: 'op-path' }, op.path),
    op.summary ? h('span', { class: 'op-summary doc-text' }, docText(op.summary)) : null),
  op.bearer ? h('span', { class: 'badge badge-warn op-auth' }, t('api.auth_needed')) : null,
  h('span', { class: 'chevron', 'aria-hidden': 'true' }));
  const section = h('section', { class: ['card op', expanded.has(op.key) && 'open'], id: op.slug, dataset: { op: op.key } }, head, body);
  const setOpen = (open) => {
    if (open) expanded.add(op.key);
    else expanded.delete(op.key);
    body.hidden = !open;
    head.setAttribute('aria-expanded', String(open));
    section.classList.toggle('open', open);
  };
  section.open = () => setOpen(true);
  return section;
}

// ---- the page -----------------------------------------------------------------------------------

function render() {
  const root = document.getElementById('explorer');
  const filterId = 'ops-filter';
  const previousFilter = values.get(filterId) || '';
  clear(root);
  const ops = operations();
  const byPath = new Map();
  for (const op of ops) {
    if (!byPath.has(op.path)) byPath.set(op.path, []);
    byPath.get(op.path).push(op);
  }
  const filter = h('input', { class: 'input', id: filterId, type: 'search', placeholder: t('api.filter'), 'aria-label': t('api.filter'), value: previousFilter });
  const navList = h('ul', null, ops.map((op) => h('li', { dataset: { key: `${op.key} ${op.summary}`.toLowerCase() } },
    h('a', {
      href: `#${op.slug}`,
      onclick: (ev) => {
        ev.preventDefault();
        openOperation(op.slug);
        history.replaceState(null, '', `#${op.slug}`);
      },
    }, h('span', { class: `method method-${op.method}` }, op.method.toUpperCase()), h('span', { class: 'doc-text' }, op.path)))));
  const noMatch = h('p', { class: 'empty', hidden: true });
  const groups = [...byPath.entries()].map(([path, list]) => h('div', { class: 'path-group', dataset: { key: list.map((o) => `${o.key} ${o.summary}`).join(' ').toLowerCase() } },
    h('h2', { class: 'path-title' }, path),
    list.map(opCard)));
  const applyFilter = () => {
    const q = filter.value.trim().toLowerCase();
    values.set(filterId, filter.value);
    let shown = 0;
    for (const li of navList.children) li.hidden = Boolean(q) && !li.dataset.key.includes(q);
    for (const g of groups) {
      g.hidden = Boolean(q) && !g.dataset.key.includes(q);
      if (!g.hidden) shown += 1;
    }
    noMatch.hidden = shown > 0;
    noMatch.textContent = t('api.no_match', { q: filter.value.trim() });
  };
  filter.addEventListener('input', applyFilter);
  root.append(h('div', { class: 'explorer' },
    h('nav', { class: 'card ops-nav', 'aria-label': t('api.operations') }, h('h2', { class: 'card-title', style: { 'margin-bottom': '10px' } }, t('api.operations')), filter, navList),
    h('div', { class: 'ops' }, noMatch, groups)));
  applyFilter();
  const v = document.getElementById('api-version');
  if (v && doc.info && doc.info.version) v.textContent = `(${doc.info.title || 'API'}, ${t('api.version', { version: doc.info.version })})`;
}

function openOperation(slug) {
  const section = document.getElementById(slug);
  if (!section || !section.open) return;
  section.open();
  section.scrollIntoView({ block: 'start' });
  const first = section.querySelector('input, select, textarea, button.send');
  if (first) first.focus({ preventScroll: true });
}

function paintLang() {
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === getLang()));
  applyStatic(document);
  document.title = `${t('api.title')} · ${t('brand')}`;
}

async function start() {
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLang(b.dataset.lang));
  onLangChange(() => {
    paintLang();
    if (doc) render();
  });
  paintLang();
  const root = document.getElementById('explorer');
  root.append(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), t('loading')));
  try {
    const res = await fetch('/openapi.json', { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = await res.json();
    render();
    if (location.hash) openOperation(location.hash.slice(1));
  } catch (e) {
    clear(root).append(h('div', { class: 'notice notice-error', role: 'alert' },
      h('div', { class: 'notice-icon', 'aria-hidden': 'true' }, '!'),
      h('div', { class: 'notice-body' },
        h('p', { class: 'notice-title' }, t('api.load_failed')),
        h('p', { class: 'notice-detail' }, String(e && e.message ? e.message : e)),
        h('button', { class: 'btn btn-small', type: 'button', onclick: () => location.reload() }, t('retry')))));
    if (!(e instanceof TypeError) && !(e instanceof SyntaxError) && !String(e.message).startsWith('HTTP')) report(e);
  }
}

start();
