/**
 * What a secret looks like in a line of OCR'd text: one pattern per kind, each with an extra check where a
 * pattern alone would propose too much (a Luhn check for card numbers, a real parse for IPv6, a digit count
 * for phone numbers, a mix of letters and digits for tokens). Pure functions over strings.
 */
import ipaddr from 'ipaddr.js';

export type SecretKind =
  | 'private-key'
  | 'url-credentials'
  | 'jwt'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'email'
  | 'card'
  | 'ipv4'
  | 'ipv6'
  | 'phone'
  | 'hex-token'
  | 'base64-token'
  | 'assigned-secret';

export interface SecretPattern {
  kind: SecretKind;
  /** Global regular expression run over one line. */
  pattern: RegExp;
  /** Further check on a match (the text of the match). */
  accept?: (match: string) => boolean;
}

/** The Luhn checksum of the digits in `text`. */
export function luhnValid(text: string): boolean {
  const digits = text.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** GitHub, Slack and Stripe tokens start so. */
const VENDOR_PREFIX = /^(?:gh[pousr]_|github_pat_|xox[abprs]-|[spr]k_(?:live|test)_)/;

const digitCount = (s: string): number => s.replace(/\D/g, '').length;
const mixed = (s: string): boolean => /[0-9]/.test(s) && /[A-Za-z]/.test(s);

/** In priority order: where two matches overlap, the earlier kind wins. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'private-key', pattern: /-*\s?BEGIN [A-Z ]*PRIVATE KEY\s?-*/g },
  // user:password after the scheme (not host:port); OCR may read the @ as a letter, so it is not required
  { kind: 'url-credentials', pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s/:@]+:(?!\d+(?![^\s/]))[^\s/]+\S*/gi },
  // the header is read well ("eyJ" is '{"'); OCR often mangles the rest, so any text up to a space follows
  { kind: 'jwt', pattern: /\beyJ\S{16,}\.\S{8,}/g },
  // the prefix is specific enough to allow OCR a few misread characters at the end
  {
    kind: 'aws-access-key',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{12,16}\S{0,4}/g,
  },
  {
    kind: 'aws-secret-key',
    pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    accept: (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s),
  },
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    kind: 'card',
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    accept: (s) => digitCount(s) >= 13 && digitCount(s) <= 19 && luhnValid(s),
  },
  {
    kind: 'ipv4',
    pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b(?![.\d])/g,
  },
  {
    kind: 'ipv6',
    pattern: /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])/g,
    accept: (s) => ipaddr.IPv6.isValid(s) && /[0-9A-Fa-f]/.test(s),
  },
  {
    kind: 'phone',
    pattern: /(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w.])/g,
    accept: (s) =>
      digitCount(s) >= 9 &&
      digitCount(s) <= 15 &&
      !/^\d{4}-\d{2}-\d{2}$/.test(s) &&
      (/^\+|\(/.test(s) || /[ .-]/.test(s)),
  },
  {
    // OCR reads 1 as l or I and 0 as O in hex: up to a tenth of such letters are allowed
    kind: 'hex-token',
    pattern: /(?<![A-Za-z0-9+/_-])[0-9a-fA-FlIO]{32,}(?![A-Za-z0-9+/_-])/g,
    accept: (s) => /[0-9]/.test(s) && s.replace(/[0-9a-fA-F]/g, '').length <= s.length / 10,
  },
  {
    kind: 'base64-token',
    pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_-])/g,
    // short ones must mix cases and digits (not a long word); from 32 characters, letters and two digits do
    accept: (s) =>
      VENDOR_PREFIX.test(s) ||
      (mixed(s) && digitCount(s) >= 2 && (s.length >= 32 || (/[A-Z]/.test(s) && /[a-z]/.test(s)))),
  },
  {
    // whatever is assigned to something named a secret, a token, a password or an API key
    kind: 'assigned-secret',
    pattern: /(?<=(?:secret|token|password|passwd|pwd|api[_ -]?key)[\w ]{0,24}?[:=]\s?)[^\s"']{8,}/gi,
    accept: (s) => /[A-Za-z]/.test(s),
  },
];
