// Every subject kind's shape, gathered from the family files so a missing kind fails type-checking.
import type { Rng } from "./random";
import type { Scene, SubjectKind } from "./scene-model";
import type { ShapeDrawer, SubjectShape } from "./subject-model";
import { ANIMAL_SHAPES } from "./subjects-animals";
import { BUILDING_SHAPES } from "./subjects-buildings";
import { CREATURE_SHAPES } from "./subjects-creatures";
import { MACHINE_SHAPES } from "./subjects-machines";
import { NATURE_SHAPES } from "./subjects-nature";
import { STILL_LIFE_SHAPES } from "./subjects-still-life";
import { drawTable } from "./subjects-table";

const SHAPES: Record<SubjectKind, ShapeDrawer> = {
  ...CREATURE_SHAPES,
  ...ANIMAL_SHAPES,
  ...BUILDING_SHAPES,
  ...MACHINE_SHAPES,
  ...NATURE_SHAPES,
  ...STILL_LIFE_SHAPES,
  table: (_rng, scene) => drawTable(scene.tableItems),
};

export function drawSubject(scene: Scene, rng: Rng): SubjectShape {
  return SHAPES[scene.subject](rng, scene);
}
