// The model catalogue: the checked-in default (default-models.json) merged by key with the operator's
// MODELS_FILE, validated once at start. Renders name models by key; this says what a key means.
import { readFileSync } from "node:fs";
import defaults from "./default-models.json";
import { isRetired, parseModelEntry, type ModelEntry } from "./model-entry";

export interface ModelCatalogue {
  readonly all: readonly ModelEntry[];
  find(key: string): ModelEntry | undefined;
}

function entriesOf(document: unknown, where: string): ModelEntry[] {
  const list = Array.isArray(document) ? document : (document as { models?: unknown } | null)?.models;
  if (!Array.isArray(list)) throw new Error(`${where}: expected {"models": [...]} or a list of models`);
  return list.map((raw, index) => parseModelEntry(raw, `${where} model ${index + 1}`));
}

/**
 * Entries in `file` replace the default with the same key or add to it (to withdraw a default, list
 * it with "enabled": false). Throws with a message naming the file, entry and field.
 */
export function loadModelCatalogue(file: string | undefined, knownProviders: ReadonlySet<string>): ModelCatalogue {
  const byKey = new Map<string, ModelEntry>();
  for (const entry of entriesOf(defaults, "default-models.json")) byKey.set(entry.key, entry);
  if (file) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`${file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const entry of entriesOf(document, file)) byKey.set(entry.key, entry);
  }
  for (const entry of byKey.values()) {
    if (!knownProviders.has(entry.provider)) {
      throw new Error(`model "${entry.key}": no provider "${entry.provider}" (known: ${[...knownProviders].join(", ")})`);
    }
    if (entry.replaced_by && !byKey.has(entry.replaced_by)) throw new Error(`model "${entry.key}": replaced_by "${entry.replaced_by}" is not in the catalogue`);
  }
  rememberModels(byKey.values());
  const all = [...byKey.values()];
  return { all, find: (key) => byKey.get(key) };
}

// Views label renders by key without a Config at hand; every loaded catalogue teaches this memo what
// its keys mean (a key means one model in every catalogue, so the latest entry wins harmlessly).
const known = new Map<string, ModelEntry>();

function rememberModels(entries: Iterable<ModelEntry>): void {
  for (const entry of entries) known.set(entry.key, entry);
}

/** Every model any loaded catalogue has named, retired ones included (old renders keep their keys). */
export function knownModels(): ModelEntry[] {
  return [...known.values()];
}

/** A readable name for any key, including ones no longer offered (old renders keep their key). */
export function modelLabel(key: string): string {
  return known.get(key)?.label ?? key;
}

/** True when the model this key names has been shut down by its provider. */
export function isRetiredModel(key: string, now = Date.now()): boolean {
  const entry = known.get(key);
  return entry !== undefined && isRetired(entry, now);
}

rememberModels(entriesOf(defaults, "default-models.json"));
