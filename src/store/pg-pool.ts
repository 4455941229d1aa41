import pg from 'pg';

// int8 (bigint) and numeric counts come back from pg as strings; our bigints are epoch ms, well inside 2^53.
const PG_INT8 = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** A pool on the given schema (tests and instances isolate themselves by schema). */
export function pgPool(url: string, schema: string | undefined, max: number): pg.Pool {
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('invalid PostgreSQL schema name');
  return new pg.Pool({ connectionString: url, max, types: pgTypes, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
}
