export type Dialect = 'sqlite' | 'postgres';

/** Unique-constraint violations, recognised in both dialects' driver errors. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === '23503' || err?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
