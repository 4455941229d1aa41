/**
 * Words that, just before a number, say what it is. They raise the score of weaker matches
 * (a bare run of digits, a spaced SSN) and are required for numbers whose check digit alone is
 * too weak (a nine-digit BSN passes the 11-proof one time in eleven). Matched against the
 * lower-cased text just before the candidate.
 */
export const CONTEXT_WINDOW = 48;

export type ContextTopic = 'phone' | 'card' | 'ssn' | 'ip' | 'ca_sin' | 'in_aadhaar' | 'de_steuer_id' | 'fr_nir' | 'nl_bsn' | 'br_cpf' | 'uk_nino' | 'id' | 'id_word' | 'version' | 'version_near' | 'money';

// Short alternations of literal words: linear, and run only on the few characters before a candidate.
const WORDS: Record<ContextTopic, RegExp> = {
  phone: /(?:tel|phone|mobile|mobil|\bmob\b|cell|call|fax|whatsapp|sms|t[ée]l[ée]phone|telefon|tel[ée]fono|m[óo]vil|portable|handy|natel|contact|ph\.|☎|📞|電話|电话|手机)/,
  card: /(?:card|credit|debit|visa|mastercard|amex|\bcc\b|\bpan\b|karte|carte|tarjeta|carta|cart[ãa]o|kaart|payment)/,
  ssn: /(?:ssn|social security|soc\.? ?sec|ss#|\bss no)/,
  ip: /(?:\bip\b|ipv[46]|addr|address|host|client|server|\bsrc\b|\bdst\b|remote|peer|from|forwarded)/,
  ca_sin: /(?:\bsin\b|social insurance|\bnas\b|assurance sociale)/,
  in_aadhaar: /(?:aadhaa?r|\buid\b|uidai)/,
  de_steuer_id: /(?:steuer|\bidnr|identifikationsnummer|\btin\b|tax id)/,
  fr_nir: /(?:\bnir\b|s[ée]curit[ée] sociale|\bs[ée]cu\b|insee|carte vitale)/,
  nl_bsn: /(?:\bbsn\b|burgerservicenummer|sofi)/,
  br_cpf: /(?:\bcpf\b|cadastro de pessoas)/,
  uk_nino: /(?:\bnino\b|national insurance|\bni (?:no|number))/,
  // Labels of order, ticket and reference numbers: a number after them is an id, not a phone.
  id: /(?:order|invoice|ticket|\bref|tracking|\bsku|serial|\bid\b|\bno\.|\bnr\.?|#|case|\bpo\b|build|job|account|acct|isbn|part|bestell|vorgang|rechnung|auftrag|commande|facture|dossier|pedido|factura|ordine|fattura|pratica|bestelling|factuur|protocolo)(?:\s*(?:number|no\.?|nr\.?|nummer|num[ée]ro|n[°º]|#|id))?[\s:.#-]*$/,
  // Any national id, SSN or card word: the number after it is not a phone.
  id_word: /(?:ssn|social security|\bsin\b|social insurance|aadhaa?r|steuer|\bidnr|\bnir\b|s[ée]curit[ée] sociale|\bbsn\b|\bcpf\b|\bnino\b|national insurance|\bdni\b|\bnie\b|codice fiscale|\biban\b|\bcard\b|credit|passport|passeport|pasaporte|reisepass|license|licence|\btin\b|tax id)/,
  // Version, section and OID talk, or a three-part version number, shortly before a dotted quad.
  version_near: /(?:version|\bver\b|upgrad|releas|build|firmware|\bv\d|\boid\b|identifier|object|\bsnmp|\basn\.?1|section|\bsec\.|§|chapter|clause|paragraph|article|\bstep|\bitem|\brfc\b|[~=<>!]=\s*$)|(?<![\d.])\d{1,4}\.\d{1,4}\.\d{1,4}(?![\d.])/,
  version: /(?:version|\bver\.?|release|build|firmware|\bv)[\s:=]*$/,
  money: /(?:[$€£¥₹]|usd|eur|gbp|chf|inr|jpy|price|total|amount)[\s:]*$/,
};

/** Lower-cased text just before `start`, where context words are looked for. */
export function textBefore(text: string, start: number, window = CONTEXT_WINDOW): string {
  return text.slice(Math.max(0, start - window), start).toLowerCase();
}

export function hasContext(before: string, topic: ContextTopic): boolean {
  return WORDS[topic].test(before);
}
