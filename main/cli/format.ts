export function formatExpiry(expiresAt: string | null): string {
  return expiresAt === null
    ? 'never expires'
    : `expires ${expiresAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')}`;
}
