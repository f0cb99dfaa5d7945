// Names of everything the napi target writes: the shared exported names of the `.d.ts`
// (common/ts-export-names; callbacks unsupported) plus the C helper names of the addon (`omb_`
// prefix: record converters, handle type tags, wrappers, library-struct members).

import type { RecordDecl } from "../../ir/types.js";
import { TsExportNames } from "../common/ts-export-names.js";
import { fmtSlug } from "../common/ts-names.js";

/** Module-level names the generated loader itself uses. */
const FIXED_NAMES = ["load", "Pointer", "LIBRARY_ENV", "ADDON_FILE", "createRequire", "fileURLToPath", "SCRATCH_SLOTS", "SCRATCH_SIZE", "withSlotResults"];

export class NapiNames extends TsExportNames {
  constructor(moduleName: string) {
    super(moduleName, FIXED_NAMES);
  }

  /** Type tag (napi_type_tag) of a handle type. */
  handleTag(cName: string): string {
    return `omb_tag_${fmtSlug(cName)}`;
  }

  /** Converter JS object → C record. */
  fromRecord(rec: RecordDecl): string {
    return `omb_from_${fmtSlug(rec.name)}`;
  }

  /** Converter C record → new JS object. */
  toRecord(rec: RecordDecl): string {
    return `omb_to_${fmtSlug(rec.name)}`;
  }

  /** Writer of a C record's members onto an existing JS object. */
  fillRecord(rec: RecordDecl): string {
    return `omb_fill_${fmtSlug(rec.name)}`;
  }

  /** The napi callback wrapping a C function. */
  wrapper(cName: string): string {
    return `omb_w_${cName}`;
  }

  /** The napi callback starting the async form of a C function. */
  asyncWrapper(cName: string): string {
    return `omb_a_${cName}`;
  }

  /** The job struct of an async form. */
  asyncJob(cName: string): string {
    return `omb_job_${cName}`;
  }

  /** The pool-thread body of an async form. */
  asyncExecute(cName: string): string {
    return `omb_x_${cName}`;
  }

  /** The main-thread completion of an async form. */
  asyncComplete(cName: string): string {
    return `omb_c_${cName}`;
  }

  /** The function-pointer member of the library struct. */
  member(cName: string): string {
    return `f_${cName}`;
  }
}
