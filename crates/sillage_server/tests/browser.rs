mod common;
#[test]
fn browser() {
    let _ = common::TOKEN;
}
