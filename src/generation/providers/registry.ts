// The providers this server knows, one record each (types.ts ProviderDefinition); models live in the
// catalogue (../models). Adding a provider: a file default-exporting its record, and one line below.
import localProvider from "./local-provider";
import openaiProvider from "./openai";
import replicateProvider from "./replicate";
import type { EnvReader, ProviderDefinition } from "./types";

const PROVIDERS = new Map<string, ProviderDefinition>();

/** Adds a provider record; a second record for the same prefix is a programming error. */
export function registerProvider<S extends object>(definition: ProviderDefinition<S>): void {
  if (PROVIDERS.has(definition.prefix)) throw new Error(`provider "${definition.prefix}" is registered twice`);
  PROVIDERS.set(definition.prefix, definition as unknown as ProviderDefinition);
}

registerProvider(openaiProvider);
registerProvider(replicateProvider);
registerProvider(localProvider);

export function findProvider(prefix: string): ProviderDefinition | undefined {
  return PROVIDERS.get(prefix);
}

export function providerPrefixes(): ReadonlySet<string> {
  return new Set(PROVIDERS.keys());
}

/** Each provider's settings from the environment (null: not configured); what Config carries. */
export function configureProviders(env: EnvReader): Record<string, object | null> {
  return Object.fromEntries([...PROVIDERS.values()].map((provider) => [provider.prefix, provider.configure(env)]));
}
