/** Pages without a file: not found, expired, limit reached, unknown host, the password form. */
import { esc } from '../html.ts';
import { page } from './layout.ts';

export interface StatusPage {
  status: number;
  icon: string;
  title: string;
  message: string;
}

export const NOT_FOUND: StatusPage = { status: 404, icon: '🔍', title: 'No such link', message: 'Check the address.' };
export const EXPIRED: StatusPage = {
  status: 410,
  icon: '⌛',
  title: 'This link has expired',
  message: 'The file is no longer available.',
};
export const GONE: StatusPage = {
  status: 410,
  icon: '🗑️',
  title: 'This file is no longer available',
  message: 'It may have been deleted.',
};
export const LIMIT_REACHED: StatusPage = {
  status: 410,
  icon: '⛔',
  title: 'Download limit reached',
  message: 'This link allowed a fixed number of downloads, and they have all been used.',
};

export function statusPage(s: StatusPage, nonce: string): string {
  return page(
    { title: s.title, nonce, robots: 'noindex' },
    `<div class="card center"><div class="icon" aria-hidden="true">${s.icon}</div>
<h1>${esc(s.title)}</h1><p>${esc(s.message)}</p></div>`,
  );
}

export function tooManyAttempts(retryAfterSeconds: number): StatusPage {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return {
    status: 429,
    icon: '⏳',
    title: 'Too many wrong passwords',
    message: `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  };
}

export function passwordPage(name: string, action: string, wrong: boolean, nonce: string): string {
  return page(
    { title: 'Password required', nonce, robots: 'noindex' },
    `<div class="card center"><div class="icon" aria-hidden="true">🔒</div>
<h1>${esc(name)}</h1><p>This file is protected by a password.</p>
<form method="post" action="${esc(action)}">
<input type="password" name="password" autocomplete="current-password" aria-label="Password" placeholder="Password" required autofocus>
<button class="btn primary" type="submit">Open</button></form>
${wrong ? '<p class="error" role="alert">Wrong password. Try again.</p>' : ''}</div>`,
  );
}
