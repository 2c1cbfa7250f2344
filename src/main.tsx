/**
 * The page's entry: first takes out of the address bar what tfjs must not read (src/state/link/query-guard.ts),
 * then loads the app. The app comes through a dynamic import so that nothing that imports tfjs runs before
 * the guard, whatever order the bundler gives the chunks.
 */
import { guardAddressBar } from './state/link/query-guard';

const problems = guardAddressBar();
void import('./start').then(({ start }) => start(problems));
