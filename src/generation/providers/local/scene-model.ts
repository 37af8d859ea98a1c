// What a prompt is planned into: subject, setting, time, weather and placement, shared by every style.
import type { TableItem } from "./prompt-nouns";

export type TimeOfDay = "day" | "sunset" | "night";
export type Setting = "meadow" | "sea" | "city" | "forest" | "desert" | "snow" | "space";
export type SubjectKind =
  | "fox" | "cat" | "owl" | "robot" | "astronaut" | "lighthouse" | "mountain" | "city" | "tree" | "ship"
  | "house" | "castle" | "whale" | "flower" | "balloon" | "car" | "planet" | "person" | "cup" | "table" | "rabbit" | "bear" | "horse" | "butterfly" | "arch" | "orbs";

export interface Scene {
  subject: SubjectKind;
  /** What stands on the table when the subject is a still life. */
  tableItems: TableItem[];
  setting: Setting;
  time: TimeOfDay;
  weather: "clear" | "rain" | "snow" | "fog";
  /** Trees behind the subject, when the prompt asks for woods in another setting (a snowy forest). */
  woods: boolean;
  /** A potted plant beside the subject ("a robot watering a houseplant"). */
  pottedPlant: boolean;
  /** Horizontal offset of the subject from centre, as a fraction of the canvas. */
  offsetX: number;
  /** Horizon and sun centre, as fractions of the canvas. */
  horizon: number;
  sunX: number;
  sunY: number;
  /** Seeds every random placement in the drawing, so it depends on the prompt alone. */
  seed: number;
}
