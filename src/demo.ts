import type { Warden } from './app.js';
import { SYSTEM_ACTOR } from './audit/types.js';

export const DEMO_AGENT = 'demo-agent';
const DEMO_OWNER = 'demo@warden.local';

/**
 * Demo mode: makes sure a demo owner and agent exist and issues the agent a short-lived key,
 * so a newcomer can try a request straight away. The key is printed once, like any key.
 */
export async function prepareDemo(w: Warden): Promise<{ agent: string; key: string; keyId: string }> {
  const { directory, agents, credentials } = w.services;
  const actor = { ...SYSTEM_ACTOR, name: 'demo' };
  if (!(await directory.listOwners()).some((o) => o.handle === DEMO_OWNER)) {
    await directory.createOwner({ handle: DEMO_OWNER, displayName: 'Demo owner' }, actor);
  }
  let agent = await agents.find(DEMO_AGENT);
  if (!agent) {
    agent = await agents.create(
      {
        name: DEMO_AGENT,
        owner: DEMO_OWNER,
        purpose: 'Shows Warden end to end with the demo upstreams',
        environment: 'dev',
        risk: 'low',
        autonomy: 'supervised',
        labels: { demo: 'true' },
        grants: { models: ['demo-*'], servers: ['demo-*'], tools: ['demo-*/*'] },
      },
      actor,
    );
  }
  if (agent.status !== 'active') return { agent: agent.name, key: '', keyId: '' };
  const { credential, key } = await credentials.issue(agent.id, { name: 'demo', ttlMs: 86_400_000 }, actor);
  return { agent: agent.name, key, keyId: credential.id };
}
