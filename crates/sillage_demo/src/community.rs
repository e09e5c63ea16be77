//! The population: every account's handle, interests and the three heavy-tailed traits that
//! drive what it does (popularity, activity, outreach), planted accounts included.

use rand::RngExt;
use sillage_model::{AccountRecord, EventKind, Instant};

use crate::config::{DAY, DemoConfig, Period};
use crate::log::{AccountId, Log, creates_content};
use crate::names::{self, Handles};
use crate::planted::{BENEFICIARY, INFLUENCERS, LIVE_TWEETER, Planted, RING_SIZE, Role};
use crate::random::{DemoRng, Weighted, between, exp, index, ln, pareto, unit_open};
use crate::text::{FOOTBALL, Lang, TOPICS};

/// Below this many ordinary accounts the planted behaviours have no community to stand out
/// from (the live-tweeter alone draws on hundreds of fans), so smaller requests get this many.
pub const MIN_ORDINARY_ACCOUNTS: usize = 300;

/// Tail index of popularity (how much attention an account attracts). Measured follower and
/// in-degree distributions of social networks have tail indices between 1 and 1.5.
const POPULARITY_ALPHA: f64 = 1.2;
/// A soft ceiling (`x ↦ x·C / (x + C)`) keeps the biggest ordinary account from eclipsing a
/// whole topic: real audiences are bounded by the size of the community, which a pure Pareto
/// law ignores. Being soft, it keeps the order of the largest draws instead of flattening them
/// into a plateau.
const POPULARITY_CEILING: f64 = 400.0;
/// Tail index of posting activity: most accounts post a few times in three months, a few post
/// daily.
const ACTIVITY_ALPHA: f64 = 1.5;
/// Tail index of outreach, how often an account engages with others.
const OUTREACH_ALPHA: f64 = 1.6;
/// Share of ordinary accounts that never post (they read, like, repost and follow).
const LURKER_SHARE: f64 = 0.35;
/// Share of ordinary accounts with a second interest.
const SECOND_TOPIC_SHARE: f64 = 0.4;
const ENGLISH_SHARE: f64 = 0.15;
const OPT_OUT_SHARE: f64 = 0.01;

/// One account and the traits the generator draws its behaviour from.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub handle: String,
    pub name: String,
    pub bio: Option<&'static str>,
    pub lang: Lang,
    /// Indices into `TOPICS`: the first interest, and possibly a second.
    pub topics: [Option<usize>; 2],
    /// Relative chance of being followed, mentioned and engaged with.
    pub popularity: f64,
    /// Relative chance of writing an original post; 0 for lurkers.
    pub activity: f64,
    /// Relative chance of engaging with someone else.
    pub outreach: f64,
    pub created_at: Instant,
    pub org: Option<&'static str>,
    pub opt_out: bool,
    pub role: Option<Role>,
}

impl Account {
    pub(crate) fn topics(&self) -> impl Iterator<Item = usize> + '_ {
        self.topics.iter().flatten().copied()
    }

    pub(crate) fn has_topic(&self, topic: usize) -> bool {
        self.topics().any(|t| t == topic)
    }

    /// One of the account's interests, uniformly.
    pub(crate) fn some_topic(&self, rng: &mut DemoRng) -> usize {
        match self.topics {
            [Some(a), Some(b)] => {
                if rng.random_bool(0.5) {
                    a
                } else {
                    b
                }
            }
            [Some(a), None] | [None, Some(a)] => a,
            [None, None] => 0,
        }
    }
}

/// Index layout: the five influencers in topic order, then the live-tweeter, the ring
/// beneficiary, the ring members, and the ordinary accounts.
pub(crate) const LIVE: AccountId = 5;
pub(crate) const BENEFICIARY_ID: AccountId = 6;
const FIRST_RING: AccountId = 7;
const FIRST_ORDINARY: AccountId = FIRST_RING + RING_SIZE as AccountId;

pub(crate) fn influencer(topic: usize) -> AccountId {
    topic as AccountId
}

pub(crate) fn ring_members() -> std::ops::Range<AccountId> {
    FIRST_RING..FIRST_ORDINARY
}

/// Everyone in the demo.
#[derive(Debug)]
pub(crate) struct Community {
    pub accounts: Vec<Account>,
    /// Per topic, the accounts interested in it that anyone may follow or mention: ordinary
    /// accounts, the topic's influencer, and (for football) the live-tweeter.
    pub members: Vec<Vec<AccountId>>,
}

impl Community {
    pub(crate) fn build(config: &DemoConfig, period: &Period, rng: &mut DemoRng) -> Community {
        let ordinary = config
            .accounts
            .saturating_sub(FIRST_ORDINARY as usize)
            .max(MIN_ORDINARY_ACCOUNTS);
        let mut accounts = Vec::with_capacity(FIRST_ORDINARY as usize + ordinary);
        let mut handles = Handles::default();
        let topic_weights = Weighted::new((0u32..).zip(TOPICS.iter().map(|t| t.share)));
        for _ in 0..ordinary {
            accounts.push(ordinary_account(rng, period, &mut handles, &topic_weights));
        }
        assign_orgs(&mut accounts);
        let mut everyone = planted_accounts(rng, period, &accounts);
        everyone.extend(accounts);
        let members = (0..TOPICS.len())
            .map(|t| {
                (0..)
                    .zip(&everyone)
                    .filter(|(_, a)| a.has_topic(t))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        Community {
            accounts: everyone,
            members,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.accounts.len()
    }

    pub(crate) fn get(&self, id: AccountId) -> &Account {
        &self.accounts[id as usize]
    }

    pub(crate) fn ordinary(&self) -> std::ops::Range<AccountId> {
        FIRST_ORDINARY..self.accounts.len() as AccountId
    }

    /// Everyone who takes part in ordinary community life: ordinary accounts, the influencers
    /// and the live-tweeter, but not the bot ring.
    pub(crate) fn participants(&self) -> impl Iterator<Item = AccountId> + '_ {
        (0..=LIVE).chain(self.ordinary())
    }

    pub(crate) fn handles(&self) -> Vec<String> {
        self.accounts.iter().map(|a| a.handle.clone()).collect()
    }

    pub(crate) fn planted(&self) -> Vec<Planted> {
        self.accounts
            .iter()
            .filter_map(|a| {
                let role = a.role?;
                let topic = match role {
                    Role::Influencer | Role::LiveTweeter => Some(TOPICS[a.topics[0]?].tag.to_owned()),
                    Role::RingMember | Role::RingBeneficiary => None,
                };
                Some(Planted {
                    role,
                    handle: a.handle.clone(),
                    topic,
                })
            })
            .collect()
    }

    /// The `accounts.jsonl` side records. Follower, following and post counts are those of the
    /// generated events, so the side file and the events never disagree.
    pub(crate) fn records(&self, log: &Log, net: &str) -> Vec<AccountRecord> {
        let n = self.accounts.len();
        let (mut followers, mut following, mut posts) = (vec![0i64; n], vec![0i64; n], vec![0u64; n]);
        for event in log.iter() {
            let actor = event.actor as usize;
            match (event.kind, event.target) {
                (EventKind::Follow, Some(t)) => {
                    followers[t as usize] += 1;
                    following[actor] += 1;
                }
                (EventKind::Unfollow, Some(t)) => {
                    followers[t as usize] -= 1;
                    following[actor] -= 1;
                }
                (kind, _) if creates_content(kind) => posts[actor] += 1,
                _ => {}
            }
        }
        self.accounts
            .iter()
            .enumerate()
            .map(|(i, a)| AccountRecord {
                net: net.to_owned(),
                handle: a.handle.clone(),
                username: None,
                name: Some(a.name.clone()),
                bio: a.bio.map(str::to_owned),
                lang: Some(a.lang.tag().to_owned()),
                followers: Some(followers[i].max(0) as u64),
                following: Some(following[i].max(0) as u64),
                posts: Some(posts[i]),
                created_at: Some(a.created_at),
                org: a.org.map(str::to_owned),
                opt_out: a.opt_out.then_some(true),
            })
            .collect()
    }
}

fn ordinary_account(rng: &mut DemoRng, period: &Period, handles: &mut Handles, topic_weights: &Weighted) -> Account {
    let first = topic_weights.sample(rng).unwrap_or(0) as usize;
    let second = rng.random_bool(SECOND_TOPIC_SHARE).then(|| {
        // Any other topic, uniformly: interests cross freely (a football fan in insurance).
        (first + 1 + index(rng, TOPICS.len() - 1)) % TOPICS.len()
    });
    let lang = if rng.random_bool(ENGLISH_SHARE) {
        Lang::En
    } else {
        Lang::Fr
    };
    let raw = pareto(rng, POPULARITY_ALPHA, 1.0);
    let popularity = raw * POPULARITY_CEILING / (raw + POPULARITY_CEILING);
    // Popular accounts tend to post more, but only loosely: plenty of prolific accounts have
    // small audiences.
    let activity = if rng.random_bool(LURKER_SHARE) {
        0.0
    } else {
        pareto(rng, ACTIVITY_ALPHA, 1.0) * exp(0.3 * ln(popularity))
    };
    let outreach = pareto(rng, OUTREACH_ALPHA, 1.0);
    let bio = rng.random_bool(0.7).then(|| match lang {
        Lang::Fr => TOPICS[first].bio_fr,
        Lang::En => TOPICS[first].bio_en,
    });
    // Accounts were opened over the sixteen years before the period, the last month excluded.
    let age = 30.0 * DAY as f64 + unit_open(rng) * 16.0 * 365.0 * DAY as f64;
    Account {
        handle: handles.fresh(rng),
        name: names::person(rng),
        bio,
        lang,
        topics: [Some(first), second],
        popularity,
        activity,
        outreach,
        created_at: period.start - age as i64,
        org: None,
        opt_out: rng.random_bool(OPT_OUT_SHARE),
        role: None,
    }
}

/// Gives each topic's organisation its accounts, among the well-followed accounts of the topic:
/// an organisation's staff and official account are visible voices, which is exactly why
/// discovery must be able to leave them out. The first becomes the official account.
fn assign_orgs(accounts: &mut [Account]) {
    for (t, topic) in TOPICS.iter().enumerate() {
        let Some((org, count)) = topic.org else { continue };
        let mut candidates: Vec<usize> = (0..accounts.len())
            .filter(|&i| accounts[i].topics[0] == Some(t) && accounts[i].org.is_none())
            .collect();
        // Most popular first; the index breaks ties so the order never depends on the sort.
        candidates.sort_by(|&a, &b| {
            accounts[b]
                .popularity
                .total_cmp(&accounts[a].popularity)
                .then(a.cmp(&b))
        });
        // Every third of the most popular, so that the organisation is prominent without owning
        // the whole top of its topic.
        for (k, &i) in candidates.iter().step_by(3).take(count).enumerate() {
            let account = &mut accounts[i];
            account.org = Some(org);
            account.opt_out = false;
            if k == 0 {
                account.name = org.to_owned();
            }
        }
    }
}

/// The planted accounts, in index order (see [`LIVE`], [`BENEFICIARY_ID`], [`ring_members`]).
fn planted_accounts(rng: &mut DemoRng, period: &Period, ordinary: &[Account]) -> Vec<Account> {
    let years = |rng: &mut DemoRng, lo: u32, hi: u32| period.start - i64::from(between(rng, lo * 365, hi * 365)) * DAY;
    let mut out = Vec::with_capacity(FIRST_ORDINARY as usize);
    for (t, spec) in INFLUENCERS.iter().enumerate() {
        // Influencers are more followed than the most popular ordinary account of their topic:
        // they are known well beyond their own posts.
        let top = ordinary
            .iter()
            .filter(|a| a.has_topic(t))
            .map(|a| a.popularity)
            .fold(1.0, f64::max);
        out.push(Account {
            handle: spec.handle.to_owned(),
            name: spec.name.to_owned(),
            bio: Some(spec.bio),
            lang: Lang::Fr,
            topics: [Some(t), None],
            popularity: 2.5 * top,
            activity: 0.0,
            outreach: 12.0,
            created_at: years(rng, 6, 12),
            org: None,
            opt_out: false,
            role: Some(Role::Influencer),
        });
    }
    out.push(Account {
        handle: LIVE_TWEETER.to_owned(),
        name: "Match Live Fan".to_owned(),
        bio: Some("Tous les matchs en direct, minute par minute."),
        lang: Lang::Fr,
        topics: [Some(FOOTBALL), None],
        popularity: 3.0,
        activity: 0.0,
        outreach: 4.0,
        created_at: years(rng, 3, 8),
        org: None,
        opt_out: false,
        role: Some(Role::LiveTweeter),
    });
    out.push(Account {
        handle: BENEFICIARY.to_owned(),
        name: "Best Deals Now".to_owned(),
        bio: Some("Les meilleurs bons plans du web, chaque jour. Liens affiliés."),
        lang: Lang::Fr,
        topics: [None, None],
        popularity: 0.0,
        activity: 0.0,
        outreach: 0.0,
        created_at: period.start - i64::from(between(rng, 25, 35)) * DAY,
        org: None,
        opt_out: false,
        role: Some(Role::RingBeneficiary),
    });
    for i in 0..RING_SIZE {
        out.push(Account {
            handle: crate::planted::ring_member(i),
            name: format!("Promo Bot {:02}", i + 1),
            bio: None,
            lang: Lang::Fr,
            topics: [None, None],
            popularity: 0.0,
            activity: 0.0,
            outreach: 0.0,
            // Fresh accounts, opened in the three weeks before the period.
            created_at: period.start - i64::from(between(rng, 2 * 24, 21 * 24)) * 3_600,
            org: None,
            opt_out: false,
            role: Some(Role::RingMember),
        });
    }
    out
}
