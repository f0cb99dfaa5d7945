//! Header drift test: cbindgen's view of `src/ffi` ($OUT_DIR/omendb_cbindgen.h, written by
//! build.rs) must declare the same functions, structs, enums and constants as the contract
//! `include/omendb_ffi.h`. Both are read in C (not C++) mode by a small normaliser; parameter
//! names may differ, everything else must match. Fails with a readable list of differences.

use std::collections::BTreeMap;

use omendb::abi_hash::strip_comments;

/// The declarations of one header that the ABI depends on.
#[derive(Debug, Default, PartialEq)]
struct HeaderModel {
    /// name -> (return type, parameter types in order)
    functions: BTreeMap<String, (String, Vec<String>)>,
    /// name -> fields as "type name", in order; opaque structs have no fields
    structs: BTreeMap<String, Vec<String>>,
    /// name -> constants as "NAME = value", in order
    enums: BTreeMap<String, Vec<String>>,
    /// object-like macros: name -> value
    defines: BTreeMap<String, String>,
}

/// Keeps the lines a C11 compiler would see: `__cplusplus` and `__STDC_VERSION__` tests are
/// false, `#ifndef` include guards true. Returns the kept code and the `#define`s.
fn preprocess(text: &str) -> (String, BTreeMap<String, String>) {
    let mut active: Vec<bool> = Vec::new();
    let mut code = String::new();
    let mut defines = BTreeMap::new();
    for line in strip_comments(text).lines() {
        let trimmed = line.trim();
        let live = active.iter().all(|&a| a);
        if let Some(directive) = trimmed.strip_prefix('#') {
            let mut words = directive.split_whitespace();
            match words.next() {
                Some("ifdef") => active.push(false),
                Some("ifndef") => active.push(true),
                Some("if") => {
                    let cond = directive.trim_start_matches("if");
                    assert!(
                        cond.contains("__cplusplus") || cond.contains("__STDC_VERSION__"),
                        "unsupported #if condition: {cond}"
                    );
                    active.push(false);
                }
                Some("else") => {
                    let top = active.last_mut().expect("#else without #if");
                    *top = !*top;
                }
                Some("endif") => {
                    active.pop().expect("#endif without #if");
                }
                Some("define") if live => {
                    let name = words.next().expect("#define name").to_string();
                    let value = words.collect::<Vec<_>>().join(" ");
                    if !value.is_empty() {
                        defines.insert(name, value);
                    }
                }
                _ => {}
            }
        } else if live {
            code.push_str(line);
            code.push('\n');
        }
    }
    (code, defines)
}

/// Splits C text into identifier/number tokens and single punctuation characters.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// "const struct OmenDB * *" style type text from tokens, dropping `struct`/`enum` tags.
fn type_text(toks: &[String]) -> String {
    toks.iter().filter(|t| *t != "struct" && *t != "enum").cloned().collect::<Vec<_>>().join(" ")
}

/// Splits a declarator like `const uint8_t **values` into (type, name).
fn split_declarator(toks: &[String]) -> (String, String) {
    let (name, ty) = toks.split_last().expect("empty declarator");
    (type_text(ty), name.clone())
}

/// Splits tokens on `sep` at nesting depth 0 of (), {}.
fn split_top(toks: &[String], sep: &str) -> Vec<Vec<String>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0i32;
    for t in toks {
        match t.as_str() {
            "(" | "{" => depth += 1,
            ")" | "}" => depth -= 1,
            _ => {}
        }
        if depth == 0 && t == sep {
            parts.push(Vec::new());
        } else {
            parts.last_mut().expect("non-empty").push(t.clone());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

fn parse_header(text: &str) -> HeaderModel {
    let (code, defines) = preprocess(text);
    let mut model = HeaderModel { defines, ..HeaderModel::default() };
    for decl in split_top(&tokens(&code), ";") {
        let open = decl.iter().position(|t| t == "{");
        let close = decl.iter().rposition(|t| t == "}");
        match (decl[0].as_str(), open, close) {
            ("typedef", Some(o), Some(c)) if decl[1] == "struct" => {
                let name = decl[c + 1].clone();
                let fields = split_top(&decl[o + 1..c], ";")
                    .iter()
                    .map(|f| {
                        let (ty, field) = split_declarator(f);
                        format!("{ty} {field}")
                    })
                    .collect();
                model.structs.insert(name, fields);
            }
            ("typedef", None, None) if decl[1] == "struct" && decl.len() == 4 => {
                model.structs.insert(decl[3].clone(), Vec::new());
            }
            ("typedef", None, None) => {}
            ("enum", Some(o), Some(c)) => {
                let constants = split_top(&decl[o + 1..c], ",").iter().map(|k| k.join(" ")).collect();
                model.enums.insert(decl[1].clone(), constants);
            }
            _ => {
                let paren = decl.iter().position(|t| t == "(").unwrap_or_else(|| panic!("unparsed declaration: {}", decl.join(" ")));
                let (ret, name) = split_declarator(&decl[..paren]);
                let params_toks = &decl[paren + 1..decl.len() - 1];
                let params = if params_toks.len() == 1 && params_toks[0] == "void" {
                    Vec::new()
                } else {
                    split_top(params_toks, ",").iter().map(|p| split_declarator(p).0).collect()
                };
                model.functions.insert(name, (ret, params));
            }
        }
    }
    model
}

/// Differences between two ordered maps, one line each.
fn diff_maps<V: std::fmt::Debug + PartialEq>(
    what: &str,
    contract: &BTreeMap<String, V>,
    generated: &BTreeMap<String, V>,
    out: &mut Vec<String>,
) {
    for (name, c) in contract {
        match generated.get(name) {
            None => out.push(format!("{what} {name}: in the header, missing from the Rust ffi layer")),
            Some(g) if g != c => out.push(format!("{what} {name}:\n    header: {c:?}\n    rust:   {g:?}")),
            Some(_) => {}
        }
    }
    for name in generated.keys().filter(|n| !contract.contains_key(*n)) {
        out.push(format!("{what} {name}: exported by the Rust ffi layer, not in the header"));
    }
}

/// Header macros cbindgen cannot produce (string constants, the hash, the include guard).
const HEADER_ONLY_DEFINES: [&str; 3] = ["OMENDB_FFI_H", "OMENDB_VERSION", "OMENDB_ABI_HASH"];

fn differences(contract: &HeaderModel, generated: &HeaderModel) -> Vec<String> {
    let mut out = Vec::new();
    diff_maps("function", &contract.functions, &generated.functions, &mut out);
    diff_maps("struct", &contract.structs, &generated.structs, &mut out);
    diff_maps("enum", &contract.enums, &generated.enums, &mut out);
    let mut header_defines = contract.defines.clone();
    header_defines.retain(|k, _| !HEADER_ONLY_DEFINES.contains(&k.as_str()));
    let mut rust_defines = generated.defines.clone();
    rust_defines.retain(|k, _| k != "OMENDB_CBINDGEN_H" && !HEADER_ONLY_DEFINES.contains(&k.as_str()));
    diff_maps("#define", &header_defines, &rust_defines, &mut out);
    out
}

fn contract_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/omendb_ffi.h");
    std::fs::read_to_string(path).expect("read include/omendb_ffi.h")
}

fn cbindgen_text() -> String {
    let path = std::path::Path::new(env!("OUT_DIR")).join("omendb_cbindgen.h");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{} is missing ({e}): cbindgen failed during the build, see the cargo warnings", path.display())
    })
}

#[test]
fn cbindgen_output_matches_the_contract_header() {
    let contract = parse_header(&contract_text());
    let generated = parse_header(&cbindgen_text());
    assert_eq!(contract.functions.len(), 32, "functions parsed from the header: {:?}", contract.functions.keys());
    let diffs = differences(&contract, &generated);
    assert!(diffs.is_empty(), "include/omendb_ffi.h and the Rust ffi layer differ:\n{}", diffs.join("\n"));
}

#[test]
fn the_normaliser_sees_the_declarations_it_compares() {
    let model = parse_header(&contract_text());
    assert_eq!(
        model.functions["omendb_storage_batch_write"],
        (
            "OmenResult".to_string(),
            vec!["OmenDB *", "const int64_t *", "const uint8_t * *", "const size_t *", "size_t"]
                .into_iter()
                .map(String::from)
                .collect()
        )
    );
    assert_eq!(model.functions["omendb_version"].1, Vec::<String>::new());
    assert_eq!(model.structs["OmenDB"], Vec::<String>::new());
    assert_eq!(model.structs["OmenResult"], vec!["bool success", "const char * error_msg", "void * data", "OmenErrorCode code"]);
    assert_eq!(model.enums["OmenEngine"], vec!["OMEN_ENGINE_REDB = 0", "OMEN_ENGINE_MEMORY = 1"]);
    assert_eq!(model.defines["OMENDB_MAX_BATCH"], "16777216");
}

#[test]
fn a_changed_field_type_or_missing_function_is_reported() {
    let text = contract_text();
    let contract = parse_header(&text);
    let edited = text
        .replace("    uint64_t hot_tier_capacity;", "    uint32_t hot_tier_capacity;")
        .replace("OmenResult omendb_index_merge(LearnedIndex *idx);", "");
    let diffs = differences(&contract, &parse_header(&edited));
    assert_eq!(diffs.len(), 2, "{diffs:#?}");
    assert!(diffs[0].starts_with("function omendb_index_merge: in the header, missing"), "{}", diffs[0]);
    assert!(diffs[1].contains("uint32_t hot_tier_capacity"), "{}", diffs[1]);
}
