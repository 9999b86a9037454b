/** Module hook: the bare specifier `electron` resolves to the fake module; everything else as usual. */
type Resolve = (specifier: string, context: object) => Promise<{ url: string; shortCircuit?: boolean }>;

export async function resolve(specifier: string, context: object, next: Resolve) {
  if (specifier === 'electron') {
    return { url: new URL('./fake-electron-module.ts', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
