import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor, restorePlaceholders } from '../../src/detect/redact.js';
import type { DetectorFinding } from '../../src/detect/types.js';

function f(start: number, end: number, label: string, secret = false, triggered = true): DetectorFinding {
  return { detector: secret ? 'secrets' : 'pii', kind: 'x', score: 0.9, triggered, severity: 'high', span: { start, end }, tags: ['owasp-llm:LLM02'], redact: { label, secret } };
}

function findingsFor(text: string, values: Array<[string, string, boolean?]>): DetectorFinding[] {
  const out: DetectorFinding[] = [];
  for (const [value, label, secret] of values) {
    let at = text.indexOf(value);
    while (at >= 0) {
      out.push(f(at, at + value.length, label, secret));
      at = text.indexOf(value, at + 1);
    }
  }
  return out;
}

describe('Redactor', () => {
  it('numbers placeholders per label and reuses them for the same value', () => {
    const text = 'mail a@x.io and b@y.io, again a@x.io; key sk-proj-AAAA';
    const r = new Redactor();
    const out = r.redact(text, findingsFor(text, [['a@x.io', 'EMAIL'], ['b@y.io', 'EMAIL'], ['sk-proj-AAAA', 'SECRET:openai', true]]));
    assert.equal(out.text, 'mail [EMAIL#1] and [EMAIL#2], again [EMAIL#1]; key [SECRET:openai#1]');
    assert.deepEqual(out.redactions.map((x) => [x.placeholder, x.secret]), [['[EMAIL#1]', false], ['[EMAIL#2]', false], ['[EMAIL#1]', false], ['[SECRET:openai#1]', true]]);
  });

  it('keeps numbering stable across the parts of one request', () => {
    const r = new Redactor();
    const a = r.redact('from a@x.io', findingsFor('from a@x.io', [['a@x.io', 'EMAIL']]));
    const b = r.redact('to c@z.io cc a@x.io', findingsFor('to c@z.io cc a@x.io', [['c@z.io', 'EMAIL'], ['a@x.io', 'EMAIL']]));
    assert.equal(a.text, 'from [EMAIL#1]');
    assert.equal(b.text, 'to [EMAIL#2] cc [EMAIL#1]');
  });

  it('ignores findings that are not triggered or carry no label, and overlapping spans', () => {
    const text = 'abcdefghij';
    const r = new Redactor();
    const out = r.redact(text, [f(0, 4, 'A'), f(2, 6, 'B'), f(7, 9, 'C', false, false), { ...f(8, 10, 'D'), redact: undefined }]);
    assert.equal(out.text, '[A#1]efghij');
  });

  it('restores placeholders from the mapping and leaves unknown ones', () => {
    const text = 'write to a@x.io about sk-proj-AAAA';
    const r = new Redactor();
    const red = r.redact(text, findingsFor(text, [['a@x.io', 'EMAIL'], ['sk-proj-AAAA', 'SECRET:openai', true]]));
    const answer = 'I emailed [EMAIL#1]; [EMAIL#9] is unknown; key [SECRET:openai#1]';
    assert.equal(restorePlaceholders(answer, r.mapping()), 'I emailed a@x.io; [EMAIL#9] is unknown; key sk-proj-AAAA');
    assert.equal(restorePlaceholders(red.text, r.mapping()), text);
    assert.equal(restorePlaceholders('[EMAIL#1]', new Map()), '[EMAIL#1]');
  });
});
