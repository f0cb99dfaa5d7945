#!/usr/bin/env node
// ABI hash of include/omendb_ffi.h: FNV-1a 64-bit over the header with comments replaced by
// one space, lines containing `#define OMENDB_ABI_HASH` dropped, whitespace runs collapsed.
// Same algorithm as native/src/abi_hash.rs. Usage: abi-hash.mjs [--write | --check] [header]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DEFINE = "#define OMENDB_ABI_HASH";

/** Removes comments (each becomes one space), keeping string and char literals intact. */
export function stripComments(text) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      out += " ";
      i = close < 0 ? text.length : close + 2;
    } else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      out += " ";
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") {
      const start = i;
      i += 1;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i = Math.min(i + 1, text.length);
      out += text.slice(start, i);
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The normalised text the hash covers. */
export function normalise(text) {
  const kept = stripComments(text).split("\n").filter((line) => !line.includes(DEFINE));
  return kept.join("\n").split(/\s+/).filter((w) => w.length > 0).join(" ");
}

/** FNV-1a 64-bit of a UTF-8 string, as a bigint. */
export function fnv1a64(text) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, "utf8")) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

export function abiHash(headerText) {
  return fnv1a64(normalise(headerText));
}

function literal(hash) {
  return `0x${hash.toString(16).padStart(16, "0")}ULL`;
}

function main(argv) {
  const mode = argv.find((a) => a === "--write" || a === "--check");
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
  const header = argv.find((a) => !a.startsWith("--")) ?? join(repoRoot, "include", "omendb_ffi.h");
  const text = readFileSync(header, "utf8");
  const expected = literal(abiHash(text));
  const pattern = /^(#define OMENDB_ABI_HASH\s+)(\S+)/m;
  const match = pattern.exec(text);
  if (mode && !match) {
    console.error(`${header}: no '${DEFINE}' line`);
    return 1;
  }
  if (mode === "--check") {
    if (match[2] !== expected) {
      console.error(`${header}: OMENDB_ABI_HASH is ${match[2]}, expected ${expected} (run node scripts/abi-hash.mjs --write)`);
      return 1;
    }
    console.log(`OMENDB_ABI_HASH ${expected} is up to date`);
    return 0;
  }
  if (mode === "--write") {
    if (match[2] !== expected) writeFileSync(header, text.replace(pattern, `$1${expected}`));
    console.log(`OMENDB_ABI_HASH ${expected}`);
    return 0;
  }
  console.log(expected);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
