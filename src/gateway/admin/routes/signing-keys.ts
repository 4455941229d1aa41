import { route } from '../route.js';

export const signingKeyRoutes = [
  route({
    method: 'GET', path: '/signing-keys', operationId: 'listSigningKeys', tag: 'identity', summary: 'Warden\'s token-signing keys (public halves)', permission: 'inventory.read',
    handler: async ({ services }) => ({ keys: services.signingKeys.jwks().keys }),
  }),
  route({
    method: 'POST', path: '/signing-keys/rotate', operationId: 'rotateSigningKey', tag: 'identity', summary: 'Start signing with a new key; the old one stays published until its tokens expire', permission: 'vault.manage',
    handler: async ({ services, actor }) => {
      const k = await services.signingKeys.rotate();
      await services.audit.record({ phase: 'admin', action: 'signing_key.rotate', outcome: 'success', actor, target: { kind: 'signing_key', id: k.kid } });
      return { kid: k.kid, keys: services.signingKeys.jwks().keys };
    },
  }),
];
