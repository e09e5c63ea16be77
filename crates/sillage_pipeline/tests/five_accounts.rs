//! The five-account example of `docs/SCORING.md` ("A score by hand"), recomputed here with plain
//! arithmetic from the documented formulas, independently of the model's code: if the code and
//! the documentation disagree, this test fails.

use sillage_model::{Event, EventKind, parse_instant};
use sillage_pipeline::{ScoreOptions, score_events};

const NET: &str = "ex";

fn event(id: &str, kind: EventKind, actor: &str, target: Option<&str>, at: i64) -> Event {
    let mut e = Event::new(id, NET, kind, actor, at);
    e.target = target.map(str::to_owned);
    e
}

fn example() -> (Vec<Event>, i64) {
    let t = parse_instant("2026-01-10T00:00:00Z").unwrap();
    let day = 86_400;
    let mut ana_post = event("p1", EventKind::Post, "ana", None, t);
    ana_post.post = Some("p1".into());
    let mut bob_post = event("p2", EventKind::Post, "bob", None, t);
    bob_post.post = Some("p2".into());
    let mut eve_post = event("p3", EventKind::Post, "eve", None, t);
    eve_post.post = Some("p3".into());
    let react = |id: &str, kind, actor: &str, target: &str, parent: &str, at| {
        let mut e = event(id, kind, actor, Some(target), at);
        e.parent = Some(parent.into());
        e.post = (kind != EventKind::Like).then(|| id.to_owned());
        e
    };
    let events = vec![
        ana_post,
        bob_post,
        eve_post,
        react("r1", EventKind::Repost, "bob", "ana", "p1", t),
        react("r2", EventKind::Repost, "cec", "ana", "p1", t),
        react("l1", EventKind::Like, "cec", "bob", "p2", t),
        react("c1", EventKind::Reply, "dan", "ana", "p1", t - 45 * day),
        event("f1", EventKind::Follow, "eve", Some("ana"), t),
    ];
    (events, t)
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-8 * want.abs().max(1.0),
        "{what}: the model says {got}, the documented arithmetic {want}"
    );
}

#[test]
fn the_documented_example_adds_up() {
    let (events, _) = example();
    let world = score_events(events, Vec::new(), &ScoreOptions::default()).unwrap();

    // 1. Authority. Pair weights: bob→ana 1, cec→ana 1, cec→bob 0.4, dan→ana 0.8 × ½ (a reply
    // 45 days old, one half-life) = 0.4. None exceeds 1, so saturation leaves them as they are.
    let a = 1.0 / 1.4; // the share of cec's vote that goes to ana
    let d = 0.85;
    // In units u = h/5 (h = 0.15 + 0.85·held rank): cec, dan, eve hold u; bob u + d·(1−a)·u;
    // ana u + d·(bob + a·u + dan). Each account's standing is u; authority counts the rest.
    let bob = 1.0 + d * (1.0 - a);
    let ana = 1.0 + d * (bob + a + 1.0);
    let u = 1.0 / (3.0 + bob + ana);
    let earned = [(ana - 1.0) * u, (bob - 1.0) * u, 0.0, 0.0, 0.0];
    let mean = (earned[0] + earned[1]) / 2.0; // the mean of the positive values
    let log_value = |x: f64, top: f64, unit: f64| {
        if x <= 0.0 {
            0.0
        } else {
            100.0 * (x / unit).ln_1p() / (top / unit).ln_1p()
        }
    };
    let authority: Vec<f64> = earned.iter().map(|&r| log_value(r, earned[0], mean)).collect();

    // 2. Reach: eve follows ana; eve was present one day this week, a = 1, activity 1 / (1 + 2);
    // ana is the top, so 100 whatever the unit.
    let reach = [100.0, 0.0, 0.0, 0.0, 0.0];

    // 3. Amplification: ana's post p1 has reactors bob (1), cec (1), dan (0.4); ana's posts 1.
    // bob's p2 has cec's like (0.4); bob posted once. Divided by posts + 1; scaled in units of
    // one full reaction per post.
    let amp_raw = [2.4 / 2.0, 0.4 / 2.0, 0.0, 0.0, 0.0];
    let amplification: Vec<f64> = amp_raw.iter().map(|&x| log_value(x, amp_raw[0], 1.0)).collect();

    // 4. Activity: a week counts min(1, days / 2), weeks back decay by q = 2^(−7/45); the scale
    // is 100 · (1 − q). ana, bob, cec, eve: one day this week; dan: one day six weeks back.
    let q = 2f64.powf(-7.0 / 45.0);
    let activity_raw = [0.5, 0.5, 0.5, q.powi(6) * 0.5, 0.5];
    let activity: Vec<f64> = activity_raw.iter().map(|&x| 100.0 * x * (1.0 - q)).collect();

    // 5. Outreach: Σ saturated pair weights, in units of one engagement; weight 0 in the score.
    let outreach_raw = [0.0, 1.0, 1.4, 0.4, 0.0];
    let outreach: Vec<f64> = outreach_raw.iter().map(|&x| log_value(x, 1.4, 1.0)).collect();

    let names = ["ana", "bob", "cec", "dan", "eve"];
    for (i, name) in names.iter().enumerate() {
        let key = format!("{NET}:{name}");
        let s = world.account(&key).unwrap();
        close(s.authority.value, authority[i], &format!("{name} authority"));
        close(s.reach.value, reach[i], &format!("{name} reach"));
        close(
            s.amplification.value,
            amplification[i],
            &format!("{name} amplification"),
        );
        close(s.activity.value, activity[i], &format!("{name} activity"));
        close(s.outreach.value, outreach[i], &format!("{name} outreach"));
        let score = 1.0 + 0.99 * (0.45 * authority[i] + 0.20 * reach[i] + 0.25 * amplification[i] + 0.10 * activity[i]);
        close(s.score, score, &format!("{name} score"));
    }
    // The figures printed in docs/SCORING.md, to the precision printed there.
    let ana = world.account("ex:ana").unwrap();
    let bob = world.account("ex:bob").unwrap();
    assert_eq!(format!("{:.2} {:.2}", ana.score, bob.score), "90.61 14.19");
    assert_eq!(format!("{:.2}", bob.authority.value), "15.63");
    assert_eq!(ana.outreach_level, 1);
    assert_eq!(bob.outreach_level, 2);
    assert_eq!(world.account("ex:dan").unwrap().outreach_level, 1);
}
