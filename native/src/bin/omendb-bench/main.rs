//! `omendb-bench`: the Rust learned-index benchmark. Generates the SOSD-style datasets from a
//! fixed seed, runs the requested suites (lookup, build, memory, delta) and prints one JSON row per
//! measurement on stdout (progress on stderr). `bench/run.mjs` drives it and writes the report.
//!
//! Usage: omendb-bench [--n KEYS] [--lookups N] [--repeats R] [--build-repeats R] [--seed S]
//!                     [--datasets a,b,..] [--suites lookup,build,memory,delta]

mod alloc;
mod datasets;
mod eytzinger;
mod methods;
mod output;
mod probes;
mod rng;
mod suites;
mod timing;

use std::process::ExitCode;

use suites::Config;

#[global_allocator]
static ALLOCATOR: alloc::CountingAlloc = alloc::CountingAlloc;

/// Parsed command line.
struct Args {
    config: Config,
    datasets: Vec<String>,
    suites: Vec<String>,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut config = Config { n: 1_000_000, lookups: 200_000, repeats: 3, build_repeats: 3, seed: 42 };
    let mut datasets: Vec<String> = datasets::ALL.iter().map(|s| s.to_string()).collect();
    let mut suites: Vec<String> = suites::ALL.iter().map(|s| s.to_string()).collect();
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |text: String| text.replace('_', "").parse::<u64>().map_err(|_| format!("{flag}: not a number: {text}"));
        match flag.as_str() {
            "--n" => config.n = number(value()?)? as usize,
            "--lookups" => config.lookups = number(value()?)? as usize,
            "--repeats" => config.repeats = number(value()?)? as usize,
            "--build-repeats" => config.build_repeats = number(value()?)? as usize,
            "--seed" => config.seed = number(value()?)?,
            "--datasets" => datasets = split_list(&value()?, &datasets::ALL)?,
            "--suites" => suites = split_list(&value()?, &suites::ALL)?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if config.n < 2 || config.lookups == 0 {
        return Err("--n must be at least 2 and --lookups at least 1".into());
    }
    Ok(Args { config, datasets, suites })
}

/// Splits a comma list, rejecting names not in `known`.
fn split_list(text: &str, known: &[&str]) -> Result<Vec<String>, String> {
    text.split(',')
        .map(|item| {
            let item = item.trim();
            if known.contains(&item) {
                Ok(item.to_string())
            } else {
                Err(format!("unknown name {item} (known: {})", known.join(", ")))
            }
        })
        .collect()
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("omendb-bench: {message}");
            return ExitCode::from(2);
        }
    };
    let config = &args.config;
    for dataset in &args.datasets {
        eprintln!("dataset {dataset}: generating {} keys", config.n);
        let keys = datasets::generate(dataset, config.n, config.seed).expect("names were validated");
        for suite in &args.suites {
            match suite.as_str() {
                "lookup" => suites::lookup::run(dataset, &keys, config),
                "build" => suites::build::run(dataset, &keys, config),
                "memory" => suites::memory::run(dataset, &keys, config),
                "delta" => suites::delta::run(dataset, &keys, config),
                _ => unreachable!("names were validated"),
            }
        }
    }
    ExitCode::SUCCESS
}
