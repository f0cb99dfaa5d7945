// Reads what the symbol check needs straight from a 64-bit little-endian ELF shared object: the
// names of its defined dynamic symbols (what `nm -D --defined-only` lists) and its DT_SONAME (what
// `objdump -p` prints), reading only the section headers and the .dynsym, .dynstr and .dynamic
// sections. Anything else (32-bit, big-endian, a linker script) gives undefined: callers fall back to the tools.

import fs from "node:fs";

/** The dynamic symbol table's view of a shared object. */
export interface ElfDynamic {
  /** Names of the dynamic symbols defined in the object (section index not SHN_UNDEF). */
  defined: Set<string>;
  /** DT_SONAME, when the object has one. */
  soname?: string;
}

const ELF_MAGIC = 0x464c457f; // "\x7fELF" read little-endian
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const SHT_DYNAMIC = 6;
const SHT_DYNSYM = 11;
const SECTION_HEADER_SIZE = 64;
const SYMBOL_SIZE = 24;
const DYNAMIC_ENTRY_SIZE = 16;
const DT_NULL = 0n;
const DT_SONAME = 14n;
const SHN_UNDEF = 0;

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = fs.readSync(fd, buf, 0, length, offset);
  if (got !== length) throw new Error("truncated ELF file");
  return buf;
}

/** NUL-terminated string at `offset` of a string table. */
function stringAt(table: Buffer, offset: number): string {
  const end = table.indexOf(0, offset);
  return table.toString("latin1", offset, end < 0 ? table.length : end);
}

function sectionHeaders(fd: number): Section[] | undefined {
  const header = readAt(fd, 0, 64);
  if (header.readUInt32LE(0) !== ELF_MAGIC || header[4] !== ELFCLASS64 || header[5] !== ELFDATA2LSB) return undefined;
  const shoff = Number(header.readBigUInt64LE(0x28));
  const shentsize = header.readUInt16LE(0x3a);
  const shnum = header.readUInt16LE(0x3c);
  if (shoff === 0 || shnum === 0 || shentsize !== SECTION_HEADER_SIZE) return undefined;
  const table = readAt(fd, shoff, shnum * SECTION_HEADER_SIZE);
  const sections: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = i * SECTION_HEADER_SIZE;
    sections.push({ type: table.readUInt32LE(at + 4), offset: Number(table.readBigUInt64LE(at + 24)), size: Number(table.readBigUInt64LE(at + 32)), link: table.readUInt32LE(at + 40) });
  }
  return sections;
}

/** The defined dynamic symbols and the SONAME of `file`, or undefined when it is not a readable 64-bit little-endian ELF object with a .dynsym. */
export function readElfDynamic(file: string): ElfDynamic | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const sections = sectionHeaders(fd);
    const dynsym = sections?.find((s) => s.type === SHT_DYNSYM);
    if (!sections || !dynsym || sections[dynsym.link] === undefined) return undefined;
    const strings = readAt(fd, sections[dynsym.link].offset, sections[dynsym.link].size);
    const symbols = readAt(fd, dynsym.offset, dynsym.size);
    const defined = new Set<string>();
    for (let at = 0; at + SYMBOL_SIZE <= symbols.length; at += SYMBOL_SIZE) {
      if (symbols.readUInt16LE(at + 6) === SHN_UNDEF) continue;
      const name = stringAt(strings, symbols.readUInt32LE(at));
      if (name !== "") defined.add(name);
    }
    const result: ElfDynamic = { defined };
    const dynamic = sections.find((s) => s.type === SHT_DYNAMIC);
    if (dynamic && sections[dynamic.link] !== undefined) {
      const entries = readAt(fd, dynamic.offset, dynamic.size);
      const dynstr = dynamic.link === dynsym.link ? strings : readAt(fd, sections[dynamic.link].offset, sections[dynamic.link].size);
      for (let at = 0; at + DYNAMIC_ENTRY_SIZE <= entries.length; at += DYNAMIC_ENTRY_SIZE) {
        const tag = entries.readBigInt64LE(at);
        if (tag === DT_NULL) break;
        if (tag === DT_SONAME) result.soname = stringAt(dynstr, Number(entries.readBigUInt64LE(at + 8)));
      }
    }
    return result;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
