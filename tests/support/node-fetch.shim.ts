/**
 * node-fetch 3 is an ES module, and jest's CommonJS runtime cannot `require` one (Node ≥ 20.19
 * can, which is how the server loads it). @citation-js/core requires it only to fetch URLs given
 * as input, which Stacks never gives; Node's own fetch stands in so the suites can load it.
 */
export default globalThis.fetch;
export const Headers = globalThis.Headers;
