/** What the PII scanners hand to the detector before it becomes a finding. */
export interface PiiHit {
  /** `email`, `phone`, `payment_card`, `iban`, `us_ssn`, `ip_address`, `ip_address.private`, `national_id.<type>`. */
  kind: string;
  score: number;
  start: number;
  end: number;
  /** Masked: never the whole value. */
  evidence: string;
}

/** Which kinds the caller wants; checked before the costly validators run. */
export type KindFilter = (kind: string) => boolean;
