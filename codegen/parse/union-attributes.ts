// GCC accepts `union __attribute__((packed)) U { … }`, but tree-sitter-c's union_specifier takes
// attributes only after the body. This rewrite of the preprocessed text moves such attributes
// behind the union's closing brace (the spelling GCC gives the same meaning), blanking them in
// place so rows and the columns before the brace stay where the compiler saw them.

/** One `__attribute__((…))` specifier, nested parentheses included. */
const ATTRIBUTE = /__attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)/y;
const UNION_KEYWORD = /\bunion\b/g;
const SPACE = /\s*/y;
const IDENTIFIER = /[A-Za-z_]\w*/y;

/** Where `re` (sticky) matches at `at`, the end of the match; else undefined. */
function matchAt(re: RegExp, text: string, at: number): number | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? at + m[0].length : undefined;
}

/** Index of the `}` closing the `{` at `open`, or undefined when the text ends first. */
function closingBrace(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return undefined;
}

/** Blanks `text[from, to)` except its line breaks. */
function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, " ") + text.slice(to);
}

/**
 * Moves the attribute specifiers written between `union` and its tag or body behind the body's
 * closing brace; attributes of a union without a body (a forward reference) are dropped, as GCC
 * ignores packing there too.
 */
export function hoistUnionAttributes(text: string): string {
  let out = text;
  let from = 0;
  for (;;) {
    UNION_KEYWORD.lastIndex = from;
    const keyword = UNION_KEYWORD.exec(out);
    if (!keyword) return out;
    from = keyword.index + keyword[0].length;
    const specs: string[] = [];
    let cursor = matchAt(SPACE, out, from)!;
    const start = cursor;
    for (let end = matchAt(ATTRIBUTE, out, cursor); end !== undefined; end = matchAt(ATTRIBUTE, out, cursor)) {
      specs.push(out.slice(cursor, end).replace(/\s+/g, " "));
      cursor = matchAt(SPACE, out, end)!;
    }
    if (specs.length === 0) continue;
    const attrEnd = cursor;
    const afterTag = matchAt(SPACE, out, matchAt(IDENTIFIER, out, cursor) ?? cursor)!;
    const close = out[afterTag] === "{" ? closingBrace(out, afterTag) : undefined;
    out = blank(out, start, attrEnd);
    if (close !== undefined) out = `${out.slice(0, close + 1)} ${specs.join(" ")}${out.slice(close + 1)}`;
  }
}
