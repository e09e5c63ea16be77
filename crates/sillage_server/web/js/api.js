// The /v1 API client: every answer is JSON; every error is {code, type, message}.

export class ApiError extends Error {
  constructor(status, code, type, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.type = type;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    q.append(k, String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export async function get(path, params) {
  let response;
  try {
    response = await fetch(path + query(params), { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'network', 'unavailable', String(e && e.message ? e.message : e));
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const b = body || {};
    throw new ApiError(response.status, b.code || `http_${response.status}`, b.type || 'unknown', b.message || response.statusText);
  }
  if (body === null) throw new ApiError(response.status, 'bad_body', 'internal', 'the answer is not JSON');
  return body;
}

const enc = encodeURIComponent;

export const api = {
  account: (a) => get(`/v1/accounts/${enc(a)}`),
  explain: (a, params) => get(`/v1/accounts/${enc(a)}/explain`, params),
  history: (a) => get(`/v1/accounts/${enc(a)}/history`),
  graph: (a, limit) => get(`/v1/accounts/${enc(a)}/graph`, { limit }),
  leaderboard: (params) => get('/v1/leaderboard', params),
  search: (q, limit) => get('/v1/search', { q, limit }),
  status: () => get('/v1/status'),
  topics: () => get('/v1/topics'),
};

let topicsPromise = null;
/** The topics, fetched once per page load (labels, parents, sizes). */
export function topics() {
  if (!topicsPromise) {
    topicsPromise = api.topics().catch((e) => {
      topicsPromise = null;
      throw e;
    });
  }
  return topicsPromise;
}
