import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPiiDetector } from '../../src/detect/pii.js';
import { cardBrand, validateCard } from '../../src/detect/pii/cards.js';
import { iso7064Mod11_10Valid, luhnValid, mod97, verhoeffValid } from '../../src/detect/pii/checksums.js';
import { classifyIPv4, classifyIPv6, parseIPv4, parseIPv6 } from '../../src/detect/pii/ip.js';
import {
  brCpfValid,
  caSinValid,
  deSteuerIdValid,
  esDniValid,
  esNieValid,
  frNirValid,
  inAadhaarValid,
  itCodiceFiscaleValid,
  nlBsnValid,
  ukNinoValid,
} from '../../src/detect/pii/national-ids.js';
import { ssnValid } from '../../src/detect/pii/us-ssn.js';
import type { DetectorFinding } from '../../src/detect/types.js';
import { assertWellFormed, describeConformance } from './conformance.js';

const pii = createPiiDetector();

function triggered(text: string, d = pii): DetectorFinding[] {
  return d.detect(text, { source: 'user' }).filter((f) => f.triggered);
}

/** The single triggered finding in `text`, checked for shape, span and evidence. */
function one(text: string, kind: string, value: string, d = pii): DetectorFinding {
  const found = triggered(text, d);
  assert.equal(found.length, 1, `one finding in ${JSON.stringify(text)}: ${JSON.stringify(found.map((f) => f.kind))}`);
  const f = found[0]!;
  assertWellFormed(d, text, f);
  assert.equal(f.kind, kind, text);
  assert.equal(text.slice(f.span.start, f.span.end), value, `span of ${kind}`);
  assertMasked(f, value);
  return f;
}

/** Evidence never holds the value itself, nor its digits in a row. */
function assertMasked(f: DetectorFinding, value: string): void {
  const ev = f.evidence ?? '';
  assert.ok(!ev.includes(value), `evidence ${ev} leaks ${value}`);
  const digits = value.replace(/\D/g, '');
  // IP evidence keeps the network part by design; every other kind hides all but the last digits.
  if (digits.length >= 7 && !f.kind.startsWith('ip_address')) assert.ok(!ev.replace(/\D/g, '').includes(digits.slice(0, -4)), `evidence ${ev} leaks the digits of ${value}`);
}

function none(text: string, d = pii): void {
  const found = triggered(text, d);
  assert.deepEqual(
    found.map((f) => `${f.kind} ${text.slice(f.span.start, f.span.end)}`),
    [],
    `nothing in ${JSON.stringify(text)}`,
  );
}

describeConformance({
  detector: pii,
  positives: [
    { text: 'Reach me at maria.lopez@gmail.com after five.' },
    { text: 'Card on file: 4242 4242 4242 4242, exp 09/28' },
    { text: 'SSN: 536-22-1234', source: 'tool_result' },
    { text: 'IBAN DE89 3704 0044 0532 0130 00 (Commerzbank)', source: 'document' },
    { text: 'Call +44 20 7946 0958 before noon', source: 'model_output' },
    { text: 'DNI 12345678Z', source: 'tool_args' },
    { text: 'login from 81.2.69.160 at 10:42', source: 'tool_result' },
  ],
  negatives: [
    { text: 'Order #20231115-0042 shipped on 2024-01-15 at 10:23:45' },
    { text: 'Upgrade to version 1.2.3.4.5 and 999.1.1.1 is not an address' },
    { text: 'Card 4242 4242 4242 4241 was declined' },
    { text: 'Use icon@2x.png for retina screens' },
    { text: 'SSN 000-12-3456 and 666-12-3456 are never issued' },
    { text: 'Total: $1,234.56 (tax 12.5%)' },
  ],
});

describe('pii: email', () => {
  it('finds addresses and masks the local part', () => {
    const f = one('Contact: jane.doe+billing@example.co.uk.', 'email', 'jane.doe+billing@example.co.uk');
    assert.equal(f.evidence, 'j***@example.co.uk');
    assert.equal(f.severity, 'medium');
    assert.equal(f.score, 0.9);
    assert.deepEqual(f.redact, { label: 'EMAIL', secret: false });
    assert.deepEqual(f.tags, ['owasp-llm:LLM02', 'atlas:AML.T0057']);
  });

  it('reads addresses in markup, mailto links and CSV', () => {
    one('<a href="mailto:ops@acme.io">write</a>', 'email', 'ops@acme.io');
    one('"Pérez","jose.perez@correo.es",34', 'email', 'jose.perez@correo.es');
    one('From: "Bob" <bob.smith@mail.example.org>', 'email', 'bob.smith@mail.example.org');
  });

  it('does not report file names, package versions, decorators or SSH remotes', () => {
    none('assets/logo@2x.png and logo@3x.jpg, sprite@1.5x.webp');
    none('npm install lodash@4.17.21 @types/node@20');
    none('@app.route("/")');
    none('git@localhost, git clone git@github.com:acme/app.git');
  });

  it('reports addresses at internal or reserved TLDs a little lower', () => {
    assert.equal(one('admin@corp.internal', 'email', 'admin@corp.internal').score, 0.7);
    assert.equal(one('write to ops@mail.example', 'email', 'ops@mail.example').score, 0.7);
  });

  it('ignores configured domains and their subdomains', () => {
    const d = createPiiDetector({ ignoreEmails: ['example.com'] });
    none('noreply@example.com, ops@mail.example.com', d);
    one('but user@gmail.com is reported', 'email', 'user@gmail.com', d);
  });
});

describe('pii: phone', () => {
  it('finds international numbers and keeps only the country code and last digits', () => {
    const f = one('Call +44 20 7946 0958 today', 'phone', '+44 20 7946 0958');
    assert.equal(f.evidence, '+44 ** **** **58');
    one('WhatsApp: +33 6 12 34 56 78', 'phone', '+33 6 12 34 56 78');
    one('Kontakt +49 1512 3456789', 'phone', '+49 1512 3456789');
    one('tel. 0044 20 7946 0958', 'phone', '0044 20 7946 0958');
  });

  it('finds North American and national formats', () => {
    one('Office: (212) 555-0173', 'phone', '(212) 555-0173');
    one('cell 415-555-2671.', 'phone', '415-555-2671');
    one('Rappelez-moi au 06 12 34 56 78', 'phone', '06 12 34 56 78');
    one('Tel: 020 7946 0958', 'phone', '020 7946 0958');
  });

  it('needs a phone word for a bare run of digits', () => {
    none('reference 2125550173');
    const f = one('phone 2125550173', 'phone', '2125550173');
    assert.ok(f.score >= 0.8);
  });

  it('does not read dates, times, prices, versions or ids as phones', () => {
    none('Meeting 2024-03-15 14:30, invoice total EUR 1 234 567');
    none('Order 0201 5550 1234 was shipped');
    none('Build 10.0.19041.1 released 12.05.2023');
    none('Invalid area code 555-123-4567');
    none('ISBN 978-3-16-148410-0');
  });
});

describe('pii: payment cards', () => {
  it('finds grouped and plain cards of each brand, masked to the last four', () => {
    const f = one('Visa 4242 4242 4242 4242 exp 12/27', 'payment_card', '4242 4242 4242 4242');
    assert.equal(f.evidence, '**** **** **** 4242 (visa)');
    assert.equal(f.severity, 'high');
    assert.equal(f.score, 0.95);
    assert.deepEqual(f.redact, { label: 'CARD', secret: false });
    one('amex 3782-822463-10005', 'payment_card', '3782-822463-10005');
    one('pan=5555555555554444&cvv=123', 'payment_card', '5555555555554444');
    one('JCB 3530111333300000', 'payment_card', '3530111333300000');
  });

  it('rejects bad Luhn, unknown issuers, odd lengths and mixed grouping', () => {
    none('Card 4242 4242 4242 4241');
    none('Ref 9242 4242 4242 4242');
    none('4242 4242 4242 42420');
    none('4242-4242 4242-4242');
    none('0000 0000 0000 0000');
  });

  it('does not read long ids, tracking numbers or hashes as cards', () => {
    none('tracking 1Z999AA10123456784 and 9400111899223100001234');
    none('commit 4242424242424242424242abcdef');
    none('https://shop.example.com/orders/4242424242424242');
  });
});

describe('pii: IBAN', () => {
  it('finds compact and grouped IBANs and stops at the country length', () => {
    const f = one('Pay to DE89 3704 0044 0532 0130 00 EUR', 'iban', 'DE89 3704 0044 0532 0130 00');
    assert.equal(f.evidence, 'DE** …3000 (22 chars)');
    one('IBAN: GB82WEST12345698765432', 'iban', 'GB82WEST12345698765432');
    one('Rekening NL91 ABNA 0417 1643 00.', 'iban', 'NL91 ABNA 0417 1643 00');
  });

  it('rejects bad check digits, wrong lengths and unknown countries', () => {
    none('IBAN DE88 3704 0044 0532 0130 00');
    none('IBAN DE89 3704 0044 0532 0130 0');
    none('IBAN QQ89 3704 0044 0532 0130 00');
  });
});

describe('pii: US SSN', () => {
  it('finds valid numbers; spaced or plain ones score higher after an SSN word', () => {
    const f = one('SSN 536-22-1234', 'us_ssn', '536-22-1234');
    assert.equal(f.evidence, '***-**-*234');
    assert.deepEqual(f.redact, { label: 'SSN', secret: false });
    assert.equal(one('social security number 536 22 1234', 'us_ssn', '536 22 1234').score, 0.95);
    one('ssn:536221234', 'us_ssn', '536221234');
    none('id 536221234');
  });

  it('rejects area 000, 666 and 9xx, group 00, serial 0000 and advertised numbers', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '078-05-1120', '219-09-9999', '123-45-6789']) {
      none(`SSN ${bad}`);
    }
  });
});

describe('pii: IP addresses', () => {
  it('reports public addresses with low severity and a masked last octet', () => {
    const f = one('client 81.2.69.160:443 connected', 'ip_address', '81.2.69.160');
    assert.equal(f.severity, 'low');
    assert.equal(f.evidence, '81.2.69.***');
    assert.deepEqual(f.redact, { label: 'IP', secret: false });
    one('src=2a00:1450:4001:82a::200e', 'ip_address', '2a00:1450:4001:82a::200e');
  });

  it('skips private, loopback, documentation and version-like addresses by default', () => {
    none('10.0.0.1 192.168.1.20 127.0.0.1 172.16.4.4 ::1 fe80::1ff:fe23:4567:890a');
    none('see 192.0.2.10 and 2001:db8::1 in the docs');
    none('version 1.2.3.4, v2.0.0.1, 1.2.3.4.5, 999.1.1.1, 01.02.03.04');
    none('MAC 00:1A:2B:3C:4D:5E at 12:30:45, std::vector');
  });

  it('reports private addresses as their own kind when asked', () => {
    const d = createPiiDetector({ ipPrivate: true });
    const f = one('gateway 192.168.1.1', 'ip_address.private', '192.168.1.1', d);
    assert.equal(f.score, 0.5);
    one('host ::1', 'ip_address.private', '::1', d);
  });
});

describe('pii: national ids', () => {
  const cases: Array<[string, string, string]> = [
    ['NI number: AB123456C', 'national_id.uk_nino', 'AB123456C'],
    ['National Insurance AB 12 34 56 C', 'national_id.uk_nino', 'AB 12 34 56 C'],
    ['SIN 130 692 544', 'national_id.ca_sin', '130 692 544'],
    ['Steuer-ID: 65929970489', 'national_id.de_steuer_id', '65929970489'],
    ['N° sécurité sociale 1 85 05 78 006 084 91', 'national_id.fr_nir', '1 85 05 78 006 084 91'],
    ['DNI 12345678Z', 'national_id.es_dni', '12345678Z'],
    ['NIE X-1234567-L', 'national_id.es_nie', 'X-1234567-L'],
    ['Codice fiscale: RSSMRA85T10A562S', 'national_id.it_codice_fiscale', 'RSSMRA85T10A562S'],
    ['BSN 111222333', 'national_id.nl_bsn', '111222333'],
    ['Aadhaar: 2345 6789 0124', 'national_id.in_aadhaar', '2345 6789 0124'],
    ['CPF 123.456.789-09', 'national_id.br_cpf', '123.456.789-09'],
  ];
  for (const [text, kind, value] of cases) {
    it(`finds ${kind} in ${JSON.stringify(text)}`, () => {
      const f = one(text, kind, value);
      assert.equal(f.severity, 'high');
      assert.deepEqual(f.redact, { label: 'NATIONAL_ID', secret: false });
      assert.ok(f.evidence!.startsWith(kind.split('.')[1]!), f.evidence);
    });
  }

  it('rejects look-alikes that fail the check', () => {
    none('NI number: QQ123456C and BG123456A');
    none('SIN 130 692 545');
    none('Steuer-ID: 65929970488');
    none('NIR 1 85 05 78 006 084 92');
    none('DNI 12345678A, NIE X1234567A');
    none('Codice fiscale: RSSMRA85T10A562T');
    none('BSN 111222334');
    none('Aadhaar: 2345 6789 0125, 1234 5678 9012');
    none('CPF 123.456.789-00 and 111.111.111-11');
  });

  it('needs a BSN word for nine plain digits', () => {
    none('ticket 111222333');
  });
});

describe('pii: options and output', () => {
  it('enables only the kinds asked for, by base kind or subkind', () => {
    const text = 'mail a@gmail.com, card 4242 4242 4242 4242, DNI 12345678Z, NIE X1234567L';
    assert.deepEqual(triggered(text, createPiiDetector({ kinds: ['payment_card'] })).map((f) => f.kind), ['payment_card']);
    assert.deepEqual(triggered(text, createPiiDetector({ kinds: ['national_id'] })).map((f) => f.kind), ['national_id.es_dni', 'national_id.es_nie']);
    assert.deepEqual(triggered(text, createPiiDetector({ kinds: ['national_id.es_nie', 'email'] })).map((f) => f.kind), ['email', 'national_id.es_nie']);
  });

  it('refuses a kind it does not know, so a typo cannot switch detection off', () => {
    assert.throws(() => createPiiDetector({ kinds: ['emial'] }), /unknown kind "emial"/);
  });

  it('applies the threshold to every finding', () => {
    const strict = createPiiDetector({ threshold: 0.92 });
    const found = strict.detect('a@gmail.com +44 20 7946 0958 4242 4242 4242 4242', { source: 'user' });
    assert.deepEqual(found.filter((f) => f.triggered).map((f) => f.kind), ['payment_card']);
    assert.equal(found.length, 3);
  });

  it('returns findings in text order without overlaps, several per text', () => {
    const text = [
      'Name: Jan Novak | email: jan.novak@seznam.cz | phone: +420 601 123 456',
      'card 5555 5555 5555 4444 | IBAN CZ65 0800 0000 1920 0014 5399 | IP 81.2.69.160',
    ].join('\n');
    const found = triggered(text);
    assert.deepEqual(found.map((f) => f.kind), ['email', 'phone', 'payment_card', 'iban', 'ip_address']);
    for (let i = 1; i < found.length; i++) assert.ok(found[i]!.span.start >= found[i - 1]!.span.end);
  });

  it('reads several numbers in one run of digits and spaces', () => {
    const found = triggered('row 1 4111111111111111 536-22-1234');
    assert.deepEqual(found.map((f) => f.kind), ['payment_card', 'us_ssn']);
  });

  it('is deterministic whatever the volume of phone-like numbers', () => {
    const text = Array.from({ length: 400 }, (_, i) => `+44 20 7946 ${String(1000 + i)}`).join(', ');
    const a = pii.detect(text, { source: 'user' });
    const b = pii.detect(text, { source: 'user' });
    assert.deepEqual(a, b);
    assert.equal(a.filter((f) => f.triggered).length, 400);
  });
});

describe('pii: validators', () => {
  it('check digits', () => {
    assert.ok(luhnValid('79927398713') && !luhnValid('79927398710'));
    assert.equal(mod97('3214282912345698765432161182'), 1);
    assert.ok(verhoeffValid('2363') && !verhoeffValid('2364'));
    assert.ok(iso7064Mod11_10Valid('65929970489') && !iso7064Mod11_10Valid('65929970480'));
  });

  it('cards: issuer prefix and length', () => {
    assert.equal(cardBrand('378282246310005'), 'amex');
    assert.equal(cardBrand('37828224631000'), undefined);
    assert.equal(validateCard('6011111111111117'), 'discover');
    assert.equal(validateCard('2223003122003222'), 'mastercard');
    assert.equal(validateCard('9111111111111111'), undefined);
  });

  it('SSN area, group and serial rules', () => {
    assert.ok(ssnValid('536221234'));
    assert.ok(!ssnValid('900221234') && !ssnValid('536001234') && !ssnValid('536220000') && !ssnValid('078051120'));
  });

  it('national ids', () => {
    assert.ok(ukNinoValid('AB123456C') && !ukNinoValid('AB123456E') && !ukNinoValid('DA123456A') && !ukNinoValid('GB123456A'));
    assert.ok(caSinValid('130692544') && !caSinValid('046454286'));
    assert.ok(deSteuerIdValid('65929970489') && !deSteuerIdValid('12345678901') && !deSteuerIdValid('01234567890'));
    assert.ok(frNirValid('185057800608491') && frNirValid('2690299341732' + '85') && !frNirValid('185137800608491'));
    assert.ok(esDniValid('12345678Z') && !esDniValid('12345678A'));
    assert.ok(esNieValid('X1234567L') && esNieValid('Y2157075B') && !esNieValid('X1234567T'));
    assert.ok(itCodiceFiscaleValid('RSSMRA85T10A562S') && !itCodiceFiscaleValid('RSSMRA85T10A562A'));
    assert.ok(nlBsnValid('123456782') && !nlBsnValid('123456789'));
    assert.ok(inAadhaarValid('234567890124') && !inAadhaarValid('134567890124'));
    assert.ok(brCpfValid('12345678909') && !brCpfValid('11111111111'));
  });

  it('IP parsing and classes', () => {
    assert.deepEqual(parseIPv4('8.8.4.4'), [8, 8, 4, 4]);
    assert.equal(parseIPv4('256.1.1.1'), undefined);
    assert.equal(parseIPv4('01.1.1.1'), undefined);
    assert.equal(classifyIPv4([100, 64, 0, 1]), 'private');
    assert.equal(classifyIPv4([203, 0, 113, 5]), 'reserved');
    assert.equal(classifyIPv6(parseIPv6('::ffff:10.0.0.1')!), 'private');
    assert.equal(classifyIPv6(parseIPv6('2a00:1450:4001:82a::200e')!), 'public');
    assert.equal(classifyIPv6(parseIPv6('2606:4700:4700::1111')!), 'reserved');
    assert.equal(parseIPv6('1::2::3'), undefined);
    assert.equal(parseIPv6('1:2:3:4:5:6:7'), undefined);
  });
});
