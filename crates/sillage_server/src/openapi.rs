//! The OpenAPI 3.1 description of the API, written out here and checked by tests against the
//! router (every route documented, every documented path answered) and against real answers
//! (every documented property of the main bodies present).

use axum::Json;
use serde_json::{Value, json};

use crate::error::Code;

pub async fn document() -> Json<Value> {
    Json(spec())
}

fn num(description: &str) -> Value {
    json!({"type": "number", "description": description})
}

fn int(description: &str) -> Value {
    json!({"type": "integer", "description": description})
}

fn text(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn maybe(mut schema: Value) -> Value {
    if let Some(t) = schema.get("type").cloned() {
        schema["type"] = json!([t, "null"]);
    }
    schema
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn list(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "required": required, "properties": properties})
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn account_param() -> Value {
    json!({
        "name": "account", "in": "path", "required": true,
        "description": "`network:handle` (e.g. `twitter:alice`), a handle only one network has, or a username.",
        "schema": {"type": "string"}
    })
}

fn ok(schema: &str, description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": reference(schema)}}})
}

fn errors(codes: &[u16]) -> Value {
    let mut out = serde_json::Map::new();
    for &status in codes {
        let names: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.status().as_u16() == status)
            .map(|c| c.as_str())
            .collect();
        out.insert(
            status.to_string(),
            json!({
                "description": format!("Error ({})", names.join(", ")),
                "content": {"application/json": {"schema": reference("Error")}}
            }),
        );
    }
    Value::Object(out)
}

fn get_op(id: &str, summary: &str, params: Vec<Value>, response: Value, error_codes: &[u16]) -> Value {
    let mut responses = errors(error_codes);
    responses["200"] = response;
    json!({"get": {"operationId": id, "summary": summary, "parameters": params, "responses": responses}})
}

fn components() -> Value {
    let component = object(
        &["component", "value", "percentile", "weight", "points"],
        json!({
            "component": {"type": "string", "enum": ["authority", "reach", "amplification", "activity", "outreach"]},
            "value": num("0–100."),
            "percentile": num("Share of shown accounts with a lower value, 0–100."),
            "weight": num("Its weight in the overall score."),
            "points": num("`0.99 · weight · value`: its points in the overall score."),
        }),
    );
    let topic = object(
        &["topic", "label_fr", "label_en", "score", "percentile"],
        json!({
            "topic": text("Topic id."), "label_fr": text("French label."), "label_en": text("English label."),
            "score": num("0–100 in the topic."), "percentile": num("0–100 among the topic's accounts."),
        }),
    );
    let five = object(
        &["authority", "reach", "amplification", "activity", "outreach"],
        json!({
            "authority": num("0–100"), "reach": num("0–100"), "amplification": num("0–100"),
            "activity": num("0–100"), "outreach": num("0–100"),
        }),
    );
    let ranked = object(
        &[
            "position",
            "account",
            "score",
            "percentile",
            "components",
            "outreach_level",
        ],
        json!({
            "position": int("1-based position in this (filtered) list."),
            "account": text("`network:handle`."),
            "name": maybe(text("Display name.")),
            "score": num("1–100."),
            "percentile": num("0–100."),
            "components": reference("Components"),
            "outreach_level": int("1–12."),
            "topic_score": maybe(num("0–100 in the topic, for a topic's list.")),
            "lang": maybe(text("Main language.")),
            "org": maybe(text("Organisation.")),
        }),
    );
    let account = object(
        &[
            "account",
            "as_of",
            "score",
            "percentile",
            "position",
            "shown",
            "components",
            "outreach_level",
            "trust",
            "trust_reasons",
            "topics",
        ],
        json!({
            "account": text("`network:handle`."),
            "name": maybe(text("Display name.")),
            "username": maybe(text("The name people type, when the handle is a stable id.")),
            "org": maybe(text("Organisation.")),
            "lang": maybe(text("Main language (declared, else most used).")),
            "as_of": int("Unix seconds: the newest event the scores include."),
            "score": num("1–100."),
            "percentile": num("Share of shown accounts with a lower score, 0–100."),
            "position": int("1-based position among shown accounts."),
            "shown": int("Shown accounts (the percentiles' population)."),
            "components": list(reference("Component")),
            "outreach_level": int("Kred-style outreach level, 1–12."),
            "trust": num("The trust the model gives the account as an engager, 0–1."),
            "trust_reasons": list(text("Why trust is below 1.")),
            "topics": list(reference("Topic")),
        }),
    );
    let event = object(
        &["event_id", "kind", "at", "weight", "counted", "points"],
        json!({
            "event_id": text("The event's id on its network."), "kind": text("Event kind."),
            "at": int("Unix seconds."), "weight": num("Before the rules."), "counted": num("After them."),
            "points": num("Its share of the contribution."),
        }),
    );
    let contributor = object(
        &[
            "account",
            "contribution",
            "share",
            "trust",
            "trust_reasons",
            "events_total",
            "events",
        ],
        json!({
            "account": text("`network:handle`, or an anonymous label for an opted-out account."),
            "contribution": num("The part of the authority this engager passed on."),
            "share": num("contribution / authority rank."),
            "trust": num("0–1."), "trust_reasons": list(text("")),
            "events_total": int("Events behind the edge."), "events": list(reference("ContributorEvent")),
        }),
    );
    let explanation = object(
        &[
            "account",
            "as_of",
            "score",
            "percentile",
            "position",
            "components",
            "authority",
            "topics",
            "trust",
            "next_cursor",
        ],
        json!({
            "account": text("`network:handle`."),
            "name": maybe(text("")),
            "run": int("0: the live snapshot."),
            "as_of": int("Unix seconds."),
            "score": num("1–100."), "percentile": num("0–100."), "position": int("1-based."),
            "components": list(reference("Component")),
            "outreach_level": int("1–12."),
            "trust": num("0–1."), "trust_reasons": list(text("")),
            "topics": list(reference("Topic")),
            "authority": object(
                &["rank", "standing", "others", "contributors_total", "contributors", "sum"],
                json!({
                    "rank": num("Raw PageRank mass."),
                    "standing": num("The teleport share every account holds."),
                    "others": num("Contributions of engagers not on this page."),
                    "contributors_total": int("Engagers in all."),
                    "contributors": list(reference("Contributor")),
                    "discounted_engagers": int("Engagers whose every vote was discounted to nothing."),
                    "sum": num("standing + Σ contributions + others = rank."),
                }),
            ),
            "ledger": {"description": "With `ledger=true`: every contributing event's points per component, with the discounting rules and their factors; `base + Σ score_points = score`."},
            "matches_snapshot": {"type": "boolean"},
            "next_cursor": maybe(text("Pass as `cursor` for the next page of contributors.")),
        }),
    );
    let history = object(
        &["account", "points", "live"],
        json!({
            "account": text(""), "name": maybe(text("")),
            "points": list(object(&["run", "as_of", "score", "percentile", "components"], json!({
                "run": int("Recorded score run."), "as_of": int("Unix seconds."), "score": num("1–100."),
                "percentile": num("0–100."), "components": reference("Components"),
            }))),
            "live": object(&["as_of", "score", "percentile", "components"], json!({
                "as_of": int("Unix seconds."), "score": num("1–100."), "percentile": num("0–100."),
                "components": reference("Components"),
            })),
        }),
    );
    let graph = object(
        &["account", "nodes", "edges", "engagers_total", "engaged_total"],
        json!({
            "account": text("The centre."),
            "nodes": list(object(&["account", "score", "role"], json!({
                "account": text(""), "name": maybe(text("")), "score": num("1–100."),
                "role": {"type": "string", "enum": ["center", "engager", "engaged", "both"]},
            }))),
            "edges": list(object(&["source", "target", "weight"], json!({
                "source": int("Index in nodes: the engager."), "target": int("Index in nodes: the engaged."),
                "weight": num("Edge weight in the authority graph."),
            }))),
            "engagers_total": int(""), "engaged_total": int(""),
        }),
    );
    let leaderboard = object(
        &["as_of", "shown", "exclude_org", "total", "items", "next_cursor"],
        json!({
            "as_of": int("Unix seconds."), "shown": int("Shown accounts."),
            "topic": maybe(text("")), "lang": maybe(text("")), "exclude_org": list(text("")),
            "total": int("Accounts the filters keep."),
            "items": list(reference("RankedAccount")),
            "next_cursor": maybe(text("Pass as `cursor` for the next page; null on the last.")),
        }),
    );
    let topics = object(
        &["as_of", "topics"],
        json!({
            "as_of": int("Unix seconds."),
            "topics": list(object(&["topic", "label_fr", "label_en", "accounts"], json!({
                "topic": text(""), "label_fr": text(""), "label_en": text(""), "parent": maybe(text("")),
                "accounts": int("Shown accounts scored in the topic."),
                "best": maybe(text("Its best account.")), "best_score": maybe(num("")),
            }))),
        }),
    );
    let search = object(
        &["query", "items"],
        json!({
            "query": text(""),
            "items": list(object(&["account", "score", "position"], json!({
                "account": text(""), "name": maybe(text("")), "username": maybe(text("")),
                "score": num("1–100."), "position": int("1-based."),
            }))),
        }),
    );
    let push = object(
        &["run", "received", "stored", "duplicates", "accounts", "rejected"],
        json!({
            "run": int("The ingest run that recorded the push."),
            "received": int("Records read."),
            "stored": int("New events stored (durable when this answer is sent)."),
            "duplicates": int("Events already stored (same network and id): pushing twice is harmless."),
            "accounts": int("Account records applied."),
            "rejected": list(object(&["line", "reason"], json!({"line": int("1-based line of the body."), "reason": text("")}))),
        }),
    );
    let status = object(
        &[
            "version",
            "uptime_seconds",
            "snapshot_events",
            "snapshot_accounts",
            "snapshot_age_seconds",
            "events_held",
            "stale",
            "pushes",
            "events_ingested",
            "lines_rejected",
            "settings",
            "writes_enabled",
        ],
        json!({
            "version": text(""), "uptime_seconds": num(""), "as_of": maybe(int("")),
            "snapshot_events": int(""), "snapshot_accounts": int(""), "snapshot_age_seconds": num(""),
            "events_held": int(""), "stale": {"type": "boolean"}, "last_compute_seconds": maybe(num("")),
            "pushes": int(""), "events_ingested": int(""), "lines_rejected": int(""),
            "settings": text("Where the scoring configuration comes from."),
            "writes_enabled": {"type": "boolean"},
        }),
    );
    let error = object(
        &["code", "type", "message"],
        json!({
            "code": {"type": "string", "enum": Code::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>()},
            "type": {"type": "string", "enum": ["invalid_request", "authentication", "not_found", "unavailable", "internal"]},
            "message": text("What went wrong, for people."),
        }),
    );
    json!({
        "schemas": {
            "Component": component, "Components": five, "Topic": topic, "RankedAccount": ranked,
            "Account": account, "ContributorEvent": event, "Contributor": contributor,
            "Explanation": explanation, "History": history, "Neighbourhood": graph,
            "Leaderboard": leaderboard, "Topics": topics, "Search": search, "PushReport": push,
            "Status": status, "Error": error,
        },
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    })
}

/// The document.
pub fn spec() -> Value {
    let page = |d: &str| query("cursor", d, json!({"type": "string"}));
    let paths = json!({
        "/v1/accounts/{account}": get_op("getAccount", "An account's score, percentile, components and top topics.",
            vec![account_param()], ok("Account", "The account."), &[400, 401, 404, 503]),
        "/v1/accounts/{account}/explain": get_op("explainAccount",
            "Why the account has its score: components, contributors with their events (paged), the ledger on request; with `since`, what changed since a recorded run.",
            vec![
                account_param(),
                query("limit", "Contributors per page (default 20, at most 500; 0: all).", json!({"type": "integer", "minimum": 0})),
                page("From the previous page's `next_cursor`."),
                query("events", "Events listed per contributor (default 5; 0: all).", json!({"type": "integer", "minimum": 0})),
                query("ledger", "Include the ledger of every contributing event.", json!({"type": "boolean"})),
                query("ledger_lines", "Ledger lines per component (default 50; 0: all).", json!({"type": "integer", "minimum": 0})),
                query("since", "A recorded score run: answer with the changes since it.", json!({"type": "integer"})),
            ],
            ok("Explanation", "The explanation (or, with `since`, the changes)."), &[400, 401, 404, 503]),
        "/v1/accounts/{account}/history": get_op("accountHistory", "The account's score in each recorded score run, and the live figures.",
            vec![account_param()], ok("History", "The series."), &[400, 401, 404, 503]),
        "/v1/accounts/{account}/graph": get_op("accountGraph", "The account's neighbourhood in the engagement graph.",
            vec![account_param(), query("limit", "Engagers and engaged accounts each (default 15, at most 200).", json!({"type": "integer"}))],
            ok("Neighbourhood", "Nodes and edges."), &[400, 401, 404, 503]),
        "/v1/leaderboard": get_op("leaderboard", "Ranked accounts, overall or in a topic, filtered.",
            vec![
                query("topic", "A topic id (GET /v1/topics).", json!({"type": "string"})),
                query("lang", "Main language (primary subtag, e.g. `fr`).", json!({"type": "string"})),
                query("exclude_org", "Leave out accounts of this organisation (repeatable).", json!({"type": "string"})),
                query("limit", "Accounts per page (default 50, at most 1000).", json!({"type": "integer"})),
                page("From the previous page's `next_cursor`."),
            ],
            ok("Leaderboard", "A page of the leaderboard."), &[400, 401, 404, 503]),
        "/v1/topics": get_op("topics", "Every topic with its size and best account.", vec![], ok("Topics", "The topics."), &[400, 401, 503]),
        "/v1/search": get_op("search", "Accounts whose handle, username or name starts with `q`.",
            vec![
                json!({"name": "q", "in": "query", "required": true, "description": "The beginning of a handle, username or name.", "schema": {"type": "string"}}),
                query("limit", "Hits (default 10, at most 100).", json!({"type": "integer"})),
            ],
            ok("Search", "Hits, best ranked first."), &[400, 401, 503]),
        "/v1/status": get_op("status", "Ingest and freshness status.", vec![], ok("Status", "The status."), &[400, 401]),
        "/v1/events": {"post": {
            "operationId": "pushEvents",
            "summary": "Push canonical events (NDJSON, EVENTS.md). Answers once the accepted events are durable; idempotent by event id; bad lines are rejected one by one with their line and reason.",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "content": {
                "application/x-ndjson": {"schema": {"type": "string"}, "example": "{\"net\":\"twitter\",\"id\":\"1\",\"kind\":\"follow\",\"actor\":\"a\",\"target\":\"b\",\"at\":\"2024-03-01T10:00:00Z\"}\n"}
            }},
            "responses": {
                "200": ok("PushReport", "What was stored."),
                "400": errors(&[400])["400"], "401": errors(&[401])["401"], "403": errors(&[403])["403"],
                "413": errors(&[413])["413"], "415": errors(&[415])["415"], "500": errors(&[500])["500"],
            }
        }},
        "/healthz": {"get": {"operationId": "health", "summary": "Liveness.", "responses": {"200": {"description": "Alive."}}}},
        "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus metrics (text format 0.0.4).",
            "responses": {"200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document.", "responses": {"200": {"description": "OpenAPI 3.1."}}}},
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Sillage API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Open, explainable social-influence scores. Read endpoints are public unless the server runs with --protect-reads; POST /v1/events needs the bearer token. Every error is `{code, type, message}`.",
        },
        "paths": paths,
        "components": components(),
    })
}
