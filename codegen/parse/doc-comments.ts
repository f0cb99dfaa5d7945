// Reads doc comments from the ORIGINAL header files (the preprocessor strips comments): the
// `/** ... */` or `///` block directly above a declaration (directive lines in between are
// skipped), or a trailing `///<` / `/**<` on the same line, parsed into DocComment { text, tags }.

import fs from "node:fs";
import type { DocComment, DocTag } from "../ir/types.js";

/** Caches file contents as lines; unreadable files give no docs. */
export class DocReader {
  private readonly files = new Map<string, string[] | null>();

  private lines(file: string): string[] | null {
    let l = this.files.get(file);
    if (l === undefined) {
      try {
        l = fs.readFileSync(file, "utf8").split("\n");
      } catch {
        l = null;
      }
      this.files.set(file, l);
    }
    return l;
  }

  /** The source line (1-based) of a file, if readable. */
  sourceLine(file: string, line: number): string | undefined {
    return this.lines(file)?.[line - 1];
  }

  /** The doc comment for a declaration starting at `line` (1-based), ending at `endLine`. */
  docFor(file: string, line: number, endLine = line): DocComment | undefined {
    const lines = this.lines(file);
    if (!lines) return undefined;
    const trailing = trailingDoc(lines[endLine - 1] ?? "");
    const above = leadingDocLines(lines, line - 2);
    const raw = above ?? trailing;
    return raw === undefined ? undefined : parseDocComment(raw);
  }
}

function trailingDoc(line: string): string | undefined {
  const m = /\/\/\/<(.*)$/.exec(line) ?? /\/\*\*<([\s\S]*?)\*\//.exec(line);
  return m ? m[1] : undefined;
}

/** Text of the comment block ending at index `i` (0-based), or undefined. */
function leadingDocLines(lines: string[], i: number): string | undefined {
  while (i >= 0 && /^\s*#\s*(if|ifdef|ifndef|else|elif|endif)\b/.test(lines[i])) i--;
  if (i < 0) return undefined;
  const last = lines[i].trim();
  if (last.startsWith("///") && !last.startsWith("///<")) {
    const block: string[] = [];
    while (i >= 0 && lines[i].trim().startsWith("///")) block.unshift(lines[i--].trim().slice(3));
    return block.join("\n");
  }
  if (!last.endsWith("*/")) return undefined;
  let j = i;
  while (j >= 0 && !lines[j].includes("/*")) j--;
  if (j < 0) return undefined;
  const first = lines[j].slice(lines[j].indexOf("/*"));
  if (!first.startsWith("/**") && !first.startsWith("/*!")) return undefined;
  if (first.startsWith("/**<")) return undefined;
  if (lines[j].slice(0, lines[j].indexOf("/*")).trim() !== "") return undefined;
  const body = [first, ...lines.slice(j + 1, i + 1)].join("\n");
  return body
    .replace(/^\/\*[*!]/, "")
    .replace(/\*\/\s*$/, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\*(?!\/) ?/, ""))
    .join("\n");
}

/** Known tags may also start mid-line (`/** Hash. @abi-check X *\/`): they are split onto their own line. */
const INLINE_TAG = /\s([@\\](?:param|nullable|length|owned|returns?|thread-safety|errors|abi-check|brief|note|see|deprecated)\b)/g;
const TAG_LINE = /^\s*[@\\]([A-Za-z][\w-]*)(?:\[([^\]]*)\])?\s*(.*)$/;

/** Parses a comment body (markers removed) into prose and tags. */
export function parseDocComment(raw: string): DocComment | undefined {
  const prose: string[] = [];
  const tags: DocTag[] = [];
  let current: DocTag | undefined;
  for (const line of raw.replace(INLINE_TAG, "\n$1").split("\n")) {
    const m = TAG_LINE.exec(line);
    if (m) {
      current = { tag: m[1], text: m[3].trim() };
      if (m[2] !== undefined) current.arg = m[2].replace(/\s+/g, "");
      tags.push(current);
    } else if (current) {
      if (line.trim() === "") current = undefined;
      else current.text = `${current.text} ${line.trim()}`.trim();
    } else {
      prose.push(line.trim());
    }
  }
  const text = prose
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (text === "" && tags.length === 0) return undefined;
  return { text, tags };
}
