// cffi emitter: the cdef rendered from the C declarator model (hand-built IR), then the real
// thing: the build script compiles `_sample_cffi` against the sample library and the generated
// sample.py runs the same calls through it (plus inline and packed-by-value functions).

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { cffiBackend } from "../emit/cffi/index.js";
import { ctypesBackend } from "../emit/ctypes/index.js";
import { sampleIr, sampleOptions } from "./emit-ctypes-sample-ir.js";

const root = resolve(import.meta.dirname, "../..");
const sampleDir = join(root, "test/python/generator/sample");

describe("cffi emitter (hand-built IR)", () => {
  const diag = new DiagnosticSink();
  const files = cffiBackend.emit(sampleIr(), sampleOptions, diag);
  const text = files[0].contents;

  it("writes one build script with the banner, module and library names", () => {
    expect(files.map((f) => f.path)).toEqual(["sample_cffi_build.py"]);
    expect(text.split("\n")[0]).toContain("Generated file: do not edit.");
    expect(text).toContain('MODULE = "_sample_cffi"');
    expect(text).toContain('LIBRARY = "libsample.so"');
    expect(text).toContain('LIBRARY_ENV = "SAMPLE_LIBRARY_PATH"');
    expect(text).not.toMatch(/\/(work|tmp|home)\//);
    expect(diag.items).toEqual([]);
  });

  it("renders declarators: callbacks, arrays, self references, anonymous members and typedefs", () => {
    expect(text).toContain("typedef int32_t (*sample_cb)(void *user, int32_t value);");
    expect(text).toContain("    char name[8];");
    expect(text).toContain("    struct Node *next;");
    expect(text).toContain("    union { int64_t i; double d; };");
    expect(text).toContain("typedef struct { double lo; double hi; } Range;");
    expect(text).toContain("    uint32_t b : 5;");
    expect(text).toContain("enum Color { COLOR_RED = 0, COLOR_GREEN = 5, COLOR_BLUE = -1 };");
  });

  it("lets the compiler lay out packed and aligned records, and declares inline and variadic functions", () => {
    expect(text).toMatch(/struct Packed \{\n {4}uint8_t tag;\n {4}uint32_t value;\n {4}uint16_t small;\n {4}\.\.\.;\n\};/);
    expect(text).toContain("int32_t sample_twice(int32_t x);");
    expect(text).toContain("int sample_printf(const char *fmt, ...);");
    expect(text).toContain("int32_t sample_join(const uint8_t **values, const size_t *lens, size_t count);");
  });

  it("is byte-deterministic", () => {
    expect(cffiBackend.emit(sampleIr(), sampleOptions, new DiagnosticSink())[0].contents).toBe(text);
  });
});

describe("cffi extension on the sample library (cc + venv python)", () => {
  let dir = "";
  let python = "";

  beforeAll(() => {
    python = execFileSync("bash", [join(root, "scripts/ensure-venv.sh")], { encoding: "utf8" }).trim();
    dir = mkdtempSync(join(tmpdir(), "omendb-cffi-"));
    const diag = new DiagnosticSink();
    for (const f of [...ctypesBackend.emit(sampleIr(), sampleOptions, diag), ...cffiBackend.emit(sampleIr(), sampleOptions, diag)]) {
      writeFileSync(join(dir, f.path), f.contents);
    }
    execFileSync("cc", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", join(dir, "libsample.so"), join(sampleDir, "sample.c")]);
    execFileSync(python, [join(dir, "sample_cffi_build.py")], {
      env: { ...process.env, SAMPLE_LIBRARY_PATH: join(dir, "libsample.so"), SAMPLE_INCLUDE_DIR: sampleDir },
      stdio: "pipe",
    });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the build script passes mypy --strict", () => {
    const out = execFileSync(python, ["-m", "mypy", "--strict", "--no-incremental", join(dir, "sample_cffi_build.py")], { encoding: "utf8" });
    expect(out).toContain("Success");
  });

  it("sample.BACKEND is cffi once the extension is built", () => {
    const out = execFileSync(python, ["-c", `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import sample; print(sample.BACKEND)`], { encoding: "utf8" });
    expect(out.trim()).toBe("cffi");
  });

  it("makes the same real calls through cffi, plus inline and packed-by-value functions", () => {
    const out = execFileSync(python, [join(root, "test/python/generator/sample_calls.py"), dir, "cffi"], { encoding: "utf8" });
    expect(out.trim()).toBe("ok");
  });

  it("ctypes stays available with an explicit path and refuses cffi-only functions clearly", () => {
    const script = `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import sample
L = sample.load(${JSON.stringify(join(dir, "libsample.so"))})
try:
    L.sample_twice(1)
except NotImplementedError as e:
    print(L.backend, e)`;
    const out = execFileSync(python, ["-c", script], { encoding: "utf8" });
    expect(out.trim()).toBe("ctypes sample_twice is static inline: only the compiled cffi extension can call it");
  });
});
