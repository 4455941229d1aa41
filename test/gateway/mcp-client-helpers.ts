import assert from 'node:assert/strict';

/** A tool call's result as both SDK lines return it. */
export type CallResult = { content: Array<{ type: string; text?: string }>; isError?: boolean };

/** The text of a tool result's first content block. */
export const textOf = (r: unknown): string => ((r as CallResult).content[0] as { text: string }).text;

/** The JSON-RPC error a client call raised: its code, message and Warden's data (code, hint, approval id). */
export async function failure(fn: () => Promise<unknown>): Promise<{ code: number; message: string; data: any }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { code?: number; message: string; data?: unknown };
    return { code: err.code ?? 0, message: err.message, data: err.data ?? {} };
  }
  assert.fail('expected the call to fail');
}
