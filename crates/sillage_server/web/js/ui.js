// Shared pieces of the pages: loading states, polite errors, cards, badges.

import { h } from './dom.js';
import { t } from './i18n.js';

export function loading(label) {
  return h('div', { class: 'loading', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', null, label || t('loading')));
}

/** A polite explanation of an API error (or a network failure), with a retry button. */
export function errorBox(err, retry) {
  const type = err && err.type;
  let lead;
  if (err && err.code === 'network') lead = t('error.network');
  else if (type === 'not_found') lead = t('error.not_found');
  else if (type === 'invalid_request') lead = t('error.invalid');
  else if (type === 'unauthorized' || type === 'forbidden') lead = t('error.unauthorized');
  else if (type === 'unavailable' || (err && err.code === 'not_ready')) lead = t('error.unavailable');
  else lead = t('error.generic');
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('div', { class: 'notice-icon', 'aria-hidden': 'true' }, '!'),
    h('div', { class: 'notice-body' },
      h('p', { class: 'notice-title' }, lead),
      err && err.message ? h('p', { class: 'notice-detail' }, t('error.server_said'), ' ', h('q', null, err.message)) : null,
      err && err.code ? h('p', { class: 'notice-code' }, t('error.code'), ' ', h('code', null, err.code),
        err.status ? ` · HTTP ${err.status}` : '') : null,
      retry ? h('button', { class: 'btn btn-small', type: 'button', onclick: retry }, t('retry')) : null));
}

export function card(title, attrs, ...children) {
  const { subtitle, actions, ...rest } = attrs || {};
  return h('section', { class: ['card', rest.class], id: rest.id, 'aria-label': typeof title === 'string' ? title : null },
    title ? h('header', { class: 'card-head' },
      h('div', null,
        h('h2', { class: 'card-title' }, title),
        subtitle ? h('p', { class: 'card-sub' }, subtitle) : null),
      actions || null) : null,
    ...children);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

export function stat(label, value, note, attrs) {
  return h('div', { class: ['stat', attrs && attrs.class] },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    note ? h('div', { class: 'stat-note' }, note) : null);
}

export const COMPONENTS = ['authority', 'reach', 'amplification', 'activity', 'outreach'];

/** A trust figure (0–1) with its reasons, translated where known. */
export function trustReason(reason) {
  const key = {
    'engages at an automated rate': 'trust.bot',
    'member of an insular group that mostly amplifies itself (ring-like)': 'trust.ring',
    'recently created account': 'trust.fresh',
  }[reason];
  return key ? t(key) : reason;
}

export function langName(code) {
  if (code === 'fr') return t('lang.name.fr');
  if (code === 'en') return t('lang.name.en');
  return code || '—';
}
