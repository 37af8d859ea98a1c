// A style's ten named colours, and the transforms that shift a whole palette at once.
import { mixHex } from "./colour";

export interface Palette {
  skyTop: string;
  skyBottom: string;
  sun: string;
  far: string;
  near: string;
  ground: string;
  main: string;
  accent: string;
  ink: string;
  paper: string;
}

const PALETTE_ORDER = ["skyTop", "skyBottom", "sun", "far", "near", "ground", "main", "accent", "ink", "paper"] as const;

function paletteFrom(colourFor: (key: keyof Palette, index: number) => string): Palette {
  return Object.fromEntries(PALETTE_ORDER.map((key, i) => [key, colourFor(key, i)])) as unknown as Palette;
}

/** Ten hex colours in PALETTE_ORDER, space separated, keeps the recipe table readable. */
export function paletteOf(colours: string): Palette {
  const list = colours.trim().split(/\s+/);
  if (list.length !== PALETTE_ORDER.length) throw new Error(`Palette needs ${PALETTE_ORDER.length} colours: ${colours}`);
  return paletteFrom((_, i) => list[i]!);
}

export function mapPalette(palette: Palette, change: (colour: string) => string): Palette {
  return paletteFrom((key) => change(palette[key]));
}

/** A colour word in the phrase ("red watercolor") pulls the sky a little and the subject a lot towards it. */
export function tintPalette(palette: Palette, tint: string): Palette {
  return {
    ...palette,
    skyTop: mixHex(palette.skyTop, tint, 0.3),
    skyBottom: mixHex(palette.skyBottom, tint, 0.15),
    main: mixHex(palette.main, tint, 0.65),
    accent: mixHex(palette.accent, tint, 0.35),
  };
}
