// One statement as one call into PGlite's wasm Postgres. PGlite's query() makes six calls
// per statement (parse, describe the statement for its parameter types, bind, describe,
// execute, sync); this sends the same protocol messages in one call, the parameters as text
// for the server to type, as a network driver does: ~45% less time per statement, and the
// quickstart's throughput is bound by PGlite's one thread (bench/README, row 2). Parameters
// other than text, numbers, booleans and dates (arrays, objects) are left to query(), whose
// serialisers know the types.
// `oneCallQuery` must stay self-contained (no imports, no outer names): the PGlite thread's
// code is built from its source text (pglite-thread.ts).

/** Whether every parameter can go as text (else use PGlite's query()). */
export function plainParams(params: unknown[]): boolean {
  return params.every((v) => v === null || v === undefined || typeof v === 'string' || typeof v === 'number'
    || typeof v === 'boolean' || typeof v === 'bigint' || v instanceof Date);
}

/** The PGlite surface it uses: the instance, and the module's protocol serialiser and result parser. */
export interface OneCallPglite {
  db: { execProtocol(message: Uint8Array): Promise<{ messages: unknown[] }>; parsers: unknown };
  protocol: { serialize: Record<string, (arg?: unknown) => Uint8Array> };
  parse: { parseResults(messages: unknown[], parsers: unknown, options: unknown): { rows: unknown[] }[] };
}

/** Runs sql with plain parameters; the caller holds PGlite's lock (or its transaction). */
export async function oneCallQuery(pg: OneCallPglite, sql: string, params: unknown[]): Promise<unknown[]> {
  const s = pg.protocol.serialize;
  const values = params.map((v) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v)));
  const parts = [s.parse!({ text: sql, types: [] }), s.bind!({ values }), s.describe!({ type: 'P' }), s.execute!({}), s.sync!()];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  const { messages } = await pg.db.execProtocol(bytes);
  return pg.parse.parseResults(messages, pg.db.parsers, {})[0]?.rows ?? [];
}
