// A backend's Capabilities written as the list of what it supports (everything unlisted is
// false), so each backend states its features in one line instead of five booleans.

import type { Capabilities } from "../backend.js";

/** One thing a backend may or may not express. */
export type Feature = keyof Capabilities;

/** Every feature, for backends that express all of C (the probe, cffi). */
export const ALL_FEATURES: readonly Feature[] = ["variadicFunctions", "bitfields", "unionsByValue", "callbacks", "inlineFunctions"];

/** Capabilities with exactly `features` supported. */
export function supporting(...features: readonly Feature[]): Capabilities {
  const has = (f: Feature): boolean => features.includes(f);
  return {
    variadicFunctions: has("variadicFunctions"),
    bitfields: has("bitfields"),
    unionsByValue: has("unionsByValue"),
    callbacks: has("callbacks"),
    inlineFunctions: has("inlineFunctions"),
  };
}
