//! The layout is the architecture: each top-level module of `src/` may use only the modules
//! below it (see the layer list in `src/lib.rs`), the modules inside any folder form no
//! circle, and no source file outgrows what a reader takes in at once. Read from the source
//! text: `crate::` paths and, inside a folder, `super::` paths to siblings; comments and
//! `#[cfg(test)]` modules are left out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top to bottom; a module may use only modules of a higher number. Modules of the same
/// number (the two surfaces) may not use each other.
const LAYERS: &[(&str, u32)] = &[
    ("main", 0),
    ("app", 1),
    ("http", 2),
    ("web", 2),
    ("state", 3),
    ("services", 4),
    ("error", 5),
    ("verify", 6),
    ("europass", 7),
    ("storage", 8),
    ("domain", 9),
    ("crypto", 10),
    ("jsonld", 11),
    ("support", 12),
];

/// Lines of code a file may hold before its tests (about 600).
const MAX_LINES: usize = 620;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file: before its test module, without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| l.split(" // ").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module names that follow `prefix` in `code` (`crate::` → `services`, …).
fn names_after<'a>(code: &'a str, prefix: &str) -> BTreeSet<&'a str> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            // Not part of a longer path such as `foo::super::`.
            !code[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
        })
        .map(|(i, _)| {
            let rest = &code[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The top-level module a file belongs to (`services` for `src/services/import/plan.rs`).
fn top(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut upward = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(src()).unwrap();
        let module = top(rel);
        if module == "lib" {
            continue;
        }
        let rank = *layers
            .get(module.as_str())
            .unwrap_or_else(|| panic!("src/{} is in no layer: add it to LAYERS", rel.display()));
        let code = code(path);
        let prefix = if module == "main" {
            "unitcred::"
        } else {
            "crate::"
        };
        for used in names_after(&code, prefix) {
            if used == module {
                continue;
            }
            let Some(&to) = layers.get(used) else {
                continue;
            };
            if to <= rank {
                upward.push(format!("src/{} uses {used}", rel.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run up (or across) the layers:\n{}",
        upward.join("\n")
    );
}

/// The direct children of a folder and what each uses of its siblings.
fn sibling_graph(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let path_in_crate = dir
        .strip_prefix(src())
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("::");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut children = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() || (path.extension().is_some_and(|e| e == "rs") && name != "mod") {
            children.push((name, path));
        }
    }
    let names: BTreeSet<String> = children.iter().map(|(n, _)| n.clone()).collect();
    for (name, path) in &children {
        let mut files = Vec::new();
        if path.is_dir() {
            rust_files(path, &mut files);
        } else {
            files.push(path.clone());
        }
        let uses = graph.entry(name.clone()).or_default();
        for file in files {
            let code = code(&file);
            let mut used = names_after(&code, &format!("crate::{path_in_crate}::"));
            // A file directly in the folder names its siblings through `super::`.
            if file.parent() == Some(dir) {
                used.extend(names_after(&code, "super::"));
            } else if file.parent() == Some(path.as_path()) {
                used.extend(names_after(&code, "super::super::"));
            }
            uses.extend(
                used.into_iter()
                    .filter(|u| *u != name && names.contains(*u))
                    .map(str::to_owned),
            );
        }
    }
    graph
}

/// A circle in `graph`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            return Some(path[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_folder_has_a_circle() {
    let mut dirs = vec![src()];
    let mut circles = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            }
        }
        if dir == src() {
            continue; // the top level is the layers test's
        }
        if let Some(c) = circle(&sibling_graph(&dir)) {
            circles.push(format!("{}: {}", dir.display(), c.join(" → ")));
        }
    }
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn no_source_file_is_too_long() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let lines = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].lines().count(),
                None => text.lines().count(),
            };
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", p.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by responsibility:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_check_sees_circles_and_upward_imports() {
    // The checks themselves, on made-up input: a circle is found, a line is a path.
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert!(circle(&g).is_none());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(circle(&g).unwrap(), ["a", "b", "c"]);
    let code = "use crate::services::forms;\nlet x = crate::verify::Verifier; foo::super::bar";
    assert_eq!(
        names_after(code, "crate::").into_iter().collect::<Vec<_>>(),
        ["services", "verify"]
    );
    assert!(names_after(code, "super::").is_empty());
}
