import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileRules, loadRules, RuleLoadError, type RuleProblem } from '../../src/monitor/rules.js';
import { startWarden } from '../helpers/warden.js';

/** Compiles one file; returns its problems (asserting the load was refused) . */
function problemsOf(text: string, file = 'rules/test.yaml'): RuleProblem[] {
  try {
    compileRules([{ file, text, builtin: false }]);
  } catch (e) {
    assert.ok(e instanceof RuleLoadError, String(e));
    assert.equal(e.code, 'monitor.rules_invalid');
    assert.equal(e.status, 400);
    return e.problems;
  }
  assert.fail('the rules were accepted');
}

const head = (id = 'r1') => `id: ${id}\ntitle: A rule\nseverity: high\n`;

function only(ps: RuleProblem[]): RuleProblem {
  assert.equal(ps.length, 1, JSON.stringify(ps, null, 2));
  return ps[0]!;
}

describe('rule loading', () => {
  it('accepts a well-formed rule and compiles it once', () => {
    const [r] = compileRules([{ file: 'a.yaml', builtin: false, text: `${head()}tags: [AML.T0051, LLM01:2025, ASI01]\nmatch: event.phase == 'tool.call'\nresponse: [quarantine_agent, {webhook: {url: 'https://example.com/hook?token=x'}}]\n` }]);
    assert.equal(r!.id, 'r1');
    assert.deepEqual([...r!.match!.phases!], ['tool.call']);
    assert.deepEqual(r!.responses.map((x) => x.type), ['quarantine_agent', 'webhook']);
    assert.equal(r!.source, 'a.yaml:1');
  });

  it('YAML syntax errors: file, line and column', () => {
    const p = only(problemsOf(`${head()}match: [event.phase\n`));
    assert.equal(p.code, 'rule.yaml_syntax');
    assert.equal(p.file, 'rules/test.yaml');
    assert.equal(p.line, 5);
    assert.match(p.message, /^YAML syntax: /);
  });

  it('unknown keys, at the key itself, with the other problems of the rule', () => {
    const ps = problemsOf(`${head()}match: event.phase == 'x.y'\ncorrelate:\n  type: count\n  window: 1m\n  threshold: 2\n  gruop_by: [agent]\nseverty: low\n`);
    const unknown = ps.filter((p) => p.code === 'rule.unknown_key');
    assert.deepEqual(unknown.map((p) => [p.path, p.line, p.column]), [['correlate.gruop_by', 9, 3], ['severty', 10, 1]]);
    // The rest of the rule was still checked: the impossible phase is reported too.
    assert.ok(ps.some((p) => p.code === 'rule.cel_type' && p.line === 4), JSON.stringify(ps));
  });

  it('missing and mistyped fields', () => {
    const ps = problemsOf(`id: Bad Id\ntitle: 3\nseverity: severe\nmatch: "true"\n`);
    assert.deepEqual(ps.map((p) => [p.path, p.line]).sort(), [['id', 1], ['severity', 3], ['title', 2]]);
    assert.ok(ps.every((p) => p.code === 'rule.invalid'));
    const missing = only(problemsOf(head()));
    assert.match(missing.message, /missing "match"/);
  });

  it('CEL syntax errors: the position inside the expression mapped to the file (plain scalar)', () => {
    const text = `${head()}match: event.phase == 'tool.call' &&& true\n`;
    const p = only(problemsOf(text));
    assert.equal(p.code, 'rule.cel_syntax');
    assert.equal(p.line, 4);
    // The parser stops at "&&&" (offset 27 in the expression); "match: " takes 7 columns.
    assert.equal(p.column, 8 + 27, JSON.stringify(p));
    assert.equal(text.split('\n')[3]!.slice(p.column! - 1).startsWith('&&&'), true);
    assert.match(p.message, /^syntax error: /);
  });

  it('CEL errors inside a block scalar point at the right line and column', () => {
    const text = `${head()}match: |\n  event.phase == 'tool.call' &&\n    event.resource.tol == 'send'\n`;
    const p = only(problemsOf(text));
    assert.equal(p.code, 'rule.cel_unknown');
    assert.equal(p.line, 6);
    assert.equal(text.split('\n')[5]!.slice(p.column! - 1).startsWith('.tol'), true, JSON.stringify(p));
    assert.match(p.message, /event\.resource has no field "tol" \(fields: model, provider, server, tool, labels\)/);
  });

  it('CEL errors inside a quoted and a folded scalar', () => {
    const q = only(problemsOf(`${head()}match: "event.actor.ipp == '1.2.3.4'"\n`));
    assert.equal(q.line, 4);
    assert.equal(q.column, 'match: "event.actor'.length + 1);
    const text = `${head()}match: >-\n  event.phase == 'tool.call'\n  && size(event.findings) > 0 && bogus.x\n`;
    const f = only(problemsOf(text));
    assert.equal(f.line, 6);
    assert.equal(text.split('\n')[5]!.slice(f.column! - 1).startsWith('bogus'), true, JSON.stringify(f));
    assert.match(f.message, /unknown variable "bogus"/);
  });

  it('static checks: unknown functions, fields of lists, impossible enum values, type mismatches, non-boolean results', () => {
    const cases: Array<[string, string, RegExp]> = [
      [`frob(event.phase)`, 'rule.cel_unknown', /unknown function "frob"/],
      [`event.findings.detector == 'secrets'`, 'rule.cel_type', /cannot read field "detector" of a list/],
      [`event.outcome == 'denyed'`, 'rule.cel_type', /"denyed" can never match: expected one of success, failure, denied/],
      [`event.phase in ['tool.call', 'tool_result']`, 'rule.cel_type', /"tool_result" can never match/],
      [`event.result.status == '403'`, 'rule.cel_type', /compares a number with a string/],
      [`event.action`, 'rule.cel_type', /must be true or false, but it is a string/],
      [`event.findings.exists(f, f.detecter == 'pii')`, 'rule.cel_unknown', /finding has no field "detecter"/],
    ];
    for (const [expr, code, msg] of cases) {
      const p = only(problemsOf(`${head()}match: ${JSON.stringify(expr)}\n`));
      assert.equal(p.code, code, expr);
      assert.match(p.message, msg, expr);
      assert.equal(p.line, 4, expr);
    }
    // Free-form data and comprehension variables are fine.
    compileRules([{ file: 'ok.yaml', builtin: false, text: `${head()}match: "has(event.data.code) && event.data.code == 'x' && event.findings.all(f, f.score < 0.5) && event.resource.labels.exists(l, l.startsWith('ext'))"\n` }]);
  });

  it('bad durations, fields and correlation settings', () => {
    const ps = problemsOf(
      `${head()}match: "true"\ncorrelate:\n  type: distinct\n  group_by: [agent, actor.address, findings]\n  window: 10 minutes\n  threshold: 2.5\ndedup:\n  window: 0s\n`,
    );
    const by = (code: string) => ps.filter((p) => p.code === code).map((p) => [p.path, p.line]);
    assert.deepEqual(by('rule.bad_duration'), [['correlate.window', 8], ['dedup.window', 11]]);
    assert.deepEqual(by('rule.bad_field'), [['correlate.group_by[1]', 7], ['correlate.group_by[2]', 7]]);
    assert.ok(ps.some((p) => p.code === 'rule.invalid' && /needs "field"/.test(p.message)));
    assert.ok(ps.some((p) => p.code === 'rule.invalid' && /whole number/.test(p.message)));
    const seq = problemsOf(`${head()}correlate:\n  type: sequence\n  window: 1m\n  steps:\n    - event.phase == 'tool.call'\n    - event.phase ==\n`);
    assert.equal(only(seq).code, 'rule.cel_syntax');
    assert.equal(only(seq).path, 'correlate.steps[1]');
    assert.equal(only(seq).line, 9);
    const sum = only(problemsOf(`${head()}match: "true"\ncorrelate: {type: sum, field: resource.tool, window: 1h, threshold: 5}\n`));
    assert.match(sum.message, /sum needs a number/);
  });

  it('responses: unknown types, webhooks without a url or with a bad one', () => {
    const ps = problemsOf(`${head()}match: "true"\nresponse:\n  - quarantine\n  - webhook\n  - webhook: {url: ftp://x}\n  - webhook: {url: 'https://x', retries: 3}\n`);
    assert.deepEqual(
      ps.map((p) => [p.code, p.path, p.line]),
      [
        ['rule.bad_response', 'response[0]', 6],
        ['rule.invalid', 'response[1]', 7],
        ['rule.bad_response', 'response[2].webhook.url', 8],
        ['rule.unknown_key', 'response[3].webhook.retries', 9],
      ],
    );
    assert.match(ps[0]!.message, /unknown response "quarantine" \(one of quarantine_agent, revoke_key, require_approval_session, webhook, kill_agent, kill_all\)/);
  });

  it('malformed framework tags', () => {
    const ps = problemsOf(`${head()}tags: [AML.T51, LLM01, ASI11, custom-tag]\nmatch: "true"\n`);
    assert.deepEqual(ps.map((p) => p.path), ['tags[0]', 'tags[1]', 'tags[2]']);
    assert.ok(ps.every((p) => p.code === 'rule.bad_tag' && p.line === 4));
  });

  it('duplicate ids are refused; a rules_dir rule with a built-in id replaces it', () => {
    const text = `${head('dup')}match: "true"\n`;
    const ps = (() => {
      try {
        compileRules([{ file: 'a.yaml', text, builtin: false }, { file: 'b.yaml', text: `---\n${text}`, builtin: false }]);
      } catch (e) {
        return (e as RuleLoadError).problems;
      }
      return [];
    })();
    assert.equal(only(ps).code, 'rule.duplicate_id');
    assert.equal(only(ps).file, 'b.yaml');
    assert.equal(only(ps).line, 2);
    assert.match(only(ps).message, /already defined at a\.yaml:1/);
    const rules = compileRules([{ file: 'builtin.yaml', text, builtin: true }, { file: 'mine.yaml', text: text.replace('high', 'low'), builtin: false }]);
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.severity, 'low');
    assert.equal(rules[0]!.builtin, false);
    const off = compileRules([{ file: 'builtin.yaml', text, builtin: true }, { file: 'mine.yaml', text: text.replace('match:', 'enabled: false\nmatch:'), builtin: false }]);
    assert.deepEqual(off, [], 'a rules_dir copy with enabled: false switches the built-in rule off');
  });

  it('several documents per file; empty documents and enabled: false are skipped', () => {
    const rules = compileRules([{ file: 'm.yaml', builtin: false, text: `${head('one')}match: "true"\n---\n${head('two')}enabled: false\nmatch: "true"\n---\n` }]);
    assert.deepEqual(rules.map((r) => r.id), ['one']);
  });

  it('the message lists every problem as file:line:col with its code', () => {
    try {
      compileRules([{ file: '/etc/warden/rules/x.yaml', text: `${head()}match: event.phase == 'tool.call' &&& true\n`, builtin: false }]);
      assert.fail('accepted');
    } catch (e) {
      assert.match((e as Error).message, /^Invalid monitor rules:\n {2}\/etc\/warden\/rules\/x\.yaml:4:35 {2}rule r1 match: syntax error: .* \[rule\.cel_syntax\]$/);
    }
  });

  it('the built-in pack loads, and disabled_rules switches rules off (unknown ids are warnings)', () => {
    const all = loadRules({ builtin: true, disabled: [] }).rules;
    assert.ok(all.length >= 10);
    const some = loadRules({ builtin: true, disabled: ['deny-burst', 'no-such-rule'] });
    assert.equal(some.rules.length, all.length - 1);
    assert.deepEqual(some.warnings, ['monitor.disabled_rules names an unknown rule "no-such-rule"']);
  });

  it('Warden refuses to start with a malformed rules_dir, naming the file and position', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-badrules-'));
    const dataDir = path.join(dir, 'data');
    try {
      writeFileSync(path.join(dir, 'bad.yaml'), `${head()}match: event.resource.tol == 'x'\n`);
      await assert.rejects(
        startWarden({ dataDir, yaml: `monitor:\n  builtin: false\n  rules_dir: ${JSON.stringify(dir)}\n` }),
        (e: any) => e.code === 'monitor.rules_invalid' && e.message.includes(`${path.join(dir, 'bad.yaml')}:4:22`),
      );
      await assert.rejects(startWarden({ dataDir, yaml: `monitor:\n  rules_dir: ${JSON.stringify(path.join(dir, 'missing'))}\n` }), (e: any) => e.code === 'monitor.rules_unreadable');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
