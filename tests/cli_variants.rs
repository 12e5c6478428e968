//! `lookalike variants` as a user types it: formats, filters, any form of
//! the domain, and errors that say what is allowed.

use std::process::Command;

fn variants(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_lookalike"))
        .arg("variants")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn every_format_prints_the_same_ranking() {
    let (json, _, _) = variants(&["army.mil", "--top", "5", "--json"]);
    let names: Vec<String> = json
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["domain"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(names.len(), 5);
    assert_eq!(names[0], "army.ml");
    let (list, err, code) = variants(&["army.mil", "--top", "5", "--format", "list"]);
    assert_eq!(code, Some(0));
    assert_eq!(list.lines().collect::<Vec<_>>(), names);
    // The shown-of-total line goes to standard error, not into the data.
    assert!(err.contains("(the first 5 variants shown)"), "{err}");
    let (csv, _, _) = variants(&["army.mil", "--top", "5", "--format", "csv"]);
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("rank,domain,unicode,kind,priority,score,reason")
    );
    let first: Vec<&str> = rows.next().unwrap().splitn(7, ',').collect();
    assert_eq!(&first[..4], ["1", "army.ml", "army.ml", "tld_swap"]);
    assert!(first[6].contains("Mali"), "{}", first[6]);
}

#[test]
fn a_url_or_an_address_stands_for_its_domain_and_min_score_filters() {
    let (plain, _, _) = variants(&["army.mil", "--format", "list", "--min-score", "0.6"]);
    let (url, _, code) = variants(&[
        "https://www.army.mil/orders",
        "--format",
        "list",
        "--min-score",
        "0.6",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(plain, url);
    let (mail, _, _) = variants(&["smith@army.mil", "--format", "list", "--min-score", "0.6"]);
    assert_eq!(plain, mail);
    let (json, _, _) = variants(&["army.mil", "--json", "--min-score", "0.6"]);
    assert!(!json.is_empty());
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["score"].as_f64().unwrap() >= 0.6, "{line}");
    }
}

#[test]
fn an_unknown_kind_names_the_known_ones() {
    let (_, err, code) = variants(&["army.mil", "--kinds", "teleport"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("teleport") && err.contains("tld_swap") && err.contains("idn_homoglyph"),
        "{err}"
    );
}

/// `--rates` loads a newer fit in place of the embedded one: rates that
/// leave every kind alike order the list by score, and a bad file is
/// refused with its line named.
#[test]
fn a_rates_file_reorders_the_list_and_a_bad_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("lookalike-rates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let even = dir.join("even.tsv");
    let kinds: String = [
        "omission",
        "repetition",
        "insertion",
        "replacement",
        "transposition",
        "vowel_swap",
        "bitsquat",
        "homoglyph",
        "idn_homoglyph",
        "hyphenation",
        "dot_insertion",
        "dot_omission",
        "addition",
        "tld_swap",
        "suffix_confusion",
        "combosquat",
        "target_embedding",
    ]
    .iter()
    .map(|k| format!("kind\t{k}\t1\n"))
    .collect();
    std::fs::write(&even, format!("family\tname\trate\n{kinds}")).unwrap();
    let scores = |out: &str| -> Vec<f64> {
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["score"]
                    .as_f64()
                    .unwrap()
            })
            .collect()
    };
    let (by_score, _, code) = variants(&[
        "paypal.com",
        "--json",
        "--top",
        "200",
        "--rates",
        even.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0));
    let by_score = scores(&by_score);
    assert!(by_score.windows(2).all(|w| w[0] >= w[1]), "not by score");
    let (fitted, _, _) = variants(&["paypal.com", "--json", "--top", "200"]);
    assert_ne!(
        scores(&fitted),
        by_score,
        "the embedded rates order otherwise"
    );
    let bad = dir.join("bad.tsv");
    std::fs::write(
        &bad,
        format!("family\tname\trate\n{kinds}channel\ttyping\t3\n"),
    )
    .unwrap();
    let (out, err, code) = variants(&["paypal.com", "--rates", bad.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(err.contains("line 19"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
