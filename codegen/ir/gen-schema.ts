// Generates ir/schema.json from ir/types.ts with typescript-json-schema (root IrModule).
// Run: npx tsx codegen/ir/gen-schema.ts   (tests fail when the committed schema is stale).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as TJS from "typescript-json-schema";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The schema text for the current types.ts. */
export function generateSchemaText(): string {
  const program = TJS.getProgramFromFiles([path.join(here, "types.ts")], { strict: true, skipLibCheck: true });
  const schema = TJS.generateSchema(program, "IrModule", { required: true, noExtraProps: true, strictNullChecks: true, ref: true, aliasRef: false, topRef: false });
  if (!schema) throw new Error("typescript-json-schema produced no schema");
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export const SCHEMA_PATH = path.join(here, "schema.json");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(SCHEMA_PATH, generateSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
}
