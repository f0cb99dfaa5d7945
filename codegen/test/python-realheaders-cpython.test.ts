// Real public headers through the cpython target: generate zlib.h and sqlite3.h with the CLI
// (`--targets cpython`), build the extensions with cc -Wall -Wextra -Werror against the venv's
// Python, run support/realheaders_cpython_calls.py on them and assert what the real libraries did.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { venvPython } from "./support/compiled-build.js";
import { EXPECTED_SKIPS, generateAndBuild, installed, mypyStub, type RealBuild, type RealHeader, SQLITE3, ZLIB } from "./support/realheaders-compiled.js";
import { generatedRoot } from "./support/sink.js";

const outRoot = join(generatedRoot, "realheaders-cpython");
const callsScript = join(import.meta.dirname, "support", "realheaders_cpython_calls.py");
let python = "";

beforeAll(() => {
  python = venvPython();
}, 120_000);

/** Generates and builds `h`, then runs the calls script on it; returns the build and what Python saw. */
function buildAndCall(h: RealHeader): { built: RealBuild; seen: Record<string, unknown> } {
  const built = generateAndBuild(h, "cpython", outRoot, python);
  if (!built.build.ok) throw new Error(built.build.diagnostic);
  const seen = JSON.parse(execFileSync(python, [callsScript, built.dir, h.name], { encoding: "utf8", stdio: "pipe" })) as Record<string, unknown>;
  return { built, seen };
}

if (!installed(ZLIB) || !installed(SQLITE3)) console.warn("SKIP real-header cpython tests: install zlib1g-dev and libsqlite3-dev (.ci/run does)");

describe.skipIf(!installed(ZLIB))("zlib.h via the cpython target", () => {
  let built: RealBuild;
  let seen: Record<string, unknown>;
  beforeAll(() => {
    ({ built, seen } = buildAndCall(ZLIB));
  }, 120_000);

  it("builds with -Wall -Wextra -Werror and skips only variadics, callbacks and va_list", () => {
    expect(built.build).toMatchObject({ ok: true });
    expect(built.skips).toEqual(EXPECTED_SKIPS.zlib);
  });

  it("ships a .pyi stub that mypy --strict accepts", () => {
    expect(mypyStub(python, join(built.dir, "zlib_c_cpython.pyi"))).toMatch(/^Success/);
  });

  it("answers with zlib's values and round-trips compress2/uncompress through bytearray and array buffers", () => {
    expect(seen.version).toMatch(/^1\.\d+\.\d+/);
    expect(seen).toMatchObject({
      bound100: 113,
      crc: 0x3610a686,
      crcMemoryview: 0x3610a686,
      adler: 0x062c0215,
      zError: "data error",
      compress: [true, true],
      uncompress: [true, "omendb ".length * 500, true],
    });
  });

  it("passes None as NULL for a buffer of this unannotated header (crc32 → 0, adler32 → 1 per zlib's docs)", () => {
    expect(seen.nullBuffer).toEqual([0, 1]);
  });

  it("refuses a wrong type or count with TypeError and a negative size with OverflowError (Python's rule for out-of-range ints)", () => {
    expect(seen.badType).toBe("TypeError");
    expect(seen.badCount).toBe("TypeError");
    expect(seen.badRange).toBe("OverflowError");
  });
});

describe.skipIf(!installed(SQLITE3))("sqlite3.h via the cpython target", () => {
  let built: RealBuild;
  let seen: Record<string, unknown>;
  beforeAll(() => {
    ({ built, seen } = buildAndCall(SQLITE3));
  }, 120_000);

  it("builds with -Wall -Wextra -Werror and skips only variadics, callbacks (sqlite3_exec among them) and va_list", () => {
    expect(built.build).toMatchObject({ ok: true });
    expect(built.skips).toEqual(EXPECTED_SKIPS.sqlite3);
    expect(seen.hasExec).toBe(false);
  });

  it("ships a .pyi stub that mypy --strict accepts", () => {
    expect(mypyStub(python, join(built.dir, "sqlite3_c_cpython.pyi"))).toMatch(/^Success/);
  });

  it("opens :memory:, creates, inserts, binds, reads rows back and closes", () => {
    expect(seen.version).toMatch(/^3\.\d+\.\d+/);
    expect(seen.versionNumber).toBeGreaterThan(3_000_000);
    expect(seen).toMatchObject({
      open: true,
      create: true,
      insert: true,
      changes: 2,
      bind: [0, 0],
      rows: [
        [7, 0.5, "héllo"],
        [8, 2.25, "eight"],
      ],
      columnName: "name",
      finalize: true,
      errmsg: "not an error",
      close: true,
    });
  });

  it("passes None as NULL for strings and handles of this unannotated header (zVfs, close/finalize of NULL)", () => {
    expect(seen.nullArgs).toEqual([true, true, true, 0, 0]);
  });

  it("types those parameters Optional in the stub (`| None`)", () => {
    const stub = readFileSync(join(built.dir, "sqlite3_c_cpython.pyi"), "utf8");
    expect(stub).toMatch(/def sqlite3_open_v2\(self, [^)]*zVfs: str \| bytes \| None, \/\)/);
    expect(stub).toMatch(/def sqlite3_close\(self, arg0: sqlite3 \| None, \/\)/);
  });

  it("returns SQLITE_ERROR with the message for bad SQL and refuses wrong handles with TypeError", () => {
    expect(seen.badSql).toEqual([true, true, expect.stringMatching(/syntax error/)]);
    expect(seen.wrongHandle).toBe("TypeError");
    expect(seen.notAHandle).toBe("TypeError");
  });
});
