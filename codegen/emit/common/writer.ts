// CodeWriter: the one way emitters produce text. Always `\n`, indentation from a stack,
// and exactly one trailing newline, so output is byte-identical for the same IR.

export class CodeWriter {
  private readonly out: string[] = [];
  private depth = 0;
  /** The indentation string of each depth reached so far (built once, not per line). */
  private readonly prefixes: string[] = [""];

  constructor(private readonly indentUnit: string = "  ") {}

  /** Writes one line at the current indentation (an empty string writes a blank line). */
  line(text = ""): this {
    if (text === "") {
      this.out.push("");
      return this;
    }
    const prefix = this.prefixes[this.depth] ?? (this.prefixes[this.depth] = this.indentUnit.repeat(this.depth));
    this.out.push(prefix + text);
    return this;
  }

  /** Writes several lines (each may itself contain `\n`). */
  lines(text: string | readonly string[]): this {
    const all = typeof text === "string" ? text.split("\n") : text.flatMap((t) => t.split("\n"));
    for (const l of all) this.line(l);
    return this;
  }

  /** Writes one blank line unless the previous line is already blank or nothing was written. */
  blank(): this {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== "") this.out.push("");
    return this;
  }

  /** Runs `body` one level deeper. */
  indent(body: () => void): this {
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
    return this;
  }

  /** Writes `open`, the indented body, then `close` (e.g. `block("if (x) {", "}", ...)`). */
  block(open: string, close: string, body: () => void): this {
    this.line(open);
    this.indent(body);
    return this.line(close);
  }

  /** The text: trailing blank lines trimmed, exactly one final newline. */
  toString(): string {
    let end = this.out.length;
    while (end > 0 && this.out[end - 1] === "") end--;
    return (end === this.out.length ? this.out : this.out.slice(0, end)).join("\n") + "\n";
  }
}
