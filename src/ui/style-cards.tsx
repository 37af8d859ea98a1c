// Style preview cards: each style's cover thumbnail, its name, how many renders it has and its measured strength.
import type { StyleCard } from "../features/gallery/service";
import { StrengthLine } from "../features/gallery/strength-views";
import { RenderThumb } from "./render-card";

const CARD_SIZES = "(min-width: 1280px) 240px, (min-width: 1024px) 20vw, (min-width: 640px) 33vw, 50vw";

export function StyleCards({ cards, label }: { cards: StyleCard[]; label: string }): JSX.Element {
  return (
    <ul aria-label={label} class="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5" data-style-cards>
      {cards.map((card) => (
        <li>
          <a
            href={`/style/${encodeURIComponent(card.slug)}`}
            class="group block rounded-xl focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300"
          >
            {card.cover ? (
              <RenderThumb render={card.cover} sizes={CARD_SIZES} />
            ) : (
              <div class="aspect-square rounded-lg bg-neutral-800"></div>
            )}
            <p class="mt-2 truncate px-0.5 font-medium text-neutral-100" safe>
              {card.phrase}
            </p>
            <p class="px-0.5 text-xs text-neutral-400">
              {card.count} {card.count === 1 ? "render" : "renders"}
            </p>
            <StrengthLine strengths={card.strengths} />
          </a>
        </li>
      ))}
    </ul>
  );
}
