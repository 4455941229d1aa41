import { WardenError } from '../errors.js';

/** Turns whatever was thrown into a WardenError; unknown errors become a 500 that names nothing internal. */
export function toWardenError(e: unknown): WardenError {
  if (e instanceof WardenError) return e;
  const err = e as { code?: string; statusCode?: number; message?: string; validation?: unknown };
  switch (err?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new WardenError('request.too_large', 413, 'The request body is larger than this server accepts.', { hint: 'Send a smaller body, or raise limits.max_body_bytes.' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new WardenError('request.unsupported_media_type', 415, 'This endpoint accepts application/json.', { hint: 'Set "Content-Type: application/json".' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new WardenError('request.empty_body', 400, 'The JSON body is empty.', { hint: 'Send a JSON object, or omit the Content-Type header.' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new WardenError('request.invalid_content_length', 400, 'Content-Length does not match the body.');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new WardenError('request.bad_url', 400, 'The URL is malformed.');
  }
  if (e instanceof SyntaxError || err?.statusCode === 400) {
    return new WardenError('request.invalid_json', 400, 'The body is not valid JSON.', { hint: 'Check quoting and commas; the body must be one JSON object.' });
  }
  if (err?.statusCode === 413) return new WardenError('request.too_large', 413, 'The request is too large.');
  if (err?.statusCode === 431) return new WardenError('request.headers_too_large', 431, 'The request headers are too large.');
  return new WardenError('internal.error', 500, 'Warden hit an internal error; the request was not completed.', { hint: 'Retry; if it persists, check the server log for the request id.' });
}

/** Depth of nested objects/arrays, iterative so a hostile body cannot overflow the stack. */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return false;
}
