// SQLite from Node through the koffi bindings omendb-bindgen generates for <sqlite3.h> (in
// bench/.scratch/sqlite3): a WAL database with synchronous=FULL (durable commits), table
// kv(k INTEGER PRIMARY KEY, v BLOB), batch writes as one transaction over one prepared INSERT.

import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { VALUE_BYTES } from "../../lib/dataset.js";

type Ptr = bigint;
/** The part of the generated `Sqlite3Library` these benchmarks call. */
interface SqliteApi {
  sqlite3_open(filename: string, ppDb: [Ptr | null]): number;
  sqlite3_close(db: Ptr): number;
  sqlite3_exec(db: Ptr, sql: string, callback: Ptr | null, arg: Ptr | null, errmsg: [Ptr | null] | null): number;
  sqlite3_prepare_v2(db: Ptr, sql: string, nByte: number, ppStmt: [Ptr | null], pzTail: [Ptr | null] | null): number;
  sqlite3_bind_int64(stmt: Ptr, index: number, value: bigint): number;
  sqlite3_bind_blob(stmt: Ptr, index: number, data: Ptr, n: number, destructor: Ptr | null): number;
  sqlite3_step(stmt: Ptr): number;
  sqlite3_reset(stmt: Ptr): number;
  sqlite3_finalize(stmt: Ptr): number;
  sqlite3_column_int64(stmt: Ptr, column: number): bigint;
  sqlite3_errmsg(db: Ptr): string | null;
}
interface SqliteModule { load(path?: string): SqliteApi; SQLITE_DONE: number; SQLITE_OK: number }

/** Loads the generated module `modulePath` (bench/.scratch/sqlite3/sqlite3.koffi.ts). */
export async function loadSqlite(modulePath: string): Promise<{ api: SqliteApi; done: number }> {
  const mod = (await import(pathToFileURL(modulePath).href)) as SqliteModule;
  return { api: mod.load(), done: mod.SQLITE_DONE };
}

/** One SQLite database file in WAL mode. */
export class SqliteStore {
  readonly #api: SqliteApi;
  readonly #done: number;
  readonly #db: Ptr;

  private constructor(api: SqliteApi, done: number, db: Ptr) {
    this.#api = api;
    this.#done = done;
    this.#db = db;
  }

  /** Creates a fresh database at `file` (removing old files), WAL + synchronous=FULL. */
  static create(lib: { api: SqliteApi; done: number }, file: string): SqliteStore {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    const slot: [Ptr | null] = [null];
    if (lib.api.sqlite3_open(file, slot) !== 0 || slot[0] === null) throw new Error(`sqlite3_open ${file} failed`);
    const store = new SqliteStore(lib.api, lib.done, slot[0]);
    store.#exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE kv(k INTEGER PRIMARY KEY, v BLOB);");
    return store;
  }

  #exec(sql: string): void {
    if (this.#api.sqlite3_exec(this.#db, sql, null, null, null) !== 0) throw new Error(`${sql}: ${this.#api.sqlite3_errmsg(this.#db)}`);
  }

  /** Inserts every entry (input order) in one transaction; keys and values as in LmdbStore.batchWrite. */
  batchWrite(keys: BigInt64Array, valuesPtr: Ptr, count: number): void {
    const api = this.#api;
    const slot: [Ptr | null] = [null];
    if (api.sqlite3_prepare_v2(this.#db, "INSERT OR REPLACE INTO kv(k, v) VALUES (?1, ?2)", -1, slot, null) !== 0) {
      throw new Error(`prepare: ${api.sqlite3_errmsg(this.#db)}`);
    }
    const stmt = slot[0]!;
    this.#exec("BEGIN");
    for (let i = 0; i < count; i++) {
      api.sqlite3_bind_int64(stmt, 1, keys[i]);
      api.sqlite3_bind_blob(stmt, 2, valuesPtr + BigInt(i * VALUE_BYTES), VALUE_BYTES, null);
      if (api.sqlite3_step(stmt) !== this.#done) throw new Error(`step: ${api.sqlite3_errmsg(this.#db)}`);
      api.sqlite3_reset(stmt);
    }
    this.#exec("COMMIT");
    api.sqlite3_finalize(stmt);
  }

  /** Rows in kv (SELECT count(*)). */
  countRows(): number {
    const api = this.#api;
    const slot: [Ptr | null] = [null];
    if (api.sqlite3_prepare_v2(this.#db, "SELECT count(*) FROM kv", -1, slot, null) !== 0) throw new Error(`prepare: ${api.sqlite3_errmsg(this.#db)}`);
    api.sqlite3_step(slot[0]!);
    const count = Number(api.sqlite3_column_int64(slot[0]!, 0));
    api.sqlite3_finalize(slot[0]!);
    return count;
  }

  /** Closes the database. */
  close(): void {
    this.#api.sqlite3_close(this.#db);
  }
}
