// How measured style strength and "more like this" appear on the style page, style cards and a render's page.
import { modelLabel } from "../../generation/models/catalogue";
import { RenderGrid } from "../../ui/render-card";
import type { RenderJson } from "./model";
import { strengthSentence, type ModelStrength, type StrengthLevel } from "./style-strength";

const LEVEL_LABEL = {
  strong: "Strong",
  moderate: "Moderate",
  weak: "Weak",
  none: "No visible effect",
} as const satisfies Record<StrengthLevel, string>;

function promptSpan(strengths: ModelStrength[]): string {
  const counts = strengths.map((entry) => entry.prompts);
  const [least, most] = [Math.min(...counts), Math.max(...counts)];
  return least === most ? `${least} prompts` : `${least}–${most} prompts`;
}

/** The style page's panel: one sentence, then a bar per model with its score and how consistent the change is. */
export function StyleStrengthPanel({ strengths }: { strengths: ModelStrength[] }): JSX.Element {
  return (
    <section aria-labelledby="strength-heading" class="mb-6 rounded-xl border border-white/10 p-4" data-style-strength>
      <h2 id="strength-heading" class="text-sm font-semibold uppercase tracking-wider text-neutral-400">
        Measured strength
      </h2>
      {strengths.length === 0 ? (
        <p class="mt-2 text-sm text-neutral-400">
          Not measured yet: it takes renders of at least two prompts beside the same prompts drawn with no style.
        </p>
      ) : (
        <>
          <p class="mt-2 font-medium text-neutral-100" data-strength-sentence safe>
            {strengthSentence(strengths)}
          </p>
          <ul class="mt-3 space-y-2 text-sm">
            {strengths.map((entry) => (
              <li class="grid grid-cols-[6rem_1fr_auto] items-center gap-3 sm:grid-cols-[8rem_1fr_10rem]" data-strength-model={entry.modelKey} data-strength-level={entry.level}>
                <span class="truncate text-neutral-300" safe>
                  {modelLabel(entry.modelKey)}
                </span>
                {/* A meter, not a sized bar: the page's CSP allows no inline styles. */}
                <meter class="h-2 w-full" min="0" max="100" value={String(entry.score)} aria-label={`${LEVEL_LABEL[entry.level]}: ${entry.score} of 100`}>
                  {entry.score} of 100
                </meter>
                <span class="text-neutral-300">
                  {LEVEL_LABEL[entry.level]} · {entry.score}
                </span>
              </li>
            ))}
          </ul>
          <p class="mt-3 text-xs text-neutral-400" safe>
            How far the phrase moves colour, edges and texture from the same prompts drawn with no style, counting only the change
            that agrees from prompt to prompt ({promptSpan(strengths)} per model).
          </p>
        </>
      )}
    </section>
  );
}

/** A style card's one line: "Strong on Local Paint, weak on Local Sketch". */
export function StrengthLine({ strengths }: { strengths: ModelStrength[] | undefined }): JSX.Element {
  if (!strengths || strengths.length === 0) return "";
  return (
    <p class="px-0.5 text-xs text-amber-200/80" data-card-strength safe>
      {strengthSentence(strengths)}
    </p>
  );
}

export function MoreLikeThis({ renders }: { renders: RenderJson[] }): JSX.Element {
  if (renders.length === 0) return "";
  return (
    <section aria-labelledby="similar-heading" class="mt-12" data-more-like-this>
      <h2 id="similar-heading" class="mb-1 text-lg font-semibold tracking-tight">
        More like this
      </h2>
      <p class="mb-4 text-sm text-neutral-400">Nearest in colour, edges and texture among the gallery’s public renders.</p>
      <RenderGrid renders={renders} />
    </section>
  );
}
