import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { TokenExchangeError, type TokenExchange } from '../identity/tokens/exchange.js';
import type { SigningKeys } from '../identity/tokens/signing-keys.js';

export interface TokenRouteDeps {
  exchange: Pick<TokenExchange, 'exchange'>;
  keys: Pick<SigningKeys, 'jwks'>;
}

const FORM = 'application/x-www-form-urlencoded';
/** Two JWTs and a few parameters; anything larger is not a token request. */
const BODY_LIMIT = 64 * 1024;

/**
 * `POST /oauth/token` (RFC 8693 token exchange) and `GET /.well-known/jwks.json` (Warden's
 * public signing keys). Registered in their own encapsulated context, so the form parser and the
 * OAuth-shaped error handler stay here and do not change the rest of the server.
 */
export function tokenRoutes(app: FastifyInstance, deps: TokenRouteDeps): void {
  void app.register(async (scope) => {
    if (!scope.hasContentTypeParser(FORM)) {
      scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(body as string)));
    }

    // Body errors (bad JSON, wrong media type, too large) in OAuth shape. The parser's own
    // message is not used: it can quote the body, and the body holds tokens.
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      const status = err.statusCode ?? 500;
      if (status === 415) return oauthError(reply, 415, 'invalid_request', 'exchange.unsupported_media_type', `Send the parameters as ${FORM} or application/json.`);
      if (status === 413) return oauthError(reply, 413, 'invalid_request', 'exchange.body_too_large', 'The request body is too large.');
      if (status < 500) return oauthError(reply, 400, 'invalid_request', 'exchange.bad_body', 'The request body cannot be parsed.');
      return oauthError(reply, 500, 'server_error', 'exchange.internal_error', 'Internal error.');
    });

    scope.post('/oauth/token', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
      const body = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return oauthError(reply, 400, 'invalid_request', 'exchange.bad_body', 'Send the token exchange parameters in the request body.');
      }
      try {
        const res = await deps.exchange.exchange(body as Record<string, unknown>);
        // RFC 6749 §5.1: token responses must not be cached.
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(res);
      } catch (e) {
        if (!(e instanceof TokenExchangeError)) throw e;
        return oauthError(reply, e.status, e.error, e.code, e.message);
      }
    });

    scope.get('/.well-known/jwks.json', async (_req, reply) => {
      // Short cache: after a rotation, verifiers should see the new key soon (they also refetch on an unknown kid).
      return reply.header('cache-control', 'public, max-age=60').send(deps.keys.jwks());
    });
  });
}

function oauthError(reply: FastifyReply, status: number, error: string, code: string, description: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error, error_description: description, warden_code: code });
}

/** Form body to an object; a repeated name becomes an array so the exchange can refuse it. */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
