//! The served world: every stored event held in memory, scores recomputed as events arrive, each
//! computation a complete, immutable snapshot that readers query without touching the model's
//! inputs (the server swaps snapshots atomically).
//!
//! [`LiveWorld`] follows the store: [`LiveWorld::catch_up`] reads the events and accounts stored
//! since it last looked (by row id, which only grows), so pushes, CLI ingests and account
//! updates all reach the served scores. [`LiveWorld::prepare`] builds the model input as of the
//! newest event; [`Prepared::compute`] runs the model outside any lock and returns a [`Served`].

use std::collections::HashMap;

use sillage_model::{AccountKey, Instant};
use sillage_score::ScoreConfig;
use sillage_score::model::{Component, ModelInput, compute};
use sillage_store::{AccountRow, Store};
use sillage_topics::Taxonomy;

use crate::explain::{Head, explain_core};
use crate::input::{AccountMeta, InputBuilder, Nodes, primary_language};
use crate::score::{Recomputed, config_from_json};
use crate::top::Components;
use crate::{
    AccountExplanation, ComponentView, ExplainOptions, PipelineError, RankedAccount, ScoreOptions, TopOptions,
    TopicLine, TopicView,
};

/// The configuration the served scores are computed with.
#[derive(Debug, Clone)]
pub struct LiveSettings {
    pub config: ScoreConfig,
    pub taxonomy: Taxonomy,
    pub trusted: Vec<AccountKey>,
    /// Where it came from: `score run #N` or `defaults`.
    pub origin: String,
}

impl LiveSettings {
    /// The configuration recorded by the store's latest score run (so that served scores and
    /// `sillage explain` agree), else `fallback`'s.
    pub fn of_store(store: &Store, fallback: &ScoreOptions) -> Result<LiveSettings, PipelineError> {
        if let Some(run) = store.latest_score_run()? {
            let (config, taxonomy, trusted) = config_from_json(&run.run.config)?;
            return Ok(LiveSettings {
                config,
                taxonomy,
                trusted,
                origin: format!("score run #{}", run.id),
            });
        }
        Ok(LiveSettings {
            config: fallback.config.validate()?,
            taxonomy: fallback.taxonomy.clone().unwrap_or_default(),
            trusted: fallback.trusted.clone(),
            origin: "defaults".to_owned(),
        })
    }
}

/// What the served world shows of an account beside its scores.
#[derive(Debug, Clone, Default)]
struct Profile {
    name: Option<String>,
    username: Option<String>,
    org: Option<String>,
}

/// Every stored event and account, kept in step with the store.
pub struct LiveWorld {
    settings: LiveSettings,
    builder: InputBuilder,
    accounts: Vec<AccountMeta>,
    profiles: HashMap<i64, Profile>,
    last_row: i64,
    last_account: i64,
    events: u64,
    newest: Option<Instant>,
    version: u64,
}

impl LiveWorld {
    /// Reads every event and account of `store`.
    pub fn load(store: &Store, settings: LiveSettings) -> Result<LiveWorld, PipelineError> {
        let builder = InputBuilder::new(&settings.taxonomy);
        let mut world = LiveWorld {
            settings,
            builder,
            accounts: Vec::new(),
            profiles: HashMap::new(),
            last_row: 0,
            last_account: 0,
            events: 0,
            newest: None,
            version: 0,
        };
        world.reload_accounts(store)?;
        world.catch_up(store)?;
        Ok(world)
    }

    pub fn settings(&self) -> &LiveSettings {
        &self.settings
    }

    /// Grows with every change; a snapshot computed from version `v` is stale once this is > v.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Events held.
    pub fn event_count(&self) -> u64 {
        self.events
    }

    /// The newest event's instant.
    pub fn newest(&self) -> Option<Instant> {
        self.newest
    }

    fn add_account(&mut self, a: AccountRow) {
        self.last_account = self.last_account.max(a.id);
        self.profiles.insert(
            a.id,
            Profile {
                name: a.name,
                username: a.username,
                org: a.org,
            },
        );
        self.accounts.push(AccountMeta {
            id: a.id,
            key: a.key,
            opt_out: a.opt_out,
            created_at: a.created_at,
            followers: a.followers,
            following: a.following,
            lang: a.lang,
        });
    }

    /// Rereads every account: account records (opt-outs among them) change accounts in place.
    pub fn reload_accounts(&mut self, store: &Store) -> Result<(), PipelineError> {
        self.accounts.clear();
        self.profiles.clear();
        for a in store.accounts_after(0)? {
            self.add_account(a);
        }
        self.version += 1;
        Ok(())
    }

    /// Reads the accounts and events stored since the last call; returns how many events.
    pub fn catch_up(&mut self, store: &Store) -> Result<u64, PipelineError> {
        for a in store.accounts_after(self.last_account)? {
            self.add_account(a);
        }
        let mut added = 0;
        let (builder, last_row, newest) = (&mut self.builder, &mut self.last_row, &mut self.newest);
        store.for_each_event_row_after(*last_row, |row| {
            *last_row = (*last_row).max(row.row);
            *newest = (*newest).max(Some(row.at));
            added += 1;
            builder.add_row(&row);
        })?;
        self.events += added;
        if added > 0 {
            self.version += 1;
        }
        Ok(added)
    }

    /// The model input as of the newest event; `None` while there is no event. Cheap next to
    /// [`Prepared::compute`], which needs no access to the world.
    pub fn prepare(&self) -> Option<Prepared> {
        let as_of = self.newest?;
        let (input, nodes) = self.builder.finish(&self.accounts, &self.settings.trusted, as_of);
        let profiles = nodes
            .ids
            .iter()
            .map(|id| self.profiles.get(id).cloned().unwrap_or_default())
            .collect();
        Some(Prepared {
            input,
            nodes,
            profiles,
            config: self.settings.config,
            taxonomy: self.settings.taxonomy.clone(),
            trusted: self.settings.trusted.clone(),
            version: self.version,
            events: self.events,
        })
    }
}

/// A computation ready to run.
pub struct Prepared {
    input: ModelInput,
    nodes: Nodes,
    profiles: Vec<Profile>,
    config: ScoreConfig,
    taxonomy: Taxonomy,
    trusted: Vec<AccountKey>,
    version: u64,
    events: u64,
}

impl Prepared {
    /// Runs the model and indexes the result for queries.
    pub fn compute(self) -> Served {
        let clock = std::time::Instant::now();
        let as_of = self.input.as_of;
        let model = compute(self.input, &self.config);
        let world = Recomputed {
            model,
            nodes: self.nodes,
            taxonomy: self.taxonomy,
        };
        let mut served = Served::index(world, self.profiles, self.version, self.events, as_of);
        served.trusted = self.trusted;
        served.compute_seconds = clock.elapsed().as_secs_f64();
        served
    }
}

/// One account as the API shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountView {
    pub account: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub org: Option<String>,
    pub lang: Option<String>,
    pub as_of: Instant,
    /// 1–100.
    pub score: f64,
    pub percentile: f64,
    /// 1-based position among the shown accounts.
    pub position: u64,
    /// Shown accounts (the percentiles' population).
    pub shown: u64,
    pub components: Vec<ComponentView>,
    pub outreach_level: u32,
    pub trust: f64,
    pub trust_reasons: Vec<&'static str>,
    /// Topics with a positive topic score, best first.
    pub topics: Vec<TopicView>,
}

/// A search hit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    pub account: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub score: f64,
    pub position: u64,
}

/// A node of an account's neighbourhood.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GraphNode {
    pub account: String,
    pub name: Option<String>,
    pub score: f64,
    /// `center`, `engager` (engages the centre), `engaged` (engaged by it), or `both`.
    pub role: &'static str,
}

/// A weighted engagement edge (`source` engages `target`), by node index.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GraphEdge {
    pub source: usize,
    pub target: usize,
    /// The edge's weight in the authority graph (decayed, discounted engagement).
    pub weight: f64,
}

/// An account's neighbourhood in the engagement graph: its strongest engagers and the accounts it
/// engages most, with the edges among them. Opted-out accounts are left out.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Neighbourhood {
    pub account: String,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Engagers and engaged accounts in all (before the limit).
    pub engagers_total: usize,
    pub engaged_total: usize,
}

/// Out-edges by source: `edges[start[u]..start[u + 1]]` are `u`'s `(target, weight)`.
type OutEdges = (Vec<usize>, Vec<(u32, f64)>);

/// One computed snapshot with the indexes queries need.
pub struct Served {
    world: Recomputed,
    trusted: Vec<AccountKey>,
    profiles: Vec<Profile>,
    /// The world version it was computed from.
    pub version: u64,
    /// Events it was computed from.
    pub events: u64,
    pub as_of: Instant,
    /// Seconds the model took.
    pub compute_seconds: f64,
    /// Shown, scored accounts, best first (ties by key).
    order: Vec<u32>,
    /// 1-based position by compact id (0: not shown or not scored).
    position: Vec<u64>,
    /// Lowercased handle, username and name → compact id, sorted, for prefix search.
    search: Vec<(String, u32)>,
    /// Each account's topics with a positive score: `(account, index in model.topics, index in
    /// its scores)`, sorted by account.
    topic_index: Vec<(u32, u32, u32)>,
    /// Out-edges by source (the graph holds in-edges), built on the first neighbourhood asked.
    out_edges: std::sync::OnceLock<OutEdges>,
}

impl Served {
    fn index(world: Recomputed, profiles: Vec<Profile>, version: u64, events: u64, as_of: Instant) -> Served {
        let model = &world.model;
        let n = world.nodes.keys.len();
        let mut order: Vec<u32> = (0..n as u32)
            .filter(|&c| model.facts[c as usize].shown && model.accounts[c as usize].score.is_some())
            .collect();
        let score = |c: u32| model.accounts[c as usize].score.unwrap_or(0.0);
        order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
        // Equal scores share a position, as the store's snapshot does.
        let mut position = vec![0u64; n];
        for (i, &c) in order.iter().enumerate() {
            position[c as usize] = if i > 0 && score(order[i - 1]) == score(c) {
                position[order[i - 1] as usize]
            } else {
                i as u64 + 1
            };
        }
        let mut search = Vec::with_capacity(order.len() * 2);
        for &c in &order {
            let key = &world.nodes.keys[c as usize];
            search.push((key.handle.to_lowercase(), c));
            let p = &profiles[c as usize];
            if let Some(u) = &p.username {
                search.push((u.trim_start_matches('@').to_lowercase(), c));
            }
            if let Some(name) = &p.name {
                search.push((name.to_lowercase(), c));
            }
        }
        search.sort_unstable();
        search.dedup();
        let mut topic_index: Vec<(u32, u32, u32)> = Vec::new();
        for (t, result) in world.model.topics.iter().enumerate() {
            for (i, s) in result.scores.iter().enumerate() {
                if s.score > 0.0 {
                    topic_index.push((s.account, t as u32, i as u32));
                }
            }
        }
        topic_index.sort_unstable();
        Served {
            world,
            trusted: Vec::new(),
            profiles,
            version,
            events,
            as_of,
            compute_seconds: 0.0,
            order,
            position,
            search,
            topic_index,
            out_edges: std::sync::OnceLock::new(),
        }
    }

    /// Accounts `c` engages, with the edges' weights.
    fn out_edges(&self, c: u32) -> &[(u32, f64)] {
        let (start, edges) = self.out_edges.get_or_init(|| {
            let graph = &self.world.model.graph;
            let n = graph.node_count() as usize;
            let mut start = vec![0usize; n + 1];
            for e in graph.edges() {
                start[e.source as usize + 1] += 1;
            }
            for i in 0..n {
                start[i + 1] += start[i];
            }
            let mut fill = start.clone();
            let mut edges = vec![(0u32, 0.0f64); start[n]];
            for e in graph.edges() {
                edges[fill[e.source as usize]] = (e.target, e.weight);
                fill[e.source as usize] += 1;
            }
            (start, edges)
        });
        let c = c as usize;
        if c + 1 < start.len() {
            &edges[start[c]..start[c + 1]]
        } else {
            &[]
        }
    }

    /// Shown, scored accounts.
    pub fn shown(&self) -> u64 {
        self.order.len() as u64
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.world.taxonomy
    }

    fn key(&self, c: u32) -> String {
        self.world.nodes.keys[c as usize].to_string()
    }

    fn scored(&self, c: u32) -> bool {
        self.position[c as usize] > 0
    }

    /// Finds a shown, scored account from `network:handle`, a handle one network has, or a
    /// username (as [`crate::resolve_account`] does in the store).
    pub fn find(&self, name: &str) -> Result<u32, PipelineError> {
        let keys = &self.world.nodes.keys;
        let unknown = || PipelineError::UnknownAccount(name.to_owned());
        if name.contains(':')
            && let Ok(key) = AccountKey::parse(name)
            && let Ok(c) = keys.binary_search(&key)
        {
            let c = c as u32;
            return if self.scored(c) { Ok(c) } else { Err(unknown()) };
        }
        let bare = name.trim_start_matches('@');
        // A handle on any network, whole (Bluesky DIDs hold colons), then a username, on the
        // network named before the first colon if there is one, else on any.
        let mut found = self.exact(bare, |c| keys[c as usize].handle == bare);
        if found.is_empty() {
            let (net, wanted) = match bare.split_once(':') {
                Some((net, rest)) if !net.is_empty() => (Some(net), rest.trim_start_matches('@')),
                _ => (None, bare),
            };
            let lower = wanted.to_lowercase();
            found = self.exact(wanted, |c| {
                net.is_none_or(|n| keys[c as usize].net == n)
                    && self.profiles[c as usize]
                        .username
                        .as_deref()
                        .is_some_and(|u| u.trim_start_matches('@').to_lowercase() == lower)
            });
        }
        match found.len() {
            0 => Err(unknown()),
            1 => Ok(found[0]),
            _ => Err(PipelineError::AmbiguousAccount {
                handle: name.to_owned(),
                candidates: found.iter().map(|&c| self.key(c)).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Shown accounts whose lowercased handle, username or name is `text` lowercased, kept by
    /// `keep`, in key order.
    fn exact(&self, text: &str, keep: impl Fn(u32) -> bool) -> Vec<u32> {
        let lower = text.to_lowercase();
        let from = self.search.partition_point(|(k, _)| k.as_str() < lower.as_str());
        let mut found: Vec<u32> = self.search[from..]
            .iter()
            .take_while(|(k, _)| *k == lower)
            .map(|&(_, c)| c)
            .filter(|&c| keep(c))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    fn components(&self, c: u32) -> Vec<ComponentView> {
        let model = &self.world.model;
        let a = &model.accounts[c as usize];
        let (values, pcts) = (a.values.unwrap_or_default(), a.percentiles.unwrap_or_default());
        Component::ALL
            .iter()
            .map(|x| ComponentView {
                component: x.as_str(),
                value: values[x.index()],
                percentile: pcts[x.index()],
                weight: model.weights[x.index()],
                points: 0.99 * model.weights[x.index()] * values[x.index()],
            })
            .collect()
    }

    /// The topics where `c` has a positive score, best first.
    fn topics_of(&self, c: u32) -> Vec<TopicView> {
        let from = self.topic_index.partition_point(|x| x.0 < c);
        let mut topics: Vec<TopicView> = self.topic_index[from..]
            .iter()
            .take_while(|x| x.0 == c)
            .map(|&(_, t, i)| {
                let t = &self.world.model.topics[t as usize];
                let s = &t.scores[i as usize];
                let topic = &self.world.taxonomy.topics()[t.topic];
                TopicView {
                    topic: topic.id().to_owned(),
                    label_fr: topic.fr().to_owned(),
                    label_en: topic.en().to_owned(),
                    score: s.score,
                    percentile: s.percentile,
                }
            })
            .collect();
        topics.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.topic.cmp(&b.topic)));
        topics
    }

    /// A found account's scores, components and topics.
    pub fn account(&self, c: u32) -> AccountView {
        let model = &self.world.model;
        let a = &model.accounts[c as usize];
        let p = &self.profiles[c as usize];
        let trust = model.trust[c as usize];
        AccountView {
            account: self.key(c),
            name: p.name.clone(),
            username: p.username.clone(),
            org: p.org.clone(),
            lang: self.world.nodes.langs[c as usize].clone(),
            as_of: self.as_of,
            score: a.score.unwrap_or(0.0),
            percentile: a.percentile.unwrap_or(0.0),
            position: self.position[c as usize],
            shown: self.shown(),
            components: self.components(c),
            outreach_level: a.outreach_level,
            trust: trust.value,
            trust_reasons: trust.reasons(),
            topics: self.topics_of(c),
        }
    }

    fn ranked(&self, position: u64, c: u32, topic_score: Option<f64>) -> RankedAccount {
        let a = &self.world.model.accounts[c as usize];
        let p = &self.profiles[c as usize];
        RankedAccount {
            position,
            account: self.key(c),
            name: p.name.clone(),
            score: a.score.unwrap_or(0.0),
            percentile: a.percentile.unwrap_or(0.0),
            components: Components::from_array(a.values.unwrap_or_default()),
            outreach_level: a.outreach_level,
            topic_score,
            lang: self.world.nodes.langs[c as usize].clone(),
            org: p.org.clone(),
        }
    }

    /// The leaderboard, overall or in a topic, filtered; `offset` skips (paging). Returns the
    /// page and the number of accounts the filters keep.
    pub fn leaderboard(
        &self,
        options: &TopOptions,
        offset: usize,
    ) -> Result<(Vec<RankedAccount>, usize), PipelineError> {
        let lang = options.lang.as_deref().map(primary_language);
        let keep = |c: u32| {
            let lang_ok = lang
                .as_deref()
                .is_none_or(|l| self.world.nodes.langs[c as usize].as_deref() == Some(l));
            let org = self.profiles[c as usize].org.as_deref();
            let org_ok = !options
                .exclude_orgs
                .iter()
                .any(|x| org.is_some_and(|o| o.eq_ignore_ascii_case(x)));
            lang_ok && org_ok && self.scored(c)
        };
        let limit = if options.limit == 0 { usize::MAX } else { options.limit };
        let page_of = |list: &mut dyn Iterator<Item = (u32, Option<f64>)>| -> (Vec<RankedAccount>, usize) {
            let mut page = Vec::new();
            let mut total = 0;
            for (i, (c, t)) in list.enumerate() {
                if i >= offset && page.len() < limit {
                    page.push(self.ranked(i as u64 + 1, c, t));
                }
                total += 1;
            }
            (page, total)
        };
        let unfiltered = lang.is_none() && options.exclude_orgs.is_empty();
        Ok(match &options.topic {
            // The common case pages the ready order without looking at the other accounts.
            None if unfiltered => {
                let page = self
                    .order
                    .iter()
                    .enumerate()
                    .skip(offset)
                    .take(limit)
                    .map(|(i, &c)| self.ranked(i as u64 + 1, c, None))
                    .collect();
                (page, self.order.len())
            }
            None => page_of(&mut self.order.iter().copied().filter(|&c| keep(c)).map(|c| (c, None))),
            Some(topic) => {
                let t = self.world.taxonomy.index_of(topic).ok_or_else(|| {
                    PipelineError::Refused(format!("unknown topic {topic:?}; GET /v1/topics lists them"))
                })?;
                match self.world.model.topics.iter().find(|r| r.topic == t) {
                    None => (Vec::new(), 0),
                    Some(r) => page_of(
                        &mut r
                            .scores
                            .iter()
                            .filter(|s| keep(s.account))
                            .map(|s| (s.account, Some(s.score))),
                    ),
                }
            }
        })
    }

    /// Every topic of the taxonomy with its size and best account, topics with accounts first.
    pub fn topics(&self) -> Vec<TopicLine> {
        let taxonomy = &self.world.taxonomy;
        let mut lines: Vec<TopicLine> = taxonomy
            .topics()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let result = self.world.model.topics.iter().find(|r| r.topic == i);
                let shown: Vec<_> = result
                    .map(|r| r.scores.iter().filter(|s| self.scored(s.account)).collect())
                    .unwrap_or_default();
                let best = shown.first();
                TopicLine {
                    topic: t.id().to_owned(),
                    label_fr: t.fr().to_owned(),
                    label_en: t.en().to_owned(),
                    parent: t.parent().and_then(|p| taxonomy.get(p)).map(|p| p.id().to_owned()),
                    accounts: shown.len() as u64,
                    best: best.map(|s| self.key(s.account)),
                    best_score: best.map(|s| s.score),
                    score: None,
                    percentile: None,
                }
            })
            .collect();
        lines.sort_by(|a, b| b.accounts.cmp(&a.accounts).then(a.topic.cmp(&b.topic)));
        lines
    }

    /// Accounts whose handle, username or name starts with `query` (no case), best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let q = query.trim().trim_start_matches('@').to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let start = self.search.partition_point(|(k, _)| k.as_str() < q.as_str());
        let mut hits: Vec<u32> = self.search[start..]
            .iter()
            .take_while(|(k, _)| k.starts_with(&q))
            .map(|&(_, c)| c)
            .collect();
        hits.sort_unstable_by_key(|&c| (self.position[c as usize], c));
        hits.dedup();
        hits.truncate(limit);
        hits.into_iter()
            .map(|c| {
                let p = &self.profiles[c as usize];
                SearchHit {
                    account: self.key(c),
                    name: p.name.clone(),
                    username: p.username.clone(),
                    score: self.world.model.accounts[c as usize].score.unwrap_or(0.0),
                    position: self.position[c as usize],
                }
            })
            .collect()
    }

    /// `c`'s strongest `limit` engagers (by what they passed on) and the `limit` accounts it
    /// engages most (by edge weight), with every edge among them.
    pub fn neighbourhood(&self, c: u32, limit: usize) -> Neighbourhood {
        let model = &self.world.model;
        let graph = &model.graph;
        let shown = |u: u32| model.facts[u as usize].shown;
        let mut engagers: Vec<(u32, f64)> = model
            .authority
            .contributions(graph, c)
            .neighbours
            .into_iter()
            .filter(|&(u, _)| u != c && shown(u))
            .collect();
        engagers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut engaged: Vec<(u32, f64)> = self
            .out_edges(c)
            .iter()
            .copied()
            .filter(|&(v, _)| v != c && shown(v))
            .collect();
        engaged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (engagers_total, engaged_total) = (engagers.len(), engaged.len());
        let mut members: Vec<(u32, &'static str)> = vec![(c, "center")];
        for &(u, _) in engagers.iter().take(limit) {
            members.push((u, "engager"));
        }
        for &(u, _) in engaged.iter().take(limit) {
            match members.iter_mut().find(|m| m.0 == u) {
                Some(m) => m.1 = "both",
                None => members.push((u, "engaged")),
            }
        }
        let index: HashMap<u32, usize> = members.iter().enumerate().map(|(i, m)| (m.0, i)).collect();
        let mut edges = Vec::new();
        for (i, &(v, _)) in members.iter().enumerate() {
            let (sources, weights) = graph.in_edges(v);
            for (&u, &w) in sources.iter().zip(weights) {
                if let Some(&j) = index.get(&u)
                    && j != i
                {
                    edges.push(GraphEdge {
                        source: j,
                        target: i,
                        weight: w,
                    });
                }
            }
        }
        let nodes = members
            .iter()
            .map(|&(u, role)| GraphNode {
                account: self.key(u),
                name: self.profiles[u as usize].name.clone(),
                score: model.accounts[u as usize].score.unwrap_or(0.0),
                role,
            })
            .collect();
        Neighbourhood {
            account: self.key(c),
            nodes,
            edges,
            engagers_total,
            engaged_total,
        }
    }

    /// Records this snapshot as a score run (histories and `sillage explain` read runs).
    pub fn record(&self, store: &mut Store) -> Result<crate::ScoreSummary, PipelineError> {
        crate::score::record_run(store, &self.world, &self.trusted)
    }

    /// `c`'s score explained; `store` supplies the events' ids and kinds.
    pub fn explain(&self, store: &Store, c: u32, options: ExplainOptions) -> Result<AccountExplanation, PipelineError> {
        let p = &self.profiles[c as usize];
        explain_core(
            store,
            &self.world,
            c,
            Head {
                account: self.key(c),
                name: p.name.clone(),
                run: 0,
                as_of: self.as_of,
                position: self.position[c as usize],
                stored_score: None,
            },
            options,
        )
    }
}
