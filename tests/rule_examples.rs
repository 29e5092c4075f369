//! One test per rule, driven by the examples in its TOML file: the rule's own fixture of
//! passing, failing and every other status it can give.
use caseaudit::cmd::rule_examples::run_examples;
use caseaudit::rules::{Catalogue, Status};

fn check_rule(id: &str) {
    let catalogue = Catalogue::embedded().expect("the built-in catalogue loads");
    let rule = catalogue
        .rule(id)
        .unwrap_or_else(|| panic!("rule {id} is in the catalogue"));
    let outcomes: Vec<_> = run_examples(&catalogue)
        .into_iter()
        .filter(|o| o.rule == id)
        .collect();
    assert!(
        outcomes.len() >= 2,
        "{id} has at least a passing and a failing example"
    );
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .map(|o| format!("{}: expected {:?}, got {:?}", o.example, o.expected, o.got))
        .collect();
    assert!(
        failures.is_empty(),
        "{id} examples:\n{}",
        failures.join("\n")
    );
    let shown: Vec<Status> = rule
        .examples
        .iter()
        .flat_map(|e| e.expect.iter().copied())
        .collect();
    // Every status the rule's check kinds can give, in some variant, has an example.
    let mut can_give: Vec<Status> = rule
        .variants
        .iter()
        .flat_map(|v| v.check.statuses())
        .collect();
    can_give.dedup();
    for status in can_give {
        assert!(
            shown.contains(&status),
            "{id} has an example that gives {}",
            status.name()
        );
    }
}

macro_rules! rule_tests {
    ($($test:ident => $id:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_rule($id);
            }
        )*

        /// A rule added to the catalogue without a test here fails this meta-test.
        #[test]
        fn every_rule_has_a_test() {
            let catalogue = Catalogue::embedded().unwrap();
            let mut in_catalogue: Vec<&str> = catalogue.rules.iter().map(|r| r.id.as_str()).collect();
            let mut tested = vec![$($id),*];
            in_catalogue.sort();
            tested.sort();
            assert_eq!(in_catalogue, tested);
        }
    };
}

rule_tests! {
    u1 => "U1", u2 => "U2",
    b1 => "B1", b2 => "B2", b3 => "B3",
    h1 => "H1", h2 => "H2", h3 => "H3",
    s1 => "S1", s2 => "S2",
    a1 => "A1", a2 => "A2", a3 => "A3", a4 => "A4", a5 => "A5", a6 => "A6", a7 => "A7",
    t1 => "T1", t2 => "T2",
    j1 => "J1", j2 => "J2",
    q1 => "Q1", q2 => "Q2", q3 => "Q3", q4 => "Q4", q5 => "Q5",
}
