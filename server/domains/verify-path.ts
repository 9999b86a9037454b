/**
 * The path of the HTTP domain check. Its own module with no imports: the verifier (server/domains) and
 * the route that answers it (server/routes) both need it, and importing one from the other closed an
 * import cycle through AppContext.
 */
export const VERIFY_PATH = '/.well-known/traydrop-verify/';
