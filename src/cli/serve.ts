import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { VERSION } from '../version.js';
import type { CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Start the Warden server (gateway and admin API).')
    .option('-c, --config <file>', 'configuration file (default: $WARDEN_CONFIG or ./warden.yaml, else embedded defaults)')
    .option('--port <port>', 'listen port (overrides config and WARDEN_PORT)')
    .option('--host <host>', 'listen address')
    .option('--demo', 'also create a demo agent with a short-lived key and print how to try it')
    .action(ctx.action(async (o: { config?: string; port?: string; host?: string; demo?: boolean }) => {
      const env = { ...process.env };
      if (o.port) env.WARDEN_PORT = o.port;
      if (o.host) env.WARDEN_HOST = o.host;
      const loaded = await loadConfig({ file: o.config, env });
      // Loaded here, not at the top: other verbs should not pay for loading the whole server.
      const { createWarden } = await import('../app.js');
      // The demo provider runs in this process, so a newcomer needs nothing else.
      const upstreams = o.demo ? await (await import('../demo.js')).startDemoUpstreams(loaded.config) : undefined;
      const w = await createWarden({ config: loaded.config, baseDir: loaded.baseDir, env, ...(o.demo ? { demo: true } : {}) });
      const log = w.server.log;
      for (const warning of w.warnings) log.warn(warning);

      const bootstrap = await w.services.adminTokens.bootstrap({ kind: 'system', id: 'warden', name: 'first start' });
      const demo = o.demo ? await (await import('../demo.js')).prepareDemo(w) : undefined;
      const { host, port } = loaded.config.server;
      await w.server.listen({ host, port });
      const addr = w.server.server.address();
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof addr === 'object' && addr ? addr.port : port}`;

      // Printed to the terminal, not through the logger: shown-once secrets must not land in log pipelines.
      const out: string[] = [
        '',
        `Warden ${VERSION} listening on ${url}  (store: ${w.services.store.dialect}${w.services.store.dialect === 'sqlite' ? ` in ${w.dataDir}` : ''})`,
      ];
      if (bootstrap) {
        out.push('', 'First start: an admin token was created. It is shown only now; keep it safe:', `  export WARDEN_ADMIN_TOKEN=${bootstrap.secret}`, `  export WARDEN_URL=${url}`);
      } else {
        out.push('', `Admin API: ${url}/admin/v1 (set WARDEN_ADMIN_TOKEN; lost it? \`npx warden admin bootstrap --recover\`)`);
      }
      if (demo?.key) {
        out.push(
          '',
          `Demo agent "${demo.agent}" has a new key (${demo.keyId}, valid 24h). The demo provider (OpenAI and Anthropic formats) runs at ${upstreams?.url ?? '(not started)'}.`,
          '',
          'Allowed: a chat completion through Warden (the provider sees the vault\'s key, never this one):',
          `  curl -s ${url}/v1/chat/completions -H "Authorization: Bearer ${demo.key}" -H "content-type: application/json" \\`,
          `    -d '{"model":"demo-gpt","messages":[{"role":"user","content":"Hello, Warden"}]}'`,
          'Blocked (policy secrets-leaving, starter pack): a prompt carrying a credential:',
          `  curl -s ${url}/v1/chat/completions -H "Authorization: Bearer ${demo.key}" -H "content-type: application/json" \\`,
          `    -d '{"model":"demo-gpt","messages":[{"role":"user","content":"use AKIAIOSFODNN7EXAMPLQ for the upload"}]}'`,
          'Blocked mid-stream (policy markdown-image-exfiltration): the demo model answers with a data-carrying image:',
          `  curl -sN ${url}/v1/chat/completions -H "Authorization: Bearer ${demo.key}" -H "content-type: application/json" \\`,
          `    -d '{"model":"demo-gpt","stream":true,"messages":[{"role":"user","content":"[mock:exfil-image] show me"}]}'`,
          '',
          'With the official SDKs (Python shown; Node is the same):',
          `  OpenAI(base_url="${url}/v1", api_key="${demo.key}").chat.completions.create(model="demo-gpt", messages=[...])`,
          `  Anthropic(base_url="${url}", api_key="${demo.key}").messages.create(model="demo-claude", max_tokens=256, messages=[...])`,
          '',
          `MCP: the demo tool servers (files, web, mailer, admin) are behind ${url}/mcp, same key, both spec eras:`,
          `  curl -s ${url}/mcp -H "Authorization: Bearer ${demo.key}" -H "content-type: application/json" \\`,
          `    -H "accept: application/json, text/event-stream" -H "mcp-protocol-version: 2026-07-28" -H "mcp-method: tools/list" \\`,
          `    -d '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"curl","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}'`,
          `  desktop clients that speak only stdio: WARDEN_AGENT_KEY=${demo.key} npx warden mcp-stdio --url ${url}`,
          `  npx warden mcp tools list                # the pinned catalog; a rug pull is quarantined here`,
          '',
          'Then, with the admin token exported:',
          `  npx warden agents list`,
          `  npx warden keys list ${demo.agent}`,
          `  npx warden kill --agent ${demo.agent} --reason "trying the kill switch"   # the curl above now gets 403`,
          `  npx warden audit search --limit 20        # every request above, with its decision and the rule that matched`,
          `  npx warden policy list                    # the starter pack, active`,
        );
      }
      out.push('', 'Press Ctrl-C to stop.', '');
      // The stop handlers go in before the ready message: a supervisor may signal the moment it reads it,
      // and a signal with no handler ends the process without closing the audit log and exporters.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          log.info('shutting down');
          w.close()
            .then(() => upstreams?.close())
            .then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write(out.join('\n') + '\n');

      await stopped;
    }));
}
