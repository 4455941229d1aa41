/** JSON columns are written by us; a value that does not parse means corruption, so say which column. */
export function parseJson<T>(text: string, column: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`corrupt JSON in column ${column}`);
  }
}
