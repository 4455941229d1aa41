import { z } from 'zod';
import { route } from '../route.js';
import { idParam, nameSchema } from '../schemas.js';

const teamCreate = z.object({ name: nameSchema, description: z.string().max(2000).optional() }).strict();
const ownerCreate = z
  .object({
    handle: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}$/, 'expected a handle or email address'),
    display_name: z.string().max(200).optional(),
    email: z.string().email().optional(),
    team: z.string().min(1).max(200).optional(),
  })
  .strict();

export const directoryRoutes = [
  route({
    method: 'GET', path: '/teams', operationId: 'listTeams', tag: 'directory', summary: 'List teams', permission: 'inventory.read',
    handler: async ({ services }) => ({ teams: await services.directory.listTeams() }),
  }),
  route({
    method: 'POST', path: '/teams', operationId: 'createTeam', tag: 'directory', summary: 'Create a team', permission: 'inventory.write', body: teamCreate, status: 201,
    handler: async ({ services, body, actor }) => ({ team: await services.directory.createTeam(body, actor) }),
  }),
  route({
    method: 'GET', path: '/teams/:id', operationId: 'getTeam', tag: 'directory', summary: 'Show a team', permission: 'inventory.read', params: idParam,
    handler: async ({ services, params }) => ({ team: await services.directory.getTeam(params.id) }),
  }),
  route({
    method: 'GET', path: '/owners', operationId: 'listOwners', tag: 'directory', summary: 'List owners', permission: 'inventory.read', query: z.object({ team: z.string().optional() }).strict(),
    handler: async ({ services, query }) => ({ owners: await services.directory.listOwners(query) }),
  }),
  route({
    method: 'POST', path: '/owners', operationId: 'createOwner', tag: 'directory', summary: 'Create an owner (a person accountable for agents)', permission: 'inventory.write', body: ownerCreate, status: 201,
    handler: async ({ services, body, actor }) => ({
      owner: await services.directory.createOwner({ handle: body.handle, displayName: body.display_name, email: body.email, team: body.team }, actor),
    }),
  }),
  route({
    method: 'GET', path: '/owners/:id', operationId: 'getOwner', tag: 'directory', summary: 'Show an owner', permission: 'inventory.read', params: idParam,
    handler: async ({ services, params }) => ({ owner: await services.directory.getOwner(params.id) }),
  }),
];
