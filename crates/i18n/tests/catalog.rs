//! The translation files are complete: every message of the reference (English) exists in
//! every language with the same placeables, every file reads as Fluent, and every key the
//! code and templates ask for exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_templates::fluent_bundle::FluentResource;
use pim_i18n::Language;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Each message's key and the placeables (`$name`) it uses, from a Fluent file: a message
/// starts at a line `key =` and runs over the indented lines after it, and the line that
/// closes a selector (`}`, which more text may follow).
fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
    let path = workspace().join("templates/locales").join(language.tag()).join("main.ftl");
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Err((_, errors)) = FluentResource::try_new(source.clone()) {
        panic!("{} is not valid Fluent: {errors:?}", path.display());
    }
    let mut messages = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if starts_message && let Some((key, _)) = line.split_once(" =") {
            current = Some(key.trim().to_owned());
            messages.insert(key.trim().to_owned(), BTreeSet::new());
        } else if !line.starts_with([' ', '}']) {
            current = None;
        }
        if let Some(key) = &current {
            let placeables = line.split('$').skip(1).map(|rest| {
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect::<String>()
            });
            messages.get_mut(key).unwrap().extend(placeables);
        }
    }
    messages
}

#[test]
fn every_language_has_every_message_with_the_same_placeables() {
    let reference = messages(Language::English);
    assert!(reference.len() > 50, "the reference has {} messages", reference.len());
    for language in Language::ALL {
        let translated = messages(language);
        for (key, placeables) in &reference {
            let found = translated.get(key).unwrap_or_else(|| panic!("{language}: no message {key}"));
            assert_eq!(found, placeables, "{language}: {key} has other placeables than English");
        }
        let extra: Vec<_> = translated.keys().filter(|key| !reference.contains_key(*key)).collect();
        assert!(extra.is_empty(), "{language}: messages English does not have: {extra:?}");
    }
}

/// The keys in `.t("…")`, `.t_with("…"` and `.tr("…")` calls of every template and Rust file.
fn keys_used() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut folders = vec![workspace().join("templates"), workspace().join("crates"), workspace().join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html" || e == "txt" || e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for call in [".t(\"", ".t_with(\"", ".tr(\""] {
                    for rest in text.split(call).skip(1) {
                        let key: String = rest.chars().take_while(|c| *c != '"').collect();
                        let well_formed = key.starts_with(|c: char| c.is_ascii_lowercase())
                            && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                        if well_formed {
                            keys.insert(key);
                        }
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_asks_for_exists() {
    let reference = messages(Language::English);
    let used = keys_used();
    assert!(used.len() > 40, "found {} keys in use", used.len());
    let missing: Vec<_> = used.iter().filter(|key| !reference.contains_key(*key)).collect();
    assert!(missing.is_empty(), "keys used but not in templates/locales/en/main.ftl: {missing:?}");
}
