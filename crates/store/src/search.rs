//! The admin's search: a key written with each entry, folded by Rust's full Unicode rules,
//! and the same folding for what the operator types, so "иванова" finds "Иванова" on
//! SQLite (whose `lower()` folds ASCII only) as on PostgreSQL, and a Chinese or Korean
//! name is found typed family name first or without the space ("王小明").

/// How a backend finds the entries whose search key holds what an operator typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameSearch {
    /// SQLite: a GLOB through the key's own FTS5 index of trigrams.
    Trigrams,
    /// PostgreSQL: a `LIKE` on the key.
    Like,
}

/// Separates the key's parts: no name or email holds it (control characters are refused).
const SEPARATOR: char = '\n';

/// What an operator's search is compared with: case folded, runs of spaces as one.
pub(crate) fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The entry's search key: its name in both orders, with and without the space, and its
/// email address.
pub(crate) fn search_key(given_name: &str, family_name: &str, email: &str) -> String {
    let (given, family) = (fold(given_name), fold(family_name));
    [
        format!("{given} {family}"),
        format!("{family} {given}"),
        format!("{given}{family}").replace(' ', ""),
        format!("{family}{given}").replace(' ', ""),
        fold(email),
    ]
    .join(&SEPARATOR.to_string())
}

/// Whether a search `query` finds the entry with `key` (what the SQL `LIKE` does).
#[cfg(test)]
fn finds(key: &str, query: &str) -> bool {
    key.contains(&fold(query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_in_any_case_and_any_script_in_either_order_with_or_without_the_space() {
        let key = search_key("Анна", "Иванова", "Anna.Ivanova@Example.org");
        for query in ["иванова", "ИВАНОВА", "анна иванова", "Иванова Анна", "ivanova@example", "АннаИванова"]
        {
            assert!(finds(&key, query), "{query}");
        }
        let key = search_key("小明", "王", "wang@example.cn");
        for query in ["王小明", "王 小明", "小明 王", "小明"] {
            assert!(finds(&key, query), "{query}");
        }
        assert!(finds(&search_key("Chol-su", "Kim", "k@x.kp"), "KIM CHOL-SU"));
        assert!(!finds(&key, "李"), "nobody else");
    }
}
