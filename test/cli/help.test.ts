import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { VERSION } from '../../src/version.js';
import { mapLimit, ok, show, warden } from './run.js';

/** Every verb and sub-verb, as the words typed after `warden`, with the names of its own sub-verbs. */
function commandPaths(): Array<{ path: string[]; children: string[] }> {
  const out: Array<{ path: string[]; children: string[] }> = [];
  const walk = (c: Command, prefix: string[]) => {
    for (const sub of c.commands) {
      const p = [...prefix, sub.name()];
      out.push({ path: p, children: sub.commands.map((s) => s.name()) });
      walk(sub, p);
    }
  };
  walk(buildProgram(), []);
  return out;
}

describe('warden --help, --version and help on every verb', () => {
  const paths = commandPaths();
  const topLevel = paths.filter((p) => p.path.length === 1).map((p) => p.path[0]!);

  it('knows every documented verb', () => {
    for (const verb of ['serve', 'agents', 'keys', 'owners', 'teams', 'secrets', 'vault', 'kill', 'revive', 'admin', 'signing-keys', 'audit', 'config']) {
      assert.ok(topLevel.includes(verb), `missing verb ${verb}`);
    }
    for (const sub of ['agents create', 'keys rotate', 'keys check', 'secrets create', 'admin bootstrap', 'admin tokens revoke', 'config validate']) {
      assert.ok(paths.some((p) => p.path.join(' ') === sub), `missing sub-verb ${sub}`);
    }
  });

  it('warden --help prints usage with every verb; --version prints the version; both exit 0', async () => {
    const [help, version] = await Promise.all([warden(['--help']), warden(['--version'])]);
    ok(help);
    assert.match(help.stdout, /^Usage: warden \[options\] \[command\]/, show(help));
    for (const verb of topLevel) assert.match(help.stdout, new RegExp(`^  ${verb}\\b`, 'm'), `${verb} listed\n${show(help)}`);
    assert.equal(help.stderr, '');
    assert.equal(ok(version).stdout, `${VERSION}\n`);
  });

  it(`--help on each of the ${paths.length} verbs and sub-verbs prints its usage, exit 0`, async () => {
    // No server and no token: help must never need either (and `serve --help` must not start a server).
    const results = await mapLimit(paths, 3, (p) => warden([...p.path, '--help'], { timeoutMs: 15_000 }));
    paths.forEach((p, i) => {
      const r = results[i]!;
      ok(r);
      assert.match(r.stdout, new RegExp(`^Usage: warden ${p.path.join(' ')} `), show(r));
      assert.match(r.stdout, /^Options:/m, show(r));
      assert.equal(r.stderr, '', show(r));
      for (const child of p.children) assert.match(r.stdout, new RegExp(`^  ${child}\\b`, 'm'), `${child} listed\n${show(r)}`);
    });
  });

  it('a missing or unknown command shows usage on stderr and exits 2', async () => {
    const [none, group, helpBogus, helpAgents] = await Promise.all([warden([]), warden(['admin', 'tokens']), warden(['help', 'bogus']), warden(['help', 'agents'])]);
    for (const [r, usage] of [[none, 'warden'], [group, 'warden admin tokens'], [helpBogus, 'warden']] as const) {
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, new RegExp(`^Usage: ${usage} `), show(r));
      assert.equal(r.stdout, '', show(r));
    }
    // Help that was asked for is not an error.
    assert.match(ok(helpAgents).stdout, /^Usage: warden agents /, show(helpAgents));
  });
});
